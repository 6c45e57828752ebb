-- report_overdue_items — 逾期三个月以上单据: early warning 1 of the monthly report: at each month end, the open
-- items 3 months or more overdue (⌊days_overdue / 30⌋ ≥ 3, i.e. days_overdue ≥ 90: commission withheld,
-- docs/policies.md, 逾期考核) from fct_open_item, with the customer's and the person's names.
-- Grain: (period_key, invoice_id): one row per open item at least 90 days overdue at a month end.
-- Sorted by (period_key, open_amount DESC, invoice_id).
CREATE OR REPLACE TABLE report_overdue_items AS
select o.period_key, o.as_of, o.invoice_id, o.customer_id, c.customer_name, o.person_id, p.person_name,
       o.team_id, o.due_date, o.days_overdue, o.open_amount,
       (select cl.link from customer_latest cl where cl.customer_id = o.customer_id) as customer_link, '/people/' || o.person_id || '/' as person_link
from fct_open_item o
join dim_customer c on c.customer_id = o.customer_id
left join dim_person p on p.person_id = o.person_id
where o.days_overdue >= 90
order by o.period_key, o.open_amount desc, o.invoice_id;

COMMENT ON TABLE report_overdue_items IS '逾期三个月以上单据 / Open items 90 days or more overdue at each month end (commission withheld: docs/policies.md, 逾期考核): the monthly report''s early warning';
COMMENT ON COLUMN report_overdue_items.period_key IS '月份 / Month (YYYY-MM)';
COMMENT ON COLUMN report_overdue_items.as_of IS '截止日 / The month end';
COMMENT ON COLUMN report_overdue_items.invoice_id IS '单据编号 / Invoice';
COMMENT ON COLUMN report_overdue_items.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN report_overdue_items.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN report_overdue_items.person_id IS '业务员 / The invoice''s person';
COMMENT ON COLUMN report_overdue_items.person_name IS '业务员姓名 / The invoice''s person''s name';
COMMENT ON COLUMN report_overdue_items.team_id IS '团队 / The invoice''s team';
COMMENT ON COLUMN report_overdue_items.due_date IS '到期日 / Due date';
COMMENT ON COLUMN report_overdue_items.days_overdue IS '逾期天数 / as_of − due_date (≥ 90)';
COMMENT ON COLUMN report_overdue_items.open_amount IS '未清金额 / fct_open_item.open_amount at the month end';
COMMENT ON COLUMN report_overdue_items.customer_link IS '客户链接 / The customer''s page when it has one (customer_latest.link)';
COMMENT ON COLUMN report_overdue_items.person_link IS '人员链接 / The person''s page: /people/<id>/';
