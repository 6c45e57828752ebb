-- fct_application — 核销明细: every yuan that met an invoice, with where it came from and when.
-- Grain: one row per (source document, invoice, rule). Sources are receipts and credit notes; explicit
-- applications (the receipt names the invoice) come first, the rest FIFO (int_explicit_allocation,
-- int_fifo_match). An invoice's open amount at t = amount − Σ applications with applied_date ≤ t
-- − write-offs effective ≤ t (fct_open_item). Σ over receipts + unapplied cash = Σ receipts.
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
)
SELECT
    a.source_id,
    a.source_type,
    a.invoice_id,
    i.customer_id,
    i.person_id,
    i.team_id,
    a.applied_date,
    a.source_date,
    money(a.amount) AS amount,
    a.rule,
    a.is_acceptance,
    i.invoice_date,
    i.due_date
FROM application a
JOIN (SELECT rowid AS invoice_seq, * FROM fct_invoice) i ON i.invoice_id = a.invoice_id
-- i.invoice_seq (fct_invoice's rowid; fct_invoice is stored in invoice_id order) sorts like invoice_id at
-- the cost of an integer (issue 9)
ORDER BY a.applied_date, a.source_date, a.source_type, a.source_id, i.invoice_seq, a.rule;

COMMENT ON TABLE fct_application IS '核销明细 / Applications: each receipt or credit note amount applied to an invoice (explicit first, then FIFO by due date)';
COMMENT ON COLUMN fct_application.source_id IS '来源单号 / receipt_id, or the invoice_id of a credit note';
COMMENT ON COLUMN fct_application.source_type IS '来源类型 / receipt or credit_note';
COMMENT ON COLUMN fct_application.invoice_id IS '被核销单据 / The invoice paid';
COMMENT ON COLUMN fct_application.customer_id IS '客户编码 / Customer';
COMMENT ON COLUMN fct_application.person_id IS '业务员 / The invoice''s person: credited with this collection (谁放货谁清收)';
COMMENT ON COLUMN fct_application.team_id IS '团队 / The invoice''s team';
COMMENT ON COLUMN fct_application.applied_date IS '核销日期 / greatest(source date, invoice date): the day the money met the invoice';
COMMENT ON COLUMN fct_application.source_date IS '来源日期 / The receipt''s or credit note''s own date';
COMMENT ON COLUMN fct_application.amount IS '核销金额 / Amount applied';
COMMENT ON COLUMN fct_application.rule IS '规则 / explicit (the receipt names the invoice) or fifo (oldest due date first, then invoice_id)';
COMMENT ON COLUMN fct_application.is_acceptance IS '承兑 / The receipt was an acceptance note';
COMMENT ON COLUMN fct_application.invoice_date IS '单据日期 / Invoice date of the invoice paid';
COMMENT ON COLUMN fct_application.due_date IS '到期日 / Due date of the invoice paid';
