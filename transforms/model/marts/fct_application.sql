-- fct_application — 核销明细: every yuan that met an invoice, with where it came from and when.
-- Grain: one row per (source document, invoice, rule). Sources are receipts and credit notes; explicit
-- applications (the receipt names the invoice) come first, the rest FIFO (int_explicit_allocation,
-- int_fifo_match). An invoice's open amount at t = amount − Σ applications with applied_date ≤ t
-- − write-offs effective ≤ t (fct_open_item). Σ over receipts + unapplied cash = Σ receipts.
-- person_id / team_id: who held the invoice on the applied date and their team then (macro attributed): the
-- invoice's person ("谁放货谁清收"), or the customer's owner once that person has left.
-- No final ORDER BY (issue 21; UNORDERED_TABLES in transforms/warehouse.ts): 14 M rows at 10 M invoices, the
-- sort was 8 s of the model there; readers order what they read.
CREATE OR REPLACE TABLE fct_application AS
WITH application AS (
    SELECT e.source_id, 'receipt' AS source_type, e.invoice_id, e.applied_date, e.source_date, e.allocated AS amount,
        'explicit' AS rule, r.is_acceptance
    FROM int_explicit_allocation e
    JOIN fct_receipt r ON r.receipt_id = e.source_id
    WHERE e.source_type = 'receipt' AND e.allocated > 0
    UNION ALL
    SELECT source_id, source_type, consumer_id, matched_date, source_date, amount, 'fifo', is_acceptance
    FROM int_fifo_match
    WHERE consumer_type = 'invoice' AND source_type IN ('receipt', 'credit_note')
),
invoiced AS (
    SELECT a.*, i.customer_id, i.person_id, a.applied_date AS attributed_on, i.invoice_date, i.due_date
    FROM application a
    JOIN fct_invoice i ON i.invoice_id = a.invoice_id
)
SELECT
    a.source_id,
    a.source_type,
    a.invoice_id,
    a.customer_id,
    a.person_id,
    a.team_id,
    a.applied_date,
    a.source_date,
    money(a.amount) AS amount,
    a.rule,
    a.is_acceptance,
    a.invoice_date,
    a.due_date
FROM attributed(invoiced) a;
