-- The month ends a period picker offers, newest first, labelled 2025年3月 (dim_period, month grain).
select period_key, end_date, cast(year as integer) || '年' || cast(month as integer) || '月' as label
from warehouse.dim_period
where grain = 'month'
order by period_key desc
