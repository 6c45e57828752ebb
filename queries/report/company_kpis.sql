-- The monthly report's headline figures (首页 and 月报存档): one row per month and metric, with the value of the
-- previous month and of the same month a year before. Source: mart_ar_metrics company rows (through the slim
-- ar_metrics_summary source). Money in 万元 (÷ 10,000, shown as ¥…万), rates as fractions, DSO in days, CEI in
-- points. mom / yoy are differences of mart values; a rate's change is given in percentage points (× 100, shown
-- 个百分点: issue 17), nothing else is computed here. link: the page that details the figure.
with company as (
  select m.*, p.prev_period_key, printf('%d-%02d', cast(p.year as integer) - 1, cast(p.month as integer)) as yoy_period_key
  from warehouse.ar_metrics_summary m
  join warehouse.dim_period p on p.period_key = m.period_key and p.grain = m.grain
  where m.grain = 'month' and m.level = 'company'
),
long as (
  select period_key, prev_period_key, yoy_period_key, 'ar_balance' as metric_key, ar_balance / 10000 as value,
         null::varchar as note from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'overdue_amount', overdue_amount / 10000, null from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'overdue_rate', overdue_rate, null from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'dso', dso, printf('最佳DSO %.1f天', best_possible_dso) from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'collections', collections / 10000,
         printf('任务 ¥%,.2f万', collection_target / 10000) from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'collection_rate_target', collection_rate_target, null from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'cei', cei, null from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'bad_debt_rate_collections', bad_debt_rate_collections,
         printf('核销 ¥%,.2f万', writeoffs / 10000) from company
  union all
  select period_key, prev_period_key, yoy_period_key, 'overdue_customer_ratio', overdue_customer_ratio,
         printf('%,d / %,d 家', cast(customers_overdue as integer), cast(customers_open as integer)) from company
),
-- delta_scale: 100 for rates (their change in percentage points), 1 otherwise; formats as components/format.js
meta (metric_order, metric_key, metric, fmt, delta_fmt, delta_scale, down_is_good, link) as (
  values
    (1, 'ar_balance', '应收账款余额', '"¥"#,##0.00"万"', '#,##0.00"万"', 1, true, '/aging/'),
    (2, 'overdue_amount', '逾期金额', '"¥"#,##0.00"万"', '#,##0.00"万"', 1, true, '/aging/'),
    (3, 'overdue_rate', '逾期率', '0.00%', '0.00"个百分点"', 100, true, '/aging/'),
    (4, 'dso', 'DSO 应收账款周转天数', '#,##0.0"天"', '#,##0.0"天"', 1, true, '/teams/'),
    (5, 'collections', '本月回款', '"¥"#,##0.00"万"', '#,##0.00"万"', 1, false, '/league/'),
    (6, 'collection_rate_target', '回款任务完成率', '0.0%', '0.0"个百分点"', 100, false, '/league/'),
    (7, 'cei', 'CEI 回款有效指数', '0.0', '0.0', 1, false, '/teams/'),
    (8, 'bad_debt_rate_collections', '坏账率 (核销/回款)', '0.00%', '0.00"个百分点"', 100, true, '/customers/'),
    (9, 'overdue_customer_ratio', '逾期客户比例', '0.0%', '0.0"个百分点"', 100, true, '/customers/')
)
select
  cur.period_key, meta.metric_order, meta.metric_key, meta.metric,
  cur.value as cur, prev.value as prev, (cur.value - prev.value) * meta.delta_scale as mom,
  yoy.value as yoy_value, (cur.value - yoy.value) * meta.delta_scale as yoy, cur.note,
  meta.fmt, meta.delta_fmt, meta.down_is_good,
  -- collections and their rate link to that month's league; the others to a page of the latest figures
  case when meta.link = '/league/' then '/league/' || cur.period_key || '/' else meta.link end as link
from long cur
join meta using (metric_key)
left join long prev on prev.period_key = cur.prev_period_key and prev.metric_key = cur.metric_key
left join long yoy on yoy.period_key = cur.yoy_period_key and yoy.metric_key = cur.metric_key
order by cur.period_key, meta.metric_order
