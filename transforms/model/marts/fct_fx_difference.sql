-- fct_fx_difference — 汇兑差额: what a receipt in its invoice's foreign currency gained or lost against the
-- invoice's rate.
-- Grain: (receipt_id, invoice_id): one row per explicit application in the same foreign currency whose 本币 at
-- the two rates differ.
-- The receipt pays the invoice in 原币 (int_explicit_allocation): the invoice's 本币 goes down by the 原币 at
-- the invoice's rate (allocated, in fct_application), the receipt gives up the same 原币 at its own rate
-- (consumed). The difference is kept here, never lost: Σ receipt = Σ its applications + Σ its differences +
-- what stays unapplied, and the difference is credited with the application (int_collection_credit).
CREATE OR REPLACE TABLE fct_fx_difference AS
WITH difference AS (
    SELECT
        e.source_id AS receipt_id,
        e.invoice_id,
        e.customer_id,
        i.person_id,
        e.applied_date AS attributed_on,
        r.currency,
        e.applied_date,
        money(CASE WHEN r.amount = 0 THEN 0 ELSE e.consumed * r.amount_fc / r.amount END) AS amount_fc,
        i.fx_rate AS invoice_rate,
        r.fx_rate AS receipt_rate,
        e.allocated AS amount_at_invoice_rate,
        e.consumed AS amount_at_receipt_rate,
        e.fx_difference
    FROM int_explicit_allocation e
    JOIN fct_receipt r ON r.receipt_id = e.source_id
    JOIN fct_invoice i ON i.invoice_id = e.invoice_id
    WHERE e.source_type = 'receipt' AND e.fx_difference <> 0
)
-- attributed as the application it goes with (fct_application)
SELECT receipt_id, invoice_id, customer_id, person_id, team_id, currency, applied_date, amount_fc, invoice_rate,
    receipt_rate, amount_at_invoice_rate, amount_at_receipt_rate, fx_difference
FROM attributed(difference)
ORDER BY applied_date, receipt_id, invoice_id;
