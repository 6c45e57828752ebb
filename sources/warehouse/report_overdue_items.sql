-- report_overdue_items: early warning 1 of the monthly report: at each month end, the open items 3 months or
-- more overdue (⌊days_overdue / 30⌋ ≥ 3, i.e. days_overdue ≥ 90: commission withheld, SPEC §6.3) from
-- fct_open_item, with the customer's and the person's names. Sorted by (period_key, open_amount DESC).
select o.period_key, o.as_of, o.invoice_id, o.customer_id, c.customer_name, o.person_id, p.person_name,
       o.team_id, o.due_date, o.days_overdue, o.open_amount,
       '/customers/' || o.customer_id || '/' as customer_link, '/people/' || o.person_id || '/' as person_link
from fct_open_item o
join dim_customer c on c.customer_id = o.customer_id
left join dim_person p on p.person_id = o.person_id
where o.days_overdue >= 90
order by o.period_key, o.open_amount desc, o.invoice_id
