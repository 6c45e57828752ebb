-- ar_metrics_summary — 公司与团队指标: mart_ar_metrics for the company and its teams only, every column and
-- grain: small enough (a few hundred KB) for the browser to fetch when an input re-queries. Prerendered queries
-- may use the full mart_ar_metrics; queries that depend on an input (inputs.…) should use this table.
-- Grain: (period_key, level, unit_id): the company and team rows of mart_ar_metrics.
-- A plain filtered scan keeps mart_ar_metrics' row order (preserve_insertion_order).
CREATE OR REPLACE TABLE ar_metrics_summary AS
select * from mart_ar_metrics where level in ('company', 'team');
