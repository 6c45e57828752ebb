-- The latest month end in the warehouse (dim_period, month grain): what "最新" means on every page.
select period_key, end_date, cast(year as integer) || '年' || cast(month as integer) || '月' as label
from warehouse.dim_period
where grain = 'month'
order by period_key desc
limit 1
