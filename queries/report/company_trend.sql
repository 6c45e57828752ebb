-- The monthly report's trend charts (首页 and 月报存档): every month's company figures in long form, one row per
-- month, chart and series, so each chart filters its rows and shows Chinese series names. Source: mart_ar_metrics
-- company rows (ar_metrics_summary). Money in 万元 (÷ 10,000).
with company as (
  select * from warehouse.ar_metrics_summary where grain = 'month' and level = 'company'
)
select period_key, end_date, 'balance' as chart, 1 as series_order, '应收余额' as series, ar_balance / 10000 as value from company
union all select period_key, end_date, 'balance', 2, '逾期金额', overdue_amount / 10000 from company
union all select period_key, end_date, 'collections', 1, '回款', collections / 10000 from company
union all select period_key, end_date, 'collections', 2, '回款任务', collection_target / 10000 from company
union all select period_key, end_date, 'collections', 3, '销售', sales / 10000 from company
union all select period_key, end_date, 'dso', 1, 'DSO', dso from company
union all select period_key, end_date, 'dso', 2, '最佳DSO', best_possible_dso from company
union all select period_key, end_date, 'dso', 3, '平均逾期天数', average_days_delinquent from company
union all select period_key, end_date, 'rates', 1, '逾期率', overdue_rate from company
union all select period_key, end_date, 'rates', 2, '逾期客户比例', overdue_customer_ratio from company
union all select period_key, end_date, 'rates', 3, '回款任务完成率', collection_rate_target from company
union all select period_key, end_date, 'cei', 1, 'CEI', cei from company
order by chart, series_order, period_key
