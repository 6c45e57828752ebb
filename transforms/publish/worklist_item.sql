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
with latest as (select getvariable('latest_open_item_as_of') as as_of),
item as (
  select d.*,
         cast(row_number() over (partition by d.person_id order by d.level desc, d.open_amount desc, d.invoice_id, d.due_date) as integer) as row_in_person,
         cast(count(*) over (partition by d.person_id) as integer) as person_items,
         sum(d.open_amount) over (partition by d.person_id) as person_amount
  from mart_dunning d
  where d.as_of = getvariable('latest_open_item_as_of') and d.person_id is not null
),
window_days as (select coalesce(max(escalation_broken_promise_days), 90) as days from dim_dunning_level),
listed as (select * from item where row_in_person <= 200),
-- The log is read in two small aggregates, not joined to every listed item: per listed invoice (invoice_id, its
-- customer) and per listed customer's balance (invoice_id NULL), dated on or before the month end (every item here
-- is at the latest one). An item's answer combines its invoice's part and its customer's part. Joining every contact
-- and promise of the customer to each item (≈ 7 M rows at 10 M invoices, sorted for a window) ran out of DuckDB's
-- 4 GB there. Structs compare field by field, so max/min of one picks the latest (earliest) by its first fields.
contact_part as (
  select c.invoice_id, c.customer_id,
         max({'contact_date': c.contact_date, 'contact_id': c.contact_id, 'action': c.action, 'result': c.result,
              'person_id': c.person_id}) as last_contact
  from fct_collection_contact c
  where c.contact_date <= (select as_of from latest)
    and (c.invoice_id in (select invoice_id from listed)
         or (c.invoice_id is null and c.customer_id in (select customer_id from listed)))
  group by c.invoice_id, c.customer_id
),
promise_part as (
  -- open: the earliest promise day (then contact_id); unkept: the latest by status day, then contact_id, within the
  -- escalation window, and how many
  select p.invoice_id, p.customer_id,
         min({'promise_date': p.promise_date, 'contact_id': p.contact_id, 'amount': p.promise_amount})
           filter (where p.status = 'open') as first_open,
         max({'key': strftime(p.status_date, '%Y%m%d') || p.contact_id, 'shortfall': p.shortfall})
           filter (where p.status in ('broken', 'partly_kept') and p.status_date > l.as_of - w.days) as last_unkept,
         count(*) filter (where p.status in ('broken', 'partly_kept') and p.status_date > l.as_of - w.days) as unkept
  from fct_promise p
  cross join latest l
  cross join window_days w
  where p.contact_date <= l.as_of
    and (p.invoice_id in (select invoice_id from listed)
         or (p.invoice_id is null and p.customer_id in (select customer_id from listed)))
  group by p.invoice_id, p.customer_id
),
contact as (
  select i.invoice_id, i.due_date, greatest(ci.last_contact, cc.last_contact) as last_contact
  from listed i
  left join contact_part ci on ci.invoice_id = i.invoice_id and ci.customer_id = i.customer_id
  left join contact_part cc on cc.invoice_id is null and cc.customer_id = i.customer_id
),
promise as (
  select i.invoice_id, i.due_date,
         least(pi.first_open, pc.first_open) as first_open,
         greatest(pi.last_unkept, pc.last_unkept) as last_unkept,
         coalesce(pi.unkept, 0) + coalesce(pc.unkept, 0) as unkept_promises
  from listed i
  left join promise_part pi on pi.invoice_id = i.invoice_id and pi.customer_id = i.customer_id
  left join promise_part pc on pc.invoice_id is null and pc.customer_id = i.customer_id
)
select i.as_of, i.period_key, i.person_id, p.person_name, i.team_id, t.team_name, i.invoice_id, i.customer_id,
       c.customer_name, cl.link as customer_link, i.invoice_date, i.due_date, i.deferred_until, i.open_amount,
       i.days_past_due, i.level, i.level_name, i.action, i.role, i.responsible_id, r.person_name as responsible_name,
       i.base_level, i.escalation_reason,
       lc.last_contact.contact_date as last_contact_date, lc.last_contact.action as last_contact_action,
       lc.last_contact.result as last_contact_result, lp.person_name as last_contact_person_name,
       pr.first_open.promise_date as open_promise_date, pr.first_open.amount as open_promise_amount,
       cast(coalesce(pr.unkept_promises, 0) as integer) as unkept_promises,
       cast(coalesce(pr.last_unkept.shortfall, 0) as decimal(18,2)) as unkept_promise_shortfall,
       i.row_in_person, i.person_items,
       cast(i.person_amount - sum(i.open_amount) over (partition by i.person_id) as decimal(18,2)) as person_rest_amount
from listed i
left join dim_person p on p.person_id = i.person_id
left join dim_team t on t.team_id = i.team_id
left join dim_customer c on c.customer_id = i.customer_id
left join customer_latest cl on cl.customer_id = i.customer_id
left join dim_person r on r.person_id = i.responsible_id
left join contact lc on lc.invoice_id = i.invoice_id and lc.due_date = i.due_date
left join dim_person lp on lp.person_id = lc.last_contact.person_id
left join promise pr on pr.invoice_id = i.invoice_id and pr.due_date = i.due_date
order by i.person_id, i.row_in_person;
