-- worklist_person — 催收工作台人员: one row per collector with open items to act on at the latest month end
-- (mart_dunning): how many, how much, how much at the upper levels and the highest level reached: the
-- /worklist/ page's list of collectors, each linked to the collector's own worklist page.
-- Grain: person_id: every person who is the person of an item of mart_dunning at the latest month end.
-- escalated_*: the items at a level whose responsible role is not the salesperson (the manager, director,
-- finance or legal acts), from dim_dunning_level.role.
-- The collection log (issue 18): contacted_items, the items whose customer was contacted about them or its balance
-- in the month (what a contact-coverage score would count, collection_task.yaml contact_coverage_*);
-- contacts_in_month, the person's contacts of the month; open_promises / open_promise_amount, the promises the
-- person took that are still open (what is left to pay of them); unkept_promise_shortfall, per debt (customer and
-- invoice, or its balance) what the latest of the person's promises not kept in full left unpaid, those whose day
-- fell in the dunning escalation window.
-- Sorted by open amount, largest first (then person_id).
CREATE OR REPLACE TABLE worklist_person AS
with latest as (select getvariable('latest_open_item_as_of') as as_of),
window_days as (select coalesce(max(escalation_broken_promise_days), 90) as days from dim_dunning_level),
item as (
  select d.* from mart_dunning d where d.as_of = getvariable('latest_open_item_as_of') and d.person_id is not null
),
contacted as (
  -- items whose customer was contacted about them or about its balance in the month of the month end
  select distinct i.invoice_id
  from item i
  join fct_collection_contact c
    on c.customer_id = i.customer_id and (c.invoice_id is null or c.invoice_id = i.invoice_id)
   and c.contact_date between date_trunc('month', i.as_of) and i.as_of
),
log as (
  -- the person's own contacts of the month and the promises the person took
  select l.as_of, x.person_id,
         cast((select count(*) from fct_collection_contact c where c.person_id = x.person_id
               and c.contact_date between date_trunc('month', l.as_of) and l.as_of) as integer) as contacts_in_month,
         cast((select count(*) from fct_promise p where p.person_id = x.person_id and p.status = 'open' and p.contact_date <= l.as_of) as integer) as open_promises,
         cast((select coalesce(sum(p.promise_amount - p.paid_amount), 0) from fct_promise p
               where p.person_id = x.person_id and p.status = 'open' and p.contact_date <= l.as_of) as decimal(18,2)) as open_promise_amount,
         cast((select coalesce(sum(u.shortfall), 0) from (
                 -- per debt (customer, invoice or balance) the latest of the person's promises not kept in full
                 select arg_max(p.shortfall, strftime(p.status_date, '%Y%m%d') || p.contact_id) as shortfall from fct_promise p cross join window_days w
                 where p.person_id = x.person_id and p.status in ('broken', 'partly_kept')
                   and p.status_date <= l.as_of and p.status_date > l.as_of - w.days
                 group by p.customer_id, p.invoice_id) u) as decimal(18,2)) as unkept_promise_shortfall
  from (select distinct person_id from item) x cross join latest l
)
select d.as_of, d.period_key, d.person_id, p.person_name, p.team_id, p.team_name,
       cast(count(*) as integer) as items, cast(count(distinct d.customer_id) as integer) as customers, cast(sum(d.open_amount) as decimal(18,2)) as open_amount,
       cast(count(*) filter (where d.role <> '业务员') as integer) as escalated_items,
       cast(coalesce(sum(d.open_amount) filter (where d.role <> '业务员'), 0) as decimal(18,2)) as escalated_amount,
       max(d.level) as max_level, arg_max(d.level_name, d.level) as max_level_name,
       cast(count(c.invoice_id) as integer) as contacted_items,
       any_value(g.contacts_in_month) as contacts_in_month, any_value(g.open_promises) as open_promises,
       any_value(g.open_promise_amount) as open_promise_amount, any_value(g.unkept_promise_shortfall) as unkept_promise_shortfall,
       '/worklist/' || d.person_id || '/' as link
from item d
left join dim_person p on p.person_id = d.person_id
left join contacted c on c.invoice_id = d.invoice_id
left join log g on g.person_id = d.person_id
group by all
order by open_amount desc, d.person_id;
