-- worklist_item — 催收工作台明细: each collector's open items to act on at the latest month end (mart_dunning),
-- highest level first, with the names, the action and who acts: the /worklist/<person_id>/ pages.
-- Grain: (person_id, invoice_id): the items of mart_dunning at the latest month end whose invoice has a person,
-- at most 200 per person (highest level, then largest open amount first); person_items and person_rest_amount
-- say how many the person has in all and what the unlisted ones add up to, so a page can state it (at 1 M
-- invoices a collector holds ≈ 1,000 open items; a page lists what one can work through).
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
)
select i.as_of, i.period_key, i.person_id, p.person_name, i.team_id, t.team_name, i.invoice_id, i.customer_id,
       c.customer_name, cl.link as customer_link, i.invoice_date, i.due_date, i.deferred_until, i.open_amount,
       i.days_past_due, i.level, i.level_name, i.action, i.role, i.responsible_id, r.person_name as responsible_name,
       i.row_in_person, i.person_items,
       cast(i.person_amount - sum(i.open_amount) over (partition by i.person_id) as decimal(18,2)) as person_rest_amount
from item i
left join dim_person p on p.person_id = i.person_id
left join dim_team t on t.team_id = i.team_id
left join dim_customer c on c.customer_id = i.customer_id
left join customer_latest cl on cl.customer_id = i.customer_id
left join dim_person r on r.person_id = i.responsible_id
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
COMMENT ON COLUMN worklist_item.row_in_person IS '序号 / Position in the person''s list: highest level, then largest open amount first';
COMMENT ON COLUMN worklist_item.person_items IS '笔数 / The person''s items in mart_dunning at the month end, listed or not';
COMMENT ON COLUMN worklist_item.person_rest_amount IS '未列出金额 / Open amount of the person''s items beyond the 200 listed (0 when all are listed)';
