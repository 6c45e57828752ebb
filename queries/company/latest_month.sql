-- 公司最近一个月的指标 / The company's metrics in the latest month of the data (one row).
-- 用法 Use: frontmatter `queries: - latest: company/latest_month.sql`, then data={latest} in a component,
-- or the query name in dollar-brace form inside another query (docs/analyst-guide.md).
-- Reads warehouse.ar_metrics_summary (company and team rows only), so it is small enough for queries
-- that re-run when an input changes.
select
    period_key,
    end_date,
    as_of_date,
    sales,
    collections,
    ar_balance,
    overdue_amount,
    overdue_rate,
    collection_rate_target
from warehouse.ar_metrics_summary
where grain = 'month' and level = 'company'
order by period_key desc
limit 1
