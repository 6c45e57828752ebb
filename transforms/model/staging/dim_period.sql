-- dim_period — 期间维度: every month, quarter and year from the first document's month to the last.
-- Grain: period_key ('2025-03', '2025-Q1', '2025'). Documents are invoices, receipts and write-offs.
-- A quarter or year only partly covered by the data is still listed with its calendar start and end;
-- its balances are measured at as_of_date = the last month end with data inside it (there is nothing
-- to measure after the last document), its flows over its whole span.
CREATE OR REPLACE TABLE dim_period AS
WITH document_date AS (
    SELECT invoice_date AS d FROM stg_invoices
    UNION ALL SELECT receipt_date FROM stg_receipts
    UNION ALL SELECT writeoff_date FROM stg_writeoffs
),
bounds AS (
    SELECT
        CAST(date_trunc('month', min(d)) AS DATE) AS first_month,
        CAST(date_trunc('month', max(d)) AS DATE) AS last_month
    FROM document_date
),
month AS (
    SELECT CAST(unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH)) AS DATE) AS start_date
    FROM bounds
),
period AS (
    SELECT 'month' AS grain, start_date FROM month
    UNION
    SELECT 'quarter', CAST(date_trunc('quarter', start_date) AS DATE) FROM month
    UNION
    SELECT 'year', CAST(date_trunc('year', start_date) AS DATE) FROM month
),
keyed AS (
    SELECT
        CASE grain
            WHEN 'month' THEN strftime(start_date, '%Y-%m')
            WHEN 'quarter' THEN strftime(start_date, '%Y') || '-Q' || quarter(start_date)
            ELSE strftime(start_date, '%Y')
        END AS period_key,
        grain,
        start_date,
        CAST(start_date + CASE grain WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
            ELSE INTERVAL 1 YEAR END - INTERVAL 1 DAY AS DATE) AS end_date
    FROM period
)
SELECT
    k.period_key,
    k.grain,
    k.start_date,
    k.end_date,
    CAST(k.end_date - k.start_date + 1 AS INTEGER) AS days,
    lag(k.period_key) OVER (PARTITION BY k.grain ORDER BY k.start_date) AS prev_period_key,
    CAST(year(k.start_date) AS INTEGER) AS year,
    CASE WHEN k.grain <> 'year' THEN CAST(quarter(k.start_date) AS INTEGER) END AS quarter,
    CASE WHEN k.grain = 'month' THEN CAST(month(k.start_date) AS INTEGER) END AS month,
    least(k.end_date, last_day(b.last_month)) AS as_of_date,
    k.end_date > last_day(b.last_month) AS is_partial
FROM keyed k
CROSS JOIN bounds b
ORDER BY grain_order(k.grain), k.start_date;
