-- open_item_latest — 最新未清项: fct_open_item at the latest month end only, with the names and Chinese bucket
-- labels the pages show (≈6 k rows instead of ≈150 k): the open items of the unit pages, the early warnings of
-- the home page. customer_link is customer_latest.link (NULL for a customer without a page of its own: pages link
-- a customer only through it, so no page links to a customer page that is not built).
-- Grain: (invoice_id, due_date): one row per item open at the latest month end (an invoice with instalments has
-- one per open line). Sorted by (customer_id, days_overdue DESC, invoice_id, due_date) so a page listing a unit's items needs no ORDER BY
-- (see unit_month_metrics). Past months' open items: fct_open_item.
CREATE OR REPLACE TABLE open_item_latest AS
select
  o.as_of, o.period_key, o.invoice_id, o.customer_id, c.customer_name, cl.link as customer_link, o.person_id, p.person_name,
  o.team_id, t.team_name, o.invoice_date, o.due_date, o.deferred_until, o.amount, o.open_amount,
  o.days_overdue, o.aging_bucket, d.bucket_label as aging_label, o.age_bucket, a.bucket_label as age_label,
  o.age_days
from fct_open_item o
left join dim_customer c using (customer_id)
left join customer_latest cl on cl.customer_id = o.customer_id
left join dim_person p on p.person_id = o.person_id
left join dim_team t on t.team_id = o.team_id
left join dim_aging_bucket d on d.basis = 'due' and d.bucket = o.aging_bucket
left join dim_aging_bucket a on a.basis = 'age' and a.bucket = o.age_bucket
where o.as_of = (select max(as_of) from fct_open_item)
order by o.customer_id, o.days_overdue desc, o.invoice_id, o.due_date;
