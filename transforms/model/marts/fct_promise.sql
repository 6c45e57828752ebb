-- fct_promise — 付款承诺: every promise to pay of the collection log, judged against the receipts.
-- Grain: contact_id, one row per contact of fct_collection_contact with a promise (has_promise).
-- Paid toward a promise (paid_amount): the customer's receipts dated from the contact day to the promise day,
-- both included. When the promise names an invoice, only what those receipts paid of that invoice
-- (fct_application rows of source_type 'receipt' on it, by the receipt's date); otherwise every receipt of the
-- customer above 0 (a refund pays nothing, a credit note is no payment). Receipts after the promise day do not
-- count: the promise was to pay by then.
-- Status (docs/metrics.md, Promises): kept = paid_amount ≥ promise_amount; after the promise day (or on it, at
-- its end) partly_kept = 0 < paid_amount < promise_amount, broken = nothing paid; before it open. status is as of
-- as_of, the last month end of the data (dim_period); status_date is when the status became final (kept: the
-- day the receipts reached the amount; partly_kept and broken: the promise day), so the status at any month
-- end t is status when status_date ≤ t, else 'open'. Promises are judged one by one: a later promise of the same
-- debt does not cancel an earlier one, and one receipt may keep both.
CREATE OR REPLACE TABLE fct_promise AS
WITH promise AS (
    SELECT contact_id, contact_date, customer_id, invoice_id, person_id, team_id, action, promise_date, promise_amount
    FROM fct_collection_contact
    WHERE has_promise
),
-- What was paid toward a promise, from running totals instead of pairing each promise with each payment: a
-- balance promise met every receipt of its customer (≈ 150 promises × 470 receipts a customer at 10 M invoices, a
-- billion pairs, ran out of memory there). Per customer (and per promised invoice) the payments by day as a running
-- total paid_to_date, strictly increasing (only amounts above 0); then per promise:
--   paid_amount = paid_to_date at the promise day − paid_to_date before the contact day;
--   last_paid_date = the last payment day up to the promise day, when it is not before the contact day;
--   kept_date = the first day paid_to_date reaches (before the contact day) + promise_amount, when it is not after
--   the promise day (promise_amount > 0 and promise_date ≥ contact_date: the loader's rules).
-- A balance promise finds these with ASOF joins on its customer's payment days (hundreds a customer); a promise
-- naming an invoice joins its invoice's few payment days and aggregates (at 10 M invoices 3.9 M such promises meet
-- 4.7 M (promise, day) pairs): with ASOF joins over both streams this file took 27–30 s there, this way 20–21 s
-- (issue 21; the same rows in the same order).
customer_paid AS (
    SELECT customer_id, receipt_date AS paid_date,
        sum(sum(amount)) OVER (PARTITION BY customer_id ORDER BY receipt_date ROWS UNBOUNDED PRECEDING) AS paid_to_date
    FROM fct_receipt
    WHERE amount > 0
    GROUP BY customer_id, receipt_date
),
invoice_paid AS (
    SELECT invoice_id, source_date AS paid_date,
        sum(sum(amount)) OVER (PARTITION BY invoice_id ORDER BY source_date ROWS UNBOUNDED PRECEDING) AS paid_to_date
    FROM fct_application
    WHERE source_type = 'receipt' AND amount > 0
      AND invoice_id IN (SELECT invoice_id FROM promise WHERE invoice_id IS NOT NULL)
    GROUP BY invoice_id, source_date
),
-- a balance promise: ASOF joins on its customer's payment days
balance_window AS (
    SELECT p.contact_id, p.contact_date, p.promise_date, p.promise_amount, p.customer_id,
        coalesce(b.paid_to_date, 0) AS paid_before,
        coalesce(e.paid_to_date, 0) - coalesce(b.paid_to_date, 0) AS paid_amount,
        CASE WHEN e.paid_date >= p.contact_date THEN e.paid_date END AS last_paid_date
    FROM (SELECT * FROM promise WHERE invoice_id IS NULL) p
    ASOF LEFT JOIN customer_paid b ON b.customer_id = p.customer_id AND p.contact_date > b.paid_date
    ASOF LEFT JOIN customer_paid e ON e.customer_id = p.customer_id AND p.promise_date >= e.paid_date
),
balance_result AS (
    SELECT w.contact_id, w.paid_amount, w.last_paid_date,
        CASE WHEN k.paid_date <= w.promise_date THEN k.paid_date END AS kept_date
    FROM (SELECT *, paid_before + promise_amount AS kept_at FROM balance_window) w
    ASOF LEFT JOIN customer_paid k ON k.customer_id = w.customer_id AND w.kept_at <= k.paid_to_date
),
-- a promise naming an invoice: its invoice's payment days, the same three values by aggregates
invoice_pair AS (
    SELECT p.contact_id, p.contact_date, p.promise_date, p.promise_amount, i.paid_date, i.paid_to_date
    FROM promise p
    JOIN invoice_paid i ON i.invoice_id = p.invoice_id
),
invoice_window AS (
    SELECT contact_id,
        coalesce(max(paid_to_date) FILTER (WHERE paid_date < contact_date), 0) AS paid_before,
        coalesce(max(paid_to_date) FILTER (WHERE paid_date <= promise_date), 0) AS paid_end,
        max(paid_date) FILTER (WHERE paid_date <= promise_date) AS end_date,
        any_value(contact_date) AS contact_date
    FROM invoice_pair
    GROUP BY contact_id
),
invoice_kept AS (
    SELECT p.contact_id, min(p.paid_date) AS kept_date
    FROM invoice_pair p
    JOIN invoice_window w USING (contact_id)
    WHERE p.paid_to_date >= w.paid_before + p.promise_amount AND p.paid_date <= p.promise_date
    GROUP BY p.contact_id
),
-- a promise whose invoice had no payment day has no row here: nothing paid (judged's coalesce)
paid AS (
    SELECT * FROM balance_result
    UNION ALL
    SELECT w.contact_id, w.paid_end - w.paid_before, CASE WHEN w.end_date >= w.contact_date THEN w.end_date END, k.kept_date
    FROM invoice_window w
    LEFT JOIN invoice_kept k USING (contact_id)
),
as_of AS (
    SELECT max(as_of_date) AS as_of FROM dim_period WHERE grain = 'month'
),
judged AS (
    SELECT
        p.*,
        money(coalesce(x.paid_amount, 0)) AS paid_amount,
        x.last_paid_date,
        x.kept_date,
        a.as_of,
        CASE
            WHEN x.kept_date IS NOT NULL THEN 'kept'
            WHEN a.as_of IS NULL OR p.promise_date > a.as_of THEN 'open'
            WHEN coalesce(x.paid_amount, 0) > 0 THEN 'partly_kept'
            ELSE 'broken'
        END AS status
    FROM promise p
    LEFT JOIN paid x USING (contact_id)
    CROSS JOIN as_of a
)
SELECT
    contact_id, contact_date, customer_id, invoice_id, person_id, team_id, action,
    promise_date, promise_amount, paid_amount,
    money(greatest(promise_amount - paid_amount, 0)) AS shortfall,
    last_paid_date,
    status,
    CASE status WHEN 'kept' THEN '已兑现' WHEN 'partly_kept' THEN '部分兑现' WHEN 'broken' THEN '未兑现' ELSE '未到期' END AS status_name,
    CASE status WHEN 'kept' THEN kept_date WHEN 'open' THEN NULL ELSE promise_date END AS status_date,
    as_of
FROM judged
ORDER BY contact_id;
