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
-- total paid_to_date, strictly increasing (only amounts above 0); then with ASOF joins, per promise:
--   paid_amount = paid_to_date at the promise day − paid_to_date before the contact day;
--   last_paid_date = the last payment day up to the promise day, when it is not before the contact day;
--   kept_date = the first day paid_to_date reaches (before the contact day) + promise_amount, when it is not after
--   the promise day (promise_amount > 0 and promise_date ≥ contact_date: the loader's rules).
customer_paid AS (
    SELECT customer_id AS payer, receipt_date AS paid_date,
        sum(sum(amount)) OVER (PARTITION BY customer_id ORDER BY receipt_date ROWS UNBOUNDED PRECEDING) AS paid_to_date
    FROM fct_receipt
    WHERE amount > 0
    GROUP BY customer_id, receipt_date
),
invoice_paid AS (
    SELECT invoice_id AS payer, source_date AS paid_date,
        sum(sum(amount)) OVER (PARTITION BY invoice_id ORDER BY source_date ROWS UNBOUNDED PRECEDING) AS paid_to_date
    FROM fct_application
    WHERE source_type = 'receipt' AND amount > 0
      AND invoice_id IN (SELECT invoice_id FROM promise WHERE invoice_id IS NOT NULL)
    GROUP BY invoice_id, source_date
),
paid_to_date AS (
    -- one stream per payer: 'C' + customer for balance promises, 'I' + invoice for promises naming an invoice
    SELECT 'C' || payer AS payer, paid_date, paid_to_date FROM customer_paid
    UNION ALL
    SELECT 'I' || payer, paid_date, paid_to_date FROM invoice_paid
),
promise_payer AS (
    SELECT contact_id, contact_date, promise_date, promise_amount,
        CASE WHEN invoice_id IS NULL THEN 'C' || customer_id ELSE 'I' || invoice_id END AS payer
    FROM promise
),
window_paid AS (
    SELECT p.contact_id, p.contact_date, p.promise_date, p.promise_amount, p.payer,
        coalesce(b.paid_to_date, 0) AS paid_before,
        coalesce(e.paid_to_date, 0) - coalesce(b.paid_to_date, 0) AS paid_amount,
        CASE WHEN e.paid_date >= p.contact_date THEN e.paid_date END AS last_paid_date
    FROM promise_payer p
    ASOF LEFT JOIN paid_to_date b ON b.payer = p.payer AND p.contact_date > b.paid_date
    ASOF LEFT JOIN paid_to_date e ON e.payer = p.payer AND p.promise_date >= e.paid_date
),
paid AS (
    SELECT w.contact_id, w.paid_amount, w.last_paid_date,
        CASE WHEN k.paid_date <= w.promise_date THEN k.paid_date END AS kept_date
    FROM (SELECT *, paid_before + promise_amount AS kept_at FROM window_paid) w
    ASOF LEFT JOIN paid_to_date k ON k.payer = w.payer AND w.kept_at <= k.paid_to_date
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
