-- fct_open_item — 月末未清项: every invoice with an open amount at every month end.
-- Grain: (as_of, invoice_id), only rows with open_amount ≠ 0; as_of = each month end of dim_period.
-- open_amount(t) = amount − applications with applied_date ≤ t − write-offs with effective_date ≤ t, for
-- invoices dated ≤ t (docs/metrics.md, Open items and balances). A document dated on a month end counts in that month. Backdated safe: the
-- as-of view at t only subtracts what is dated ≤ t, whatever was loaded later.
-- Without a per-month loop: per invoice, the months where its balance changes (its own month, months with
-- reductions) become steps [from_month, to_month) with the running open amount; each step with a non-zero
-- balance is unnested into its month ends. Output size = Σ months each invoice stays open.
-- Speed (issue 9, 25 M rows at 10 M invoices): the window is keyed on invoice_seq, the invoice's rowid in
-- fct_invoice (a number per invoice within this statement; fct_invoice is stored unordered), instead of the
-- invoice_id string, and carries only (invoice_seq, month, amount): the invoice's
-- other columns join on the integer afterwards (carrying them through the window ran out of DuckDB's 4 GB
-- memory_limit at 10 M invoices). No final ORDER BY (issue 21; UNORDERED_TABLES in transforms/warehouse.ts):
-- sorting the 25 M rows was 17 s of the model at 10 M invoices; readers order what they read.
CREATE OR REPLACE TABLE fct_open_item AS
WITH last_month AS (
    SELECT max(month_idx(start_date)) AS idx
    FROM dim_period
    WHERE grain = 'month'
),
invoice AS (
    SELECT rowid AS invoice_seq, invoice_id, invoice_date, amount FROM fct_invoice WHERE amount > 0
),
reduction AS (
    SELECT invoice_id, month_idx(invoice_date) AS m, money(0) AS amount FROM invoice
    UNION ALL
    SELECT invoice_id, month_idx(applied_date), amount FROM fct_application
    UNION ALL
    SELECT invoice_id, month_idx(effective_date), amount FROM fct_writeoff WHERE invoice_id IS NOT NULL
),
change AS (
    SELECT invoice_id, m, sum(amount) AS reduced
    FROM reduction
    GROUP BY invoice_id, m
),
step AS (
    SELECT
        i.invoice_seq,
        c.m AS from_idx,
        coalesce(lead(c.m) OVER (PARTITION BY i.invoice_seq ORDER BY c.m), l.idx + 1) AS to_idx,
        i.amount - sum(c.reduced) OVER (PARTITION BY i.invoice_seq ORDER BY c.m ROWS UNBOUNDED PRECEDING) AS open_amount
    FROM change c
    JOIN invoice i USING (invoice_id)
    CROSS JOIN last_month l
),
open_month AS (
    SELECT invoice_seq, open_amount, unnest(range(from_idx, to_idx)) AS m
    FROM step
    WHERE open_amount <> 0
),
item AS (
    SELECT
        month_end_of(o.m) AS as_of,
        o.invoice_seq,
        i.invoice_id,
        i.customer_id,
        i.person_id,
        i.team_id,
        i.invoice_date,
        i.due_date,
        i.deferred_until,
        i.amount,
        money(o.open_amount) AS open_amount,
        CAST(month_end_of(o.m) - i.due_date AS INTEGER) AS days_overdue,
        CAST(month_end_of(o.m) - i.invoice_date AS INTEGER) AS age_days
    FROM open_month o
    JOIN (SELECT rowid AS invoice_seq, * FROM fct_invoice) i USING (invoice_seq)
)
SELECT
    t.as_of,
    strftime(t.as_of, '%Y-%m') AS period_key,
    t.invoice_id,
    t.customer_id,
    t.person_id,
    t.team_id,
    t.invoice_date,
    t.due_date,
    t.deferred_until,
    t.amount,
    t.open_amount,
    t.days_overdue,
    due_bucket(t.days_overdue) AS aging_bucket,
    age_bucket(t.age_days) AS age_bucket,
    t.age_days
FROM item t;
