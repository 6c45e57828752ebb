-- customer_search — 客户查找: the /customers/ index's search, re-queried in the browser as the user types, so
-- shipped to the browser whole: only what the index lists, one row per customer (20,000 customers with every
-- column of customer_latest were 4.4 MB to download; these columns ≈ 1.8 MB, the repeated texts written once
-- each as an Arrow dictionary). Credit terms, the latest month's flows and the rate are on the customer's page.
-- Grain: customer_id: every customer of customer_latest, with its latest month-end balance (NULL without a row).
-- Sorted by AR balance, largest first (then customer_id), as customer_latest.
CREATE OR REPLACE TABLE customer_search AS
select customer_id, customer_name, customer_type, region, owner_name, owner_team_name,
       ar_balance, overdue_amount, link
from customer_latest
order by ar_balance desc nulls last, customer_id;

COMMENT ON TABLE customer_search IS '客户查找 / The customer index''s search: every customer with what the index lists (customer_latest''s columns), shipped to the browser';
COMMENT ON COLUMN customer_search.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN customer_search.customer_name IS '客户名称 / customer_latest.customer_name';
COMMENT ON COLUMN customer_search.customer_type IS '客户类型 / customer_latest.customer_type';
COMMENT ON COLUMN customer_search.region IS '区域 / customer_latest.region';
COMMENT ON COLUMN customer_search.owner_name IS '业务员姓名 / customer_latest.owner_name';
COMMENT ON COLUMN customer_search.owner_team_name IS '团队名称 / customer_latest.owner_team_name';
COMMENT ON COLUMN customer_search.ar_balance IS '应收余额 / customer_latest.ar_balance: at the latest month end';
COMMENT ON COLUMN customer_search.overdue_amount IS '逾期金额 / customer_latest.overdue_amount: at the latest month end';
COMMENT ON COLUMN customer_search.link IS '链接 / customer_latest.link: the customer''s page when it has one, NULL otherwise';
