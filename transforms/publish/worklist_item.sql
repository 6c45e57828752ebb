-- worklist_item — 催收工作台明细: each collector's open items to act on at the latest month end (mart_dunning),
-- highest level first, with the names, the action and who acts: the /worklist/<person_id>/ pages.
-- Grain: (person_id, invoice_id, due_date): the items of mart_dunning (an invoice with instalments has one per open line) at the latest month end whose invoice has a person,
-- at most 200 per person (highest level, then largest open amount first); person_items and person_rest_amount
-- say how many the person has in all and what the unlisted ones add up to, so a page can state it (at 1 M
-- invoices a collector holds ≈ 1,000 open items; a page lists what one can work through).
-- Collection log (issue 18): each item's last contact (the customer's latest contact about this invoice or about its
-- balance, dated on or before the month end), its open promise (the earliest promise of the customer about this
-- invoice or its balance whose day is after the month end and not yet paid in full: fct_promise status 'open'), and
-- what was promised but not paid: the shortfall of the latest promise about it not kept in full whose day fell within
-- the dunning escalation window (dim_dunning_level.escalation_broken_promise_days, 90 days without one); the latest
-- only, as successive promises about one debt would add up to more than was owed.
-- Sorted by (person_id, row_in_person).
CREATE OR REPLACE TABLE worklist_item AS
with latest as (select max(as_of) as as_of from fct_open_item),
item as (
  select d.*,
         cast(row_number() over (partition by d.person_id order by d.level desc, d.open_amount desc, d.invoice_id, d.due_date) as integer) as row_in_person,
         cast(count(*) over (partition by d.person_id) as integer) as person_items,
         sum(d.open_amount) over (partition by d.person_id) as person_amount
  from mart_dunning d
  join latest l on d.as_of = l.as_of
  where d.person_id is not null
),
window_days as (select coalesce(max(escalation_broken_promise_days), 90) as days from dim_dunning_level),
contact as (
  select i.invoice_id, i.due_date, c.contact_date, c.action, c.result, c.person_id,
         row_number() over (partition by i.invoice_id, i.due_date order by c.contact_date desc, c.contact_id desc) as k
  from item i
  join fct_collection_contact c
    on c.customer_id = i.customer_id and (c.invoice_id is null or c.invoice_id = i.invoice_id) and c.contact_date <= i.as_of
  where i.row_in_person <= 200
),
promise as (
  select i.invoice_id, i.due_date,
         min(p.promise_date) filter (where p.status = 'open') as open_promise_date,
         arg_min(p.promise_amount, p.promise_date) filter (where p.status = 'open') as open_promise_amount,
         arg_max(p.shortfall, strftime(p.status_date, '%Y%m%d') || p.contact_id) filter (where p.status in ('broken', 'partly_kept') and p.status_date > i.as_of - w.days) as unkept_promise_shortfall,
         count(*) filter (where p.status in ('broken', 'partly_kept') and p.status_date > i.as_of - w.days) as unkept_promises
  from item i
  cross join window_days w
  join fct_promise p
    on p.customer_id = i.customer_id and (p.invoice_id is null or p.invoice_id = i.invoice_id) and p.contact_date <= i.as_of
  where i.row_in_person <= 200
  group by i.invoice_id, i.due_date
)
select i.as_of, i.period_key, i.person_id, p.person_name, i.team_id, t.team_name, i.invoice_id, i.customer_id,
       c.customer_name, cl.link as customer_link, i.invoice_date, i.due_date, i.deferred_until, i.open_amount,
       i.days_past_due, i.level, i.level_name, i.action, i.role, i.responsible_id, r.person_name as responsible_name,
       i.base_level, i.escalation_reason,
       lc.contact_date as last_contact_date, lc.action as last_contact_action, lc.result as last_contact_result,
       lp.person_name as last_contact_person_name,
       pr.open_promise_date, pr.open_promise_amount,
       cast(coalesce(pr.unkept_promises, 0) as integer) as unkept_promises,
       cast(coalesce(pr.unkept_promise_shortfall, 0) as decimal(18,2)) as unkept_promise_shortfall,
       i.row_in_person, i.person_items,
       cast(i.person_amount - sum(i.open_amount) over (partition by i.person_id) as decimal(18,2)) as person_rest_amount
from item i
left join dim_person p on p.person_id = i.person_id
left join dim_team t on t.team_id = i.team_id
left join dim_customer c on c.customer_id = i.customer_id
left join customer_latest cl on cl.customer_id = i.customer_id
left join dim_person r on r.person_id = i.responsible_id
left join contact lc on lc.invoice_id = i.invoice_id and lc.due_date = i.due_date and lc.k = 1
left join dim_person lp on lp.person_id = lc.person_id
left join promise pr on pr.invoice_id = i.invoice_id and pr.due_date = i.due_date
where i.row_in_person <= 200
order by i.person_id, i.row_in_person;
