-- fct_invoice — 销售单据: one row per invoice of the export, with its due date and person resolved.
-- Grain: invoice_id. amount < 0 is a credit note (红字): it counts in sales as a negative, is never an
-- open item itself, and is applied to the customer's open invoices like a receipt (fct_application).
-- Resolution: due_date = the last instalment's due date when the invoice has a payment schedule (收款计划,
-- issue 20: the date it is due in full, as ERPNext's invoice due date), else the given due date, else
-- invoice_date + the customer's credit_days; its instalments are aged and overdue line by line (fct_open_item);
-- person_id = the invoice's person, else the customer's owner; team_id = that person's team on the invoice date
-- (dim_person_assignment: after a move the old invoices stay with the old team).
-- Foreign currency: amount is the 本币 (CNY) amount every metric uses; currency / fx_rate / amount_fc keep
-- the 原币 side (a receipt in the same currency applies in 原币: int_explicit_allocation, fct_fx_difference).
-- The foreign-currency columns (issue 20) are optional in every export; stg tables made without them
-- (by a test's own DDL, or an older warehouse) get them empty, so CNY-only data models exactly as before.
ALTER TABLE stg_invoices ADD COLUMN IF NOT EXISTS currency VARCHAR;
ALTER TABLE stg_invoices ADD COLUMN IF NOT EXISTS fx_rate DECIMAL(18,6);
ALTER TABLE stg_invoices ADD COLUMN IF NOT EXISTS amount_fc DECIMAL(18,2);
-- the payment schedule is optional too (a test's own DDL, an older warehouse): none, every invoice due whole
CREATE TABLE IF NOT EXISTS stg_payment_schedule (
    invoice_id VARCHAR, due_date DATE, amount DECIMAL(18,2), source_file VARCHAR, source_line INTEGER
);

CREATE OR REPLACE TABLE fct_invoice AS
WITH schedule AS (
    SELECT invoice_id, max(due_date) AS last_due_date, CAST(count(*) AS INTEGER) AS instalments
    FROM stg_payment_schedule
    GROUP BY invoice_id
)
SELECT
    i.invoice_id,
    i.customer_id,
    coalesce(i.person_id, c.owner_id) AS person_id,
    a.team_id,
    i.invoice_date,
    coalesce(s.last_due_date, i.due_date, CAST(i.invoice_date + coalesce(c.credit_days, 30) AS DATE)) AS due_date,
    money(i.amount) AS amount,
    money(i.cost_amount) AS cost_amount,
    i.contract_id,
    i.deferred_until,
    i.amount < 0 AS is_credit_note,
    coalesce(i.currency, 'CNY') AS currency,
    CASE WHEN coalesce(i.currency, 'CNY') = 'CNY' THEN coalesce(i.fx_rate, 1) ELSE i.fx_rate END AS fx_rate,
    money(CASE WHEN coalesce(i.currency, 'CNY') = 'CNY' THEN coalesce(i.amount_fc, i.amount) ELSE i.amount_fc END) AS amount_fc,
    s.instalments
FROM stg_invoices i
LEFT JOIN schedule s ON s.invoice_id = i.invoice_id
LEFT JOIN stg_customers c ON c.customer_id = i.customer_id
LEFT JOIN dim_person_assignment a
    ON a.person_id = coalesce(i.person_id, c.owner_id) AND team_span_holds(a.valid_from, a.valid_to, i.invoice_date);
