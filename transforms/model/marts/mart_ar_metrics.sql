-- mart_ar_metrics — 应收考核指标: every metric of docs/metrics.md for every period × unit.
-- Grain: (period_key, level, unit_id): month / quarter / year × company / team / person / customer.
-- P = the period, b = the day before its start (end of the previous period), e = its as_of_date (its end,
-- or the last month end with data when the period runs past the data).
-- Flows (sales, collections, write-offs, applications) are summed over the period's months
-- (int_unit_month_flow); balances are read at b and e (int_unit_month_balance), never summed over months.
-- Attribution (docs/metrics.md, Units and attribution): invoices, open AR and applications to the invoice's person and team; collections
-- split by the invoices each receipt paid, the rest to the customer's owner; unapplied cash to the owner.
-- Roll-forward identity per unit: ar_balance = ar_begin + gross_sales − applied_collections − applied_writeoffs
-- + ar_transferred (AR handed over when the organisation changes, fct_ar_transfer; 0 without 任职记录 or 离职).
-- Rates are DOUBLE computed from exact DECIMALs; NULL when the denominator is 0 or NULL.
CREATE OR REPLACE TABLE mart_ar_metrics AS
WITH period_month AS (
    SELECT p.period_key, m.start_date AS month_start
    FROM dim_period p
    JOIN dim_period m ON m.grain = 'month' AND m.start_date BETWEEN p.start_date AND p.end_date
),
flow AS (
    SELECT
        pm.period_key,
        f.level,
        f.unit_id,
        sum(f.sales) AS sales,
        sum(f.gross_sales) AS gross_sales,
        sum(f.collections) AS collections,
        sum(f.acceptance_collections) AS acceptance_collections,
        sum(f.writeoffs) AS writeoffs,
        sum(f.applied_collections) AS applied_collections,
        sum(f.applied_writeoffs) AS applied_writeoffs,
        sum(f.ar_transferred) AS ar_transferred
    FROM int_unit_month_flow f
    JOIN period_month pm USING (month_start)
    GROUP BY ALL
),
base AS (
    SELECT
        p.period_key,
        p.grain,
        u.level,
        u.unit_seq,
        u.unit_id,
        u.unit_name,
        p.start_date,
        p.end_date,
        p.as_of_date,
        coalesce(f.sales, 0) AS sales,
        coalesce(f.gross_sales, 0) AS gross_sales,
        coalesce(f.collections, 0) AS collections,
        coalesce(f.acceptance_collections, 0) AS acceptance_collections,
        coalesce(f.writeoffs, 0) AS writeoffs,
        coalesce(f.applied_collections, 0) AS applied_collections,
        coalesce(f.applied_writeoffs, 0) AS applied_writeoffs,
        coalesce(f.ar_transferred, 0) AS ar_transferred,
        coalesce(bb.ar_balance, 0) AS ar_begin,
        coalesce(be.ar_balance, 0) AS ar_balance,
        coalesce(be.overdue_amount, 0) AS overdue_amount,
        coalesce(be.current_amount, 0) AS current_amount,
        coalesce(be.unapplied_amount, 0) AS unapplied_amount,
        coalesce(be.open_items, 0) AS open_items,
        coalesce(be.customers_open, 0) AS customers_open,
        coalesce(be.customers_overdue, 0) AS customers_overdue,
        t.collection_target,
        t.sales_target,
        d.sales_3m,
        d.days_3m,
        d.countback_days,
        CASE p.grain WHEN 'month' THEN 12 WHEN 'quarter' THEN 4 ELSE 1 END AS periods_per_year
    FROM dim_period p
    CROSS JOIN int_unit u
    LEFT JOIN flow f ON f.period_key = p.period_key AND f.level = u.level AND f.unit_id = u.unit_id
    LEFT JOIN int_unit_month_balance bb ON bb.as_of = p.start_date - 1 AND bb.level = u.level AND bb.unit_id = u.unit_id
    LEFT JOIN int_unit_month_balance be ON be.as_of = p.as_of_date AND be.level = u.level AND be.unit_id = u.unit_id
    LEFT JOIN int_unit_target t ON t.period_key = p.period_key AND t.level = u.level AND t.unit_id = u.unit_id
    LEFT JOIN int_unit_month_dso d ON d.as_of = p.as_of_date AND d.level = u.level AND d.unit_id = u.unit_id
)
SELECT
    period_key,
    grain,
    level,
    unit_id,
    unit_name,
    start_date,
    end_date,
    as_of_date,
    money(sales) AS sales,
    money(collections) AS collections,
    money(writeoffs) AS writeoffs,
    money(applied_collections) AS applied_collections,
    money(ar_begin) AS ar_begin,
    money(ar_balance) AS ar_balance,
    money(overdue_amount) AS overdue_amount,
    money(current_amount) AS current_amount,
    money(unapplied_amount) AS unapplied_amount,
    CAST(customers_open AS INTEGER) AS customers_open,
    CAST(customers_overdue AS INTEGER) AS customers_overdue,
    collection_target,
    sales_target,
    ratio(collections, collection_target) AS collection_rate_target,
    ratio(collections, ar_begin + ar_transferred + sales) AS collection_rate_balance,
    ratio(collections, sales) AS sales_collection_rate,
    ratio(writeoffs, collections) AS bad_debt_rate_collections,
    ratio(writeoffs, sales) AS bad_debt_rate_sales,
    ratio(customers_overdue, customers_open) AS overdue_customer_ratio,
    ratio(overdue_amount, ar_balance) AS overdue_rate,
    ratio(ar_balance, collections) AS collection_cycle,
    ratio(2 * sales, ar_begin + ar_balance) * periods_per_year AS receivables_turnover,
    CASE WHEN sales_3m > 0 THEN ratio(ar_balance, sales_3m) * days_3m END AS dso,
    countback_days AS dso_countback,
    CASE WHEN sales_3m > 0 THEN ratio(current_amount, sales_3m) * days_3m END AS best_possible_dso,
    CASE WHEN sales_3m > 0 THEN ratio(ar_balance, sales_3m) * days_3m - ratio(current_amount, sales_3m) * days_3m END
        AS average_days_delinquent,
    -- AR handed over during the period counts with the opening balance (0 without organisation changes)
    ratio(ar_begin + ar_transferred + sales - ar_balance, ar_begin + ar_transferred + sales - current_amount) * 100 AS cei,
    money(gross_sales) AS gross_sales,
    money(acceptance_collections) AS acceptance_collections,
    money(applied_writeoffs) AS applied_writeoffs,
    CAST(open_items AS INTEGER) AS open_items,
    money(sales_3m) AS dso_sales_3m,
    CAST(days_3m AS INTEGER) AS dso_days_3m,
    money(ar_transferred) AS ar_transferred
FROM base
ORDER BY grain_order(grain), start_date, unit_seq;
