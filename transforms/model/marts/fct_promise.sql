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
payment AS (
    -- a promise naming an invoice: what the receipts of its window paid of that invoice
    SELECT p.contact_id, a.source_date AS paid_date, a.amount
    FROM promise p
    JOIN fct_application a
      ON a.invoice_id = p.invoice_id AND a.source_type = 'receipt'
     AND a.source_date BETWEEN p.contact_date AND p.promise_date
    WHERE p.invoice_id IS NOT NULL
    UNION ALL
    -- a promise for the customer's balance: every receipt of the customer in its window
    SELECT p.contact_id, r.receipt_date, r.amount
    FROM promise p
    JOIN fct_receipt r
      ON r.customer_id = p.customer_id AND r.amount > 0
     AND r.receipt_date BETWEEN p.contact_date AND p.promise_date
    WHERE p.invoice_id IS NULL
),
by_day AS (
    SELECT contact_id, paid_date, sum(amount) AS amount
    FROM payment
    GROUP BY contact_id, paid_date
),
running AS (
    SELECT contact_id, paid_date,
        sum(amount) OVER (PARTITION BY contact_id ORDER BY paid_date ROWS UNBOUNDED PRECEDING) AS paid_so_far
    FROM by_day
),
paid AS (
    SELECT r.contact_id, max(r.paid_so_far) AS paid_amount, max(r.paid_date) AS last_paid_date,
        min(CASE WHEN r.paid_so_far >= p.promise_amount THEN r.paid_date END) AS kept_date
    FROM running r
    JOIN promise p USING (contact_id)
    GROUP BY r.contact_id
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
