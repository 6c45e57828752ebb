-- worklist_item — 催收工作台明细: each collector's open items to act on at the latest month end (mart_dunning),
-- highest level first, with the names, the action and who acts: the /worklist/<person_id>/ pages.
-- Grain: (person_id, invoice_id): the items of mart_dunning at the latest month end whose invoice has a person,
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
         cast(row_number() over (partition by d.person_id order by d.level desc, d.open_amount desc, d.invoice_id) as integer) as row_in_person,
         cast(count(*) over (partition by d.person_id) as integer) as person_items,
         sum(d.open_amount) over (partition by d.person_id) as person_amount
  from mart_dunning d
  join latest l on d.as_of = l.as_of
  where d.person_id is not null
),
window_days as (select coalesce(max(escalation_broken_promise_days), 90) as days from dim_dunning_level),
contact as (
  select i.invoice_id, c.contact_date, c.action, c.result, c.person_id,
         row_number() over (partition by i.invoice_id order by c.contact_date desc, c.contact_id desc) as k
  from item i
  join fct_collection_contact c
    on c.customer_id = i.customer_id and (c.invoice_id is null or c.invoice_id = i.invoice_id) and c.contact_date <= i.as_of
  where i.row_in_person <= 200
),
promise as (
  select i.invoice_id,
         min(p.promise_date) filter (where p.status = 'open') as open_promise_date,
         arg_min(p.promise_amount, p.promise_date) filter (where p.status = 'open') as open_promise_amount,
         arg_max(p.shortfall, strftime(p.status_date, '%Y%m%d') || p.contact_id) filter (where p.status in ('broken', 'partly_kept') and p.status_date > i.as_of - w.days) as unkept_promise_shortfall,
         count(*) filter (where p.status in ('broken', 'partly_kept') and p.status_date > i.as_of - w.days) as unkept_promises
  from item i
  cross join window_days w
  join fct_promise p
    on p.customer_id = i.customer_id and (p.invoice_id is null or p.invoice_id = i.invoice_id) and p.contact_date <= i.as_of
  where i.row_in_person <= 200
  group by i.invoice_id
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
left join contact lc on lc.invoice_id = i.invoice_id and lc.k = 1
left join dim_person lp on lp.person_id = lc.person_id
left join promise pr on pr.invoice_id = i.invoice_id
where i.row_in_person <= 200
order by i.person_id, i.row_in_person;

COMMENT ON TABLE worklist_item IS '催收工作台明细 / Each collector''s open items to act on at the latest month end (mart_dunning), at most 200 per person, highest level first';
COMMENT ON COLUMN worklist_item.as_of IS '月末 / The latest month end';
COMMENT ON COLUMN worklist_item.period_key IS '月份 / Month of as_of';
COMMENT ON COLUMN worklist_item.person_id IS '业务员 / The invoice''s salesperson: whose worklist';
COMMENT ON COLUMN worklist_item.person_name IS '业务员姓名 / Name';
COMMENT ON COLUMN worklist_item.team_id IS '团队 / The invoice''s team';
COMMENT ON COLUMN worklist_item.team_name IS '团队名称 / Team name';
COMMENT ON COLUMN worklist_item.invoice_id IS '单据号 / Invoice';
COMMENT ON COLUMN worklist_item.customer_id IS '客户编码 / Customer';
COMMENT ON COLUMN worklist_item.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN worklist_item.customer_link IS '客户页面 / customer_latest.link: the customer''s page, NULL when it has none';
COMMENT ON COLUMN worklist_item.invoice_date IS '开票日期 / Invoice date';
COMMENT ON COLUMN worklist_item.due_date IS '到期日 / Due date';
COMMENT ON COLUMN worklist_item.deferred_until IS '特批延期至 / End of a 特批 deferral, if any';
COMMENT ON COLUMN worklist_item.open_amount IS '未收金额 / Open amount at the month end';
COMMENT ON COLUMN worklist_item.days_past_due IS '逾期天数 / mart_dunning.days_past_due (negative: days before the due date)';
COMMENT ON COLUMN worklist_item.level IS '催收级别 / mart_dunning.level';
COMMENT ON COLUMN worklist_item.level_name IS '级别名称 / mart_dunning.level_name';
COMMENT ON COLUMN worklist_item.action IS '催收动作 / mart_dunning.action';
COMMENT ON COLUMN worklist_item.role IS '负责人 / mart_dunning.role';
COMMENT ON COLUMN worklist_item.responsible_id IS '负责人员 / mart_dunning.responsible_id';
COMMENT ON COLUMN worklist_item.responsible_name IS '负责人员姓名 / Name of responsible_id';
COMMENT ON COLUMN worklist_item.base_level IS '基本级别 / mart_dunning.base_level: the level by days and amount, before escalation';
COMMENT ON COLUMN worklist_item.escalation_reason IS '升级原因 / mart_dunning.escalation_reason: promises not kept, 黑名单客户; NULL when not raised';
COMMENT ON COLUMN worklist_item.last_contact_date IS '最近联系 / Day of the customer''s latest contact about this invoice or its balance, on or before the month end (fct_collection_contact)';
COMMENT ON COLUMN worklist_item.last_contact_action IS '联系方式 / How that contact was made';
COMMENT ON COLUMN worklist_item.last_contact_result IS '联系结果 / What the customer said';
COMMENT ON COLUMN worklist_item.last_contact_person_name IS '联系人 / Who made it';
COMMENT ON COLUMN worklist_item.open_promise_date IS '承诺付款日 / The earliest open promise (day after the month end, not yet paid in full) about this invoice or the balance';
COMMENT ON COLUMN worklist_item.open_promise_amount IS '承诺金额 / Amount of that promise';
COMMENT ON COLUMN worklist_item.unkept_promises IS '未兑现承诺 / Promises about this invoice or the balance not kept in full whose day fell in the escalation window';
COMMENT ON COLUMN worklist_item.unkept_promise_shortfall IS '承诺未付金额 / What the latest of those promises left unpaid (its fct_promise.shortfall)';
COMMENT ON COLUMN worklist_item.row_in_person IS '序号 / Position in the person''s list: highest level, then largest open amount first';
COMMENT ON COLUMN worklist_item.person_items IS '笔数 / The person''s items in mart_dunning at the month end, listed or not';
COMMENT ON COLUMN worklist_item.person_rest_amount IS '未列出金额 / Open amount of the person''s items beyond the 200 listed (0 when all are listed)';
