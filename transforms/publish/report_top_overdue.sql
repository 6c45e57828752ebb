-- report_top_overdue — 逾期金额前十客户: the 10 customers with the largest overdue balance at each month end
-- (mart_ar_metrics, level customer), for the monthly report (首页 and 月报存档).
-- Grain: (period_key, rank): at most 10 rows per month end, customers with overdue_amount > 0 only.
-- Ranked once here rather than on every prerendered report page; ties in overdue_amount go by customer_id.
-- Sorted by (period_key, rank).
CREATE OR REPLACE TABLE report_top_overdue AS
select m.period_key, row_number() over (partition by m.period_key order by m.overdue_amount desc, m.unit_id) as rank,
       m.unit_id as customer_id, m.unit_name as customer_name, c.customer_type, p.team_name,
       m.overdue_amount, m.ar_balance, m.overdue_rate, c.credit_limit, (select cl.link from customer_latest cl where cl.customer_id = m.unit_id) as link
from mart_ar_metrics m
join dim_customer c on c.customer_id = m.unit_id
left join dim_person p on p.person_id = c.owner_id
where m.grain = 'month' and m.level = 'customer' and m.overdue_amount > 0
qualify rank <= 10
order by m.period_key, rank;
