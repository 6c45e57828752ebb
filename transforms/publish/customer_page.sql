-- customer_page — 客户页: everything one /customers/<id>/ page shows, in ONE table, so the page needs ONE
-- query (`where customer_id = …`, no join, no ORDER BY).
-- Grain: (customer_id, kind, period_key, invoice_id, due_date): kind 'month' one row per customer and month of
-- mart_ar_metrics (level customer); kind 'item' one row per open item of the customer at the latest month
-- end (fct_open_item: an invoice with instalments has one per open line).
-- Why: the site prerenders ≈2,000 customer pages and every page query is paid once per page in the build.
-- Months come newest first, open items most overdue first. The customer's own fields (dim_customer, its owner
-- and team) are repeated on every row. Sorted by (customer_id, kind, …): a plain filtered scan keeps insertion
-- order (preserve_insertion_order), so the page gets its rows in that order. Every value is the marts' own;
-- nothing is recomputed.
CREATE OR REPLACE TABLE customer_page AS
with customer as (
  select c.customer_id, c.customer_name, c.customer_type, c.credit_limit, c.credit_days, c.region,
         c.owner_id, p.person_name as owner_name, p.team_id as owner_team_id, p.team_name as owner_team_name
  from dim_customer c
  left join dim_person p on p.person_id = c.owner_id
)
select c.*, x.* exclude (customer_id)
from customer c
join (
  select unit_id as customer_id, 'month' as kind, period_key, end_date,
         sales, collections, writeoffs, ar_balance, overdue_amount, overdue_rate, dso, cei, unapplied_amount,
         null::varchar as invoice_id, null::date as invoice_date, null::date as due_date,
         null::date as deferred_until, null::decimal(18, 2) as amount, null::decimal(18, 2) as open_amount,
         null::integer as days_overdue, null::varchar as aging_label, null::varchar as age_label,
         null::varchar as person_id, null::varchar as person_name
  from mart_ar_metrics
  where grain = 'month' and level = 'customer'
  union all
  select o.customer_id, 'item', o.period_key, o.as_of,
         null, null, null, null, null, null, null, null, null,
         o.invoice_id, o.invoice_date, o.due_date, o.deferred_until, o.amount, o.open_amount,
         o.days_overdue, d.bucket_label, a.bucket_label, o.person_id, p.person_name
  from fct_open_item o
  left join dim_person p on p.person_id = o.person_id
  left join dim_aging_bucket d on d.basis = 'due' and d.bucket = o.aging_bucket
  left join dim_aging_bucket a on a.basis = 'age' and a.bucket = o.age_bucket
  where o.as_of = (select max(as_of) from fct_open_item)
) x using (customer_id)
order by c.customer_id, x.kind desc, x.period_key desc, x.days_overdue desc, x.invoice_id, x.due_date;
