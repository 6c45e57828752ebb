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
