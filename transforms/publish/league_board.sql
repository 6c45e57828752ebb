-- league_board — 排行榜(页面): mart_league with each unit's key metrics of the same period (mart_ar_metrics)
-- and the policy's name, for the 排行榜 pages (per period), the unit pages' rank history and the 经验交流会 pages.
-- Grain: (period_key, policy, level, unit_id): one row per row of mart_league.
-- Why a table: 51 period pages and every team and person page would each join mart_league (≈41 k rows) with
-- the full mart_ar_metrics; joined once here, a page filters one table. Sorted by (period_key, level,
-- policy_order, rank, unit_id): a period page gets its rows in rank order without an ORDER BY.
-- prev_*: the unit's value at the end of the previous period of the same grain (dim_period.prev_period_key:
-- the 经验交流会 page's DSO change and overdue reduction). movement_text, score_is_money (money-only policies
-- score in 元: max_score is null) and link are presentation only; every number is the marts' own.
-- bonus_points: the points of the unit's bonus items (mart_scores rows with points and no max_points, e.g. the
-- 回款任务考核's 连续3次特优/优加分): they are in total_score but not in max_score, which is why a total can be
-- 101 against 满分 100; pages show 满分 as 100 + 1 and say why.
CREATE OR REPLACE TABLE league_board AS
select
  l.period_key, l.grain, d.end_date, l.policy, pc.name as policy_name, pc.kind as policy_kind, pc.policy_order, l.level,
  l.unit_id, l.unit_name, l.team_id, t.team_name,
  l.total_score, l.max_score, l.max_score is null as score_is_money, coalesce(b.bonus_points, 0) as bonus_points, l.rank, l.prev_rank, l.movement,
  case
    when l.rank is null then '不参加排名'
    when l.prev_rank is null then '新'
    when l.movement > 0 then '↑' || l.movement
    when l.movement < 0 then '↓' || (-l.movement)
    else '—'
  end as movement_text,
  l.team_rank, l.grade, l.collection_rate_target,
  m.sales, m.collections, m.collection_target, m.ar_balance, m.overdue_amount, m.overdue_rate, m.dso, m.cei,
  prev.dso as prev_dso, prev.overdue_amount as prev_overdue_amount,
  case l.level when 'person' then '/people/' else '/teams/' end || l.unit_id || '/' as link
from mart_league l
join policy_catalog pc on pc.policy = l.policy
join dim_period d on d.period_key = l.period_key
left join dim_team t on t.team_id = l.team_id
left join mart_ar_metrics m
  on m.period_key = l.period_key and m.level = l.level and m.unit_id = l.unit_id
left join mart_ar_metrics prev
  on prev.period_key = d.prev_period_key and prev.level = l.level and prev.unit_id = l.unit_id
left join (
  select period_key, policy, level, unit_id, sum(points) as bonus_points
  from mart_scores
  where points is not null and max_points is null
  group by all
) b on b.period_key = l.period_key and b.policy = l.policy and b.level = l.level and b.unit_id = l.unit_id
order by l.period_key, l.level, pc.policy_order, l.rank, l.unit_id;

COMMENT ON TABLE league_board IS '排行榜(页面) / mart_league with the policy name and the unit''s metrics of the period and the previous period: the league, unit and meeting pages';
COMMENT ON COLUMN league_board.period_key IS '期间 / Period key (2025-03, 2025-Q1, 2025)';
COMMENT ON COLUMN league_board.grain IS '粒度 / month, quarter or year';
COMMENT ON COLUMN league_board.end_date IS '期末日 / Last day of the period (dim_period.end_date)';
COMMENT ON COLUMN league_board.policy IS '考核政策 / Policy id (policy_catalog)';
COMMENT ON COLUMN league_board.policy_name IS '政策名称 / policy_catalog.name';
COMMENT ON COLUMN league_board.policy_kind IS '政策类型 / policy_catalog.kind: the evaluator';
COMMENT ON COLUMN league_board.policy_order IS '政策顺序 / policy_catalog.policy_order: display order of the policies';
COMMENT ON COLUMN league_board.level IS '层级 / person or team';
COMMENT ON COLUMN league_board.unit_id IS '人员或团队 / person_id or team_id';
COMMENT ON COLUMN league_board.unit_name IS '名称 / Person or team name';
COMMENT ON COLUMN league_board.team_id IS '团队 / The person''s team (the team itself for teams)';
COMMENT ON COLUMN league_board.team_name IS '团队名称 / dim_team.team_name of team_id';
COMMENT ON COLUMN league_board.total_score IS '总分 / mart_league.total_score: points, or 元 when score_is_money';
COMMENT ON COLUMN league_board.max_score IS '满分 / mart_league.max_score; NULL for money-only policies';
COMMENT ON COLUMN league_board.bonus_points IS '加分 / Σ mart_scores.points of the unit''s bonus items (points without max_points): in total_score, not in max_score; 0 without a bonus';
COMMENT ON COLUMN league_board.score_is_money IS '金额计分 / TRUE when the policy scores in 元 (max_score is NULL): total_score is an amount';
COMMENT ON COLUMN league_board.rank IS '排名 / mart_league.rank';
COMMENT ON COLUMN league_board.prev_rank IS '上期排名 / mart_league.prev_rank: rank in the previous period of the same grain';
COMMENT ON COLUMN league_board.movement IS '名次变化 / prev_rank − rank: > 0 moved up';
COMMENT ON COLUMN league_board.movement_text IS '名次变化(显示) / ↑n moved up n places, ↓n down, — unchanged, 新 no previous rank, 不参加排名 not ranked (nothing to score)';
COMMENT ON COLUMN league_board.team_rank IS '团队内排名 / mart_league.team_rank (persons only)';
COMMENT ON COLUMN league_board.grade IS '等级 / mart_league.grade, where the policy defines one';
COMMENT ON COLUMN league_board.collection_rate_target IS '回款率 / mart_league.collection_rate_target: the tie-break';
COMMENT ON COLUMN league_board.sales IS '销售额 / mart_ar_metrics.sales of the unit in the period';
COMMENT ON COLUMN league_board.collections IS '回款额 / mart_ar_metrics.collections of the unit in the period';
COMMENT ON COLUMN league_board.collection_target IS '回款任务 / mart_ar_metrics.collection_target of the unit in the period';
COMMENT ON COLUMN league_board.ar_balance IS '应收余额 / mart_ar_metrics.ar_balance at the period''s as_of_date';
COMMENT ON COLUMN league_board.overdue_amount IS '逾期金额 / mart_ar_metrics.overdue_amount at the period''s as_of_date';
COMMENT ON COLUMN league_board.overdue_rate IS '逾期率 / mart_ar_metrics.overdue_rate: overdue_amount / ar_balance';
COMMENT ON COLUMN league_board.dso IS 'DSO / mart_ar_metrics.dso of the unit in the period';
COMMENT ON COLUMN league_board.cei IS '回款有效指数(CEI) / mart_ar_metrics.cei of the unit in the period';
COMMENT ON COLUMN league_board.prev_dso IS '上期DSO / mart_ar_metrics.dso of the unit in the previous period of the same grain';
COMMENT ON COLUMN league_board.prev_overdue_amount IS '上期逾期金额 / mart_ar_metrics.overdue_amount of the unit in the previous period of the same grain';
COMMENT ON COLUMN league_board.link IS '链接 / The unit''s page: /people/<id>/ or /teams/<id>/';
