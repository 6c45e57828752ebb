-- int_collection_credit — 回款归属: who is credited with each receipt (谁放货谁清收, seed 002; docs/metrics.md, Units and attribution).
-- Grain: one row per (receipt, credited person, basis).
-- A receipt is split by its applications — all of them, whatever their applied_date — to the persons of
-- the invoices it paid (basis 'applied'); the rest (unapplied at the end of the data, refunded, or a
-- refund itself) goes to the customer's owner (basis 'owner'). Σ per receipt = its amount, so at every
-- level Σ credited = Σ receipts and company = Σ teams = Σ persons. Dated at the receipt date: coll(P).
-- A view (issue 21 item 3: intermediate tables only where they are reused): int_unit_month_flow alone reads it, and
-- computing it there costs less than writing its 10 M rows at 10 M invoices (flow 3.0 -> 9.5 s, this file 10 s -> 0).
-- Plain CASTs, not the model's TEMP macros: the view is read after the model's session too (analysts, tests).
CREATE OR REPLACE VIEW int_collection_credit AS
WITH applied AS (
    SELECT receipt_id, person_id, team_id, sum(amount) AS amount
    FROM (
        SELECT source_id AS receipt_id, person_id, team_id, amount FROM fct_application WHERE source_type = 'receipt'
        UNION ALL
        -- a foreign receipt's exchange difference is cash (or less cash) for the invoice it paid: its person's
        SELECT receipt_id, person_id, team_id, fx_difference FROM fct_fx_difference
    )
    GROUP BY receipt_id, person_id, team_id
),
applied_total AS (
    SELECT receipt_id, sum(amount) AS amount
    FROM applied
    GROUP BY receipt_id
)
-- the owner's rows take the receipt's columns from the join that finds the rest; only the applied rows
-- need a join back to the receipts (issue 9: joining every credit row back cost ~7 s at 10 M invoices)
SELECT
    a.receipt_id,
    r.customer_id,
    r.receipt_date,
    r.is_acceptance,
    a.person_id,
    a.team_id,
    'applied' AS basis,
    CAST(a.amount AS DECIMAL(18, 2)) AS amount
FROM applied a
JOIN fct_receipt r USING (receipt_id)
UNION ALL
SELECT
    r.receipt_id,
    r.customer_id,
    r.receipt_date,
    r.is_acceptance,
    r.owner_id,
    r.owner_team_id,
    'owner',
    CAST(r.amount - coalesce(t.amount, 0) AS DECIMAL(18, 2))
FROM fct_receipt r
LEFT JOIN applied_total t USING (receipt_id)
WHERE r.amount - coalesce(t.amount, 0) <> 0;
