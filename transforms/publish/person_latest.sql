-- person_latest — 人员一览: one row per person with the latest month-end metrics (mart_ar_metrics, level person)
-- and the month's 回款任务考核 place (mart_league, collection_task: rank, team_rank, grade): the /people/ index
-- and the members table of team pages (≈150 rows; the index re-queries it in the browser).
-- Grain: person_id: every person of dim_person, metrics and place NULL when absent in the latest month.
-- Sorted by (team_id, team_rank, person_id).
CREATE OR REPLACE TABLE person_latest AS
with latest as (select max(period_key) as period_key from dim_period where grain = 'month')
select p.person_id, p.person_name, p.role, p.team_id, p.team_name, p.manager_id, p.region,
       m.period_key, m.end_date, m.ar_balance, m.overdue_amount, m.overdue_rate, m.collections,
       m.collection_target, m.collection_rate_target, m.dso,
       l.rank, l.team_rank, l.grade, l.total_score, '/people/' || p.person_id || '/' as link
from dim_person p
cross join latest x
left join mart_ar_metrics m
  on m.grain = 'month' and m.level = 'person' and m.unit_id = p.person_id and m.period_key = x.period_key
left join mart_league l
  on l.policy = 'collection_task' and l.level = 'person' and l.unit_id = p.person_id and l.period_key = x.period_key
order by p.team_id, l.team_rank nulls last, p.person_id;

COMMENT ON TABLE person_latest IS '人员一览 / Every person with the metrics and the collection-task place of the latest month: the people index and the team pages';
COMMENT ON COLUMN person_latest.person_id IS '人员编码 / Person id';
COMMENT ON COLUMN person_latest.person_name IS '姓名 / dim_person.person_name';
COMMENT ON COLUMN person_latest.role IS '岗位 / dim_person.role';
COMMENT ON COLUMN person_latest.team_id IS '团队编码 / dim_person.team_id';
COMMENT ON COLUMN person_latest.team_name IS '团队名称 / dim_person.team_name';
COMMENT ON COLUMN person_latest.manager_id IS '上级 / dim_person.manager_id';
COMMENT ON COLUMN person_latest.region IS '区域 / dim_person.region';
COMMENT ON COLUMN person_latest.period_key IS '月份 / The latest month (YYYY-MM); NULL when the person has no row in it';
COMMENT ON COLUMN person_latest.end_date IS '月末 / Last day of that month';
COMMENT ON COLUMN person_latest.ar_balance IS '应收余额 / mart_ar_metrics.ar_balance at the latest month end';
COMMENT ON COLUMN person_latest.overdue_amount IS '逾期金额 / mart_ar_metrics.overdue_amount at the latest month end';
COMMENT ON COLUMN person_latest.overdue_rate IS '逾期率 / mart_ar_metrics.overdue_rate: overdue_amount / ar_balance';
COMMENT ON COLUMN person_latest.collections IS '回款额 / mart_ar_metrics.collections of the latest month';
COMMENT ON COLUMN person_latest.collection_target IS '回款任务 / mart_ar_metrics.collection_target of the latest month';
COMMENT ON COLUMN person_latest.collection_rate_target IS '回款率(任务) / mart_ar_metrics.collection_rate_target: collections / collection_target';
COMMENT ON COLUMN person_latest.dso IS 'DSO / mart_ar_metrics.dso at the latest month end';
COMMENT ON COLUMN person_latest.rank IS '排名 / mart_league.rank under collection_task (回款任务考核) in the latest month';
COMMENT ON COLUMN person_latest.team_rank IS '团队内排名 / mart_league.team_rank under collection_task';
COMMENT ON COLUMN person_latest.grade IS '等级 / mart_league.grade under collection_task (特优/优/良好/一般/不及格)';
COMMENT ON COLUMN person_latest.total_score IS '总分 / mart_league.total_score under collection_task';
COMMENT ON COLUMN person_latest.link IS '链接 / The person''s page: /people/<id>/';
