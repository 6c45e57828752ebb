-- 区域月度回款 / Sales, collections, AR and overdue per sales region and month.
-- 粒度 Grain: (period_key, region). mart_ar_metrics has no region level: the team rows are summed by
-- dim_team.region (every person of a team is in its region; company = Σ teams, so Σ regions = company).
-- Rates are recomputed from the sums — never an average of the teams' rates (docs/metrics.md, Money and rates: a ratio whose
-- denominator is 0 or NULL is NULL, hence nullif). Teams without a region are '未分区域'.
-- Reads only small sources (ar_metrics_summary, dim_team): fine in queries that depend on an input.
select
    m.period_key,
    m.end_date as month,
    coalesce(t.region, '未分区域') as region,
    count(*) as teams,
    sum(m.sales) as sales,
    sum(m.collections) as collections,
    sum(m.ar_balance) as ar_balance,
    sum(m.overdue_amount) as overdue_amount,
    sum(m.collection_target) as collection_target,
    sum(m.collections) / nullif(sum(m.collection_target), 0) as collection_rate_target,
    sum(m.collections) / nullif(sum(m.sales), 0) as sales_collection_rate,
    sum(m.overdue_amount) / nullif(sum(m.ar_balance), 0) as overdue_rate
from warehouse.ar_metrics_summary m
left join warehouse.dim_team t on t.team_id = m.unit_id
where m.grain = 'month' and m.level = 'team'
group by m.period_key, m.end_date, coalesce(t.region, '未分区域')
