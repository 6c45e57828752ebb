-- fct_open_item — 月末未清项: every invoice with an open amount at every month end, by due-date line.
-- Grain: (as_of, invoice_id, due_date), only rows with open_amount ≠ 0; as_of = each month end of dim_period.
-- An invoice without a payment schedule is one line (its due date); one with a schedule (收款计划,
-- stg_payment_schedule, issue 20) has a line per instalment still open, and each line is aged and overdue by
-- its own due date, as ERPNext's aging "based on payment terms": what has been paid or written off settles the
-- earliest instalments first, so line k's open amount = least(its amount, open_amount − Σ later lines), ≥ 0
-- (an over-applied invoice's negative balance stays on its last line). Instalments are in the invoice's own
-- currency; their running total is converted to 本币 at the invoice's own ratio, so the lines add up to the
-- invoice's 本币 amount to the cent (the last line takes what the schedule does not cover).
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
-- person_id / team_id: who held the invoice at the month end and their team then (macro attributed, issue 19):
-- a person's open items move with them to a new team; a leaver's go to the customer's owner.
CREATE OR REPLACE TABLE fct_open_item AS
WITH last_month AS (
    SELECT max(month_idx(start_date)) AS idx
    FROM dim_period
    WHERE grain = 'month'
),
invoice AS (
    SELECT rowid AS invoice_seq, invoice_id, invoice_date, amount FROM fct_invoice WHERE amount > 0
),
schedule AS (
    SELECT
        i.invoice_seq,
        s.due_date,
        i.amount AS invoice_amount,
        CASE
            WHEN row_number() OVER w = i.instalments THEN i.amount
            WHEN i.amount = i.amount_fc THEN sum(s.amount) OVER w
            ELSE round(sum(s.amount) OVER w * i.amount / i.amount_fc, 2)
        END AS through
    FROM stg_payment_schedule s
    -- read apart from `invoice` (not a second reference to that CTE, which DuckDB would then materialise: 10 M rows)
    JOIN (SELECT rowid AS invoice_seq, invoice_id, amount, amount_fc, instalments FROM fct_invoice WHERE amount > 0 AND instalments IS NOT NULL) i
        USING (invoice_id)
    WINDOW w AS (PARTITION BY i.invoice_seq ORDER BY s.due_date ROWS UNBOUNDED PRECEDING)
),
line AS (
    -- each instalment in 本币, and what falls due after it
    SELECT
        invoice_seq,
        due_date,
        through - coalesce(lag(through) OVER (PARTITION BY invoice_seq ORDER BY due_date), 0) AS line_amount,
        invoice_amount - through AS due_after
    FROM schedule
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
open_line AS (
    -- invoices due whole keep their row (NULL: the invoice's own due date); scheduled ones split into lines
    SELECT o.invoice_seq, o.m, NULL::DATE AS line_due_date, o.open_amount
    FROM open_month o
    ANTI JOIN (SELECT DISTINCT invoice_seq FROM line) l ON l.invoice_seq = o.invoice_seq
    UNION ALL
    SELECT invoice_seq, m, line_due_date, open_amount
    FROM (
        SELECT
            o.invoice_seq,
            o.m,
            l.due_date AS line_due_date,
            CASE
                WHEN o.open_amount < 0 THEN CASE WHEN l.due_after = 0 THEN o.open_amount ELSE 0 END
                ELSE least(l.line_amount, greatest(o.open_amount - l.due_after, 0))
            END AS open_amount
        FROM open_month o
        JOIN line l ON l.invoice_seq = o.invoice_seq
    )
    WHERE open_amount <> 0
),
item AS (
    SELECT
        month_end_of(o.m) AS as_of,
        month_end_of(o.m) AS attributed_on,
        o.invoice_seq,
        i.invoice_id,
        i.customer_id,
        i.person_id,
        i.invoice_date,
        coalesce(o.line_due_date, i.due_date) AS due_date,
        i.deferred_until,
        i.amount,
        money(o.open_amount) AS open_amount,
        CAST(month_end_of(o.m) - coalesce(o.line_due_date, i.due_date) AS INTEGER) AS days_overdue,
        CAST(month_end_of(o.m) - i.invoice_date AS INTEGER) AS age_days
    FROM open_line o
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
FROM attributed(item) t;
