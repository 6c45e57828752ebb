-- fct_unapplied — 未核销款(预收): each customer's unapplied cash and credit at every month end.
-- Grain: (as_of, customer_id), only where it is non-zero.
-- unapplied(t) = Σ receipts dated ≤ t (refunds negative) + Σ |credit notes| dated ≤ t
--              − Σ applications (fct_application) with applied_date ≤ t.
-- It is never negative in a consistent export; a negative value means refunds exceeded the cash on hand.
-- Same step-and-unnest shape as fct_open_item: one step per month the balance changes. It is the customer's
-- owner's, in the owner's team at the month end (dim_person_assignment).
CREATE OR REPLACE TABLE fct_unapplied AS
WITH last_month AS (
    SELECT max(month_idx(start_date)) AS idx
    FROM dim_period
    WHERE grain = 'month'
),
movement AS (
    SELECT customer_id, month_idx(receipt_date) AS m, amount FROM fct_receipt
    UNION ALL
    SELECT customer_id, month_idx(invoice_date), -amount FROM fct_invoice WHERE amount < 0
    UNION ALL
    SELECT customer_id, month_idx(applied_date), -amount FROM fct_application
    UNION ALL
    -- an exchange difference is neither applied nor unapplied cash (a gain took cash, a loss gave AR relief)
    SELECT customer_id, month_idx(applied_date), -fx_difference FROM fct_fx_difference
),
change AS (
    SELECT customer_id, m, sum(amount) AS delta
    FROM movement
    GROUP BY customer_id, m
),
step AS (
    SELECT
        c.customer_id,
        c.m AS from_idx,
        coalesce(lead(c.m) OVER (PARTITION BY c.customer_id ORDER BY c.m), l.idx + 1) AS to_idx,
        sum(c.delta) OVER (PARTITION BY c.customer_id ORDER BY c.m ROWS UNBOUNDED PRECEDING) AS unapplied
    FROM change c
    CROSS JOIN last_month l
),
balance AS (
    SELECT customer_id, unapplied, unnest(range(from_idx, to_idx)) AS m
    FROM step
    WHERE unapplied <> 0
)
SELECT
    month_end_of(b.m) AS as_of,
    strftime(month_end_of(b.m), '%Y-%m') AS period_key,
    b.customer_id,
    c.owner_id,
    a.team_id,
    money(b.unapplied) AS unapplied_amount
FROM balance b
LEFT JOIN dim_customer c USING (customer_id)
LEFT JOIN dim_person_assignment a ON a.person_id = c.owner_id AND team_span_holds(a.valid_from, a.valid_to, month_end_of(b.m))
ORDER BY as_of, b.customer_id;
