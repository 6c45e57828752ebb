-- mart_ar_metrics for the company and its teams only: small enough (a few hundred KB) for the
-- browser to fetch when an input re-queries. Prerendered queries may use the full mart_ar_metrics;
-- queries that depend on an input (inputs.…) should use this table.
select * from mart_ar_metrics where level in ('company', 'team')
