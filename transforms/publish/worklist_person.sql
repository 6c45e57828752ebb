-- worklist_person — 催收工作台人员: one row per collector with open items to act on at the latest month end
-- (mart_dunning): how many, how much, how much at the upper levels and the highest level reached: the
-- /worklist/ page's list of collectors, each linked to the collector's own worklist page.
-- Grain: person_id: every person who is the person of an item of mart_dunning at the latest month end.
-- escalated_*: the items at a level whose responsible role is not the salesperson (the manager, director,
-- finance or legal acts), from dim_dunning_level.role.
-- Sorted by open amount, largest first (then person_id).
CREATE OR REPLACE TABLE worklist_person AS
select d.as_of, d.period_key, d.person_id, p.person_name, p.team_id, p.team_name,
       cast(count(*) as integer) as items, cast(count(distinct d.customer_id) as integer) as customers, cast(sum(d.open_amount) as decimal(18,2)) as open_amount,
       cast(count(*) filter (where d.role <> '业务员') as integer) as escalated_items,
       cast(coalesce(sum(d.open_amount) filter (where d.role <> '业务员'), 0) as decimal(18,2)) as escalated_amount,
       max(d.level) as max_level, arg_max(d.level_name, d.level) as max_level_name,
       '/worklist/' || d.person_id || '/' as link
from mart_dunning d
left join dim_person p on p.person_id = d.person_id
where d.as_of = (select max(as_of) from fct_open_item) and d.person_id is not null
group by all
order by open_amount desc, d.person_id;

COMMENT ON TABLE worklist_person IS '催收工作台人员 / One row per collector with open items to act on at the latest month end (mart_dunning), linked to the collector''s worklist';
COMMENT ON COLUMN worklist_person.as_of IS '月末 / The latest month end';
COMMENT ON COLUMN worklist_person.period_key IS '月份 / Month of as_of';
COMMENT ON COLUMN worklist_person.person_id IS '业务员 / The items'' salesperson';
COMMENT ON COLUMN worklist_person.person_name IS '业务员姓名 / Name';
COMMENT ON COLUMN worklist_person.team_id IS '团队 / The person''s team (dim_person)';
COMMENT ON COLUMN worklist_person.team_name IS '团队名称 / Team name';
COMMENT ON COLUMN worklist_person.items IS '笔数 / Open items to act on';
COMMENT ON COLUMN worklist_person.customers IS '客户数 / Distinct customers of those items';
COMMENT ON COLUMN worklist_person.open_amount IS '未收金额 / Σ open amount of those items';
COMMENT ON COLUMN worklist_person.escalated_items IS '升级笔数 / Items at a level where someone else than the salesperson acts (dim_dunning_level.role)';
COMMENT ON COLUMN worklist_person.escalated_amount IS '升级金额 / Σ open amount of those items';
COMMENT ON COLUMN worklist_person.max_level IS '最高级别 / Highest dunning level among the items';
COMMENT ON COLUMN worklist_person.max_level_name IS '最高级别名称 / Its name';
COMMENT ON COLUMN worklist_person.link IS '工作台 / The person''s /worklist/<person_id>/ page';
