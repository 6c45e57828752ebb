-- report_over_limit: early warning 2 of the monthly report: at each month end, the customers whose AR
-- (mart_ar_metrics, level customer) exceeds their credit limit (dim_customer.credit_limit; a limit of 0 means no
-- credit, so any balance exceeds it). excess = ar_balance − credit_limit. Sorted by (period_key, excess DESC).
select m.period_key, m.unit_id as customer_id, m.unit_name as customer_name, c.customer_type, c.credit_limit,
       m.ar_balance, m.ar_balance - c.credit_limit as excess, m.overdue_amount,
       '/customers/' || m.unit_id || '/' as link
from mart_ar_metrics m
join dim_customer c on c.customer_id = m.unit_id
where m.grain = 'month' and m.level = 'customer' and c.credit_limit is not null and m.ar_balance > c.credit_limit
order by m.period_key, excess desc, m.unit_id
