-- fct_receipt — 收款单: one row per receipt of the export; amount < 0 is a refund (退款).
-- Grain: receipt_id. coll(P) is Σ amount over receipts dated in P (docs/metrics.md, Sales, collections,
-- write-offs). A refund is never an application: it takes back unapplied cash. owner_id / owner_team_id
-- are the customer's owner, who is credited with the part of a receipt that is not applied to an invoice, and
-- the owner's team on the receipt date (dim_person_assignment).
-- The foreign-currency columns (issue 20) are optional in every export; stg tables made without them
-- (by a test's own DDL, or an older warehouse) get them empty, so CNY-only data models exactly as before.
ALTER TABLE stg_receipts ADD COLUMN IF NOT EXISTS currency VARCHAR;
ALTER TABLE stg_receipts ADD COLUMN IF NOT EXISTS fx_rate DECIMAL(18,6);
ALTER TABLE stg_receipts ADD COLUMN IF NOT EXISTS amount_fc DECIMAL(18,2);

CREATE OR REPLACE TABLE fct_receipt AS
SELECT
    r.receipt_id,
    r.customer_id,
    r.receipt_date,
    money(r.amount) AS amount,
    r.invoice_id,
    r.method,
    coalesce(r.method IN ('bank_acceptance', 'commercial_acceptance'), false) AS is_acceptance,
    r.amount < 0 AS is_refund,
    c.owner_id,
    a.team_id AS owner_team_id,
    coalesce(r.currency, 'CNY') AS currency,
    CASE WHEN coalesce(r.currency, 'CNY') = 'CNY' THEN coalesce(r.fx_rate, 1) ELSE r.fx_rate END AS fx_rate,
    money(CASE WHEN coalesce(r.currency, 'CNY') = 'CNY' THEN coalesce(r.amount_fc, r.amount) ELSE r.amount_fc END) AS amount_fc
FROM stg_receipts r
LEFT JOIN stg_customers c ON c.customer_id = r.customer_id
LEFT JOIN dim_person_assignment a ON a.person_id = c.owner_id AND team_span_holds(a.valid_from, a.valid_to, r.receipt_date);
