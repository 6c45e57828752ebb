-- report_overdue_items — 逾期三个月以上单据: early warning 1 of the monthly report: at each month end, the open
-- items 3 months or more overdue (⌊days_overdue / 30⌋ ≥ 3, i.e. days_overdue ≥ 90: commission withheld,
-- docs/policies.md, 逾期考核) from fct_open_item, with the customer's and the person's names.
-- Grain: (period_key, invoice_id, due_date): one row per open item (an instalment of an invoice with a schedule)
-- at least 90 days overdue at a month end. Sorted by (period_key, open_amount DESC, invoice_id, due_date).
CREATE OR REPLACE TABLE report_overdue_items AS
select o.period_key, o.as_of, o.invoice_id, o.customer_id, c.customer_name, o.person_id, p.person_name,
       o.team_id, o.due_date, o.days_overdue, o.open_amount,
       (select cl.link from customer_latest cl where cl.customer_id = o.customer_id) as customer_link, '/people/' || o.person_id || '/' as person_link
from fct_open_item o
join dim_customer c on c.customer_id = o.customer_id
left join dim_person p on p.person_id = o.person_id
where o.days_overdue >= 90
order by o.period_key, o.open_amount desc, o.invoice_id, o.due_date;
