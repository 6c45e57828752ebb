-- report_over_limit — 超信用额度客户: early warning 2 of the monthly report: at each month end, the customers
-- whose AR (mart_ar_metrics, level customer) exceeds their credit limit (dim_customer.credit_limit; a limit of
-- 0 means no credit, so any balance exceeds it; no limit: never listed).
-- Grain: (period_key, customer_id): one row per customer over its limit at a month end.
-- excess = ar_balance − credit_limit. Sorted by (period_key, excess DESC, customer_id).
CREATE OR REPLACE TABLE report_over_limit AS
select m.period_key, m.unit_id as customer_id, m.unit_name as customer_name, c.customer_type, c.credit_limit,
       m.ar_balance, m.ar_balance - c.credit_limit as excess, m.overdue_amount,
       (select cl.link from customer_latest cl where cl.customer_id = m.unit_id) as link
from mart_ar_metrics m
join dim_customer c on c.customer_id = m.unit_id
where m.grain = 'month' and m.level = 'customer' and c.credit_limit is not null and m.ar_balance > c.credit_limit
order by m.period_key, excess desc, m.unit_id;

COMMENT ON TABLE report_over_limit IS '超信用额度客户 / Customers whose AR exceeds their credit limit at a month end: the monthly report''s early warning';
COMMENT ON COLUMN report_over_limit.period_key IS '月份 / Month (YYYY-MM)';
COMMENT ON COLUMN report_over_limit.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN report_over_limit.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN report_over_limit.customer_type IS '客户类型 / dim_customer.customer_type';
COMMENT ON COLUMN report_over_limit.credit_limit IS '信用额度 / dim_customer.credit_limit';
COMMENT ON COLUMN report_over_limit.ar_balance IS '应收余额 / mart_ar_metrics.ar_balance at the month end';
COMMENT ON COLUMN report_over_limit.excess IS '超额 / ar_balance − credit_limit (> 0)';
COMMENT ON COLUMN report_over_limit.overdue_amount IS '逾期金额 / mart_ar_metrics.overdue_amount at the month end';
COMMENT ON COLUMN report_over_limit.link IS '链接 / The customer''s page when it has one (customer_latest.link)';
