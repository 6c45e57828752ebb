-- fct_writeoff — 坏账核销: each write-off and the invoices it reduced.
-- Grain: one row per (writeoff_id, invoice reduced); Σ amount per writeoff_id = the write-off's amount.
-- A write-off naming an invoice reduces it first (capped at the invoice amount, before any receipt: rule
-- 'explicit'); the rest, and write-offs naming no invoice, reduce the customer's open invoices oldest due
-- date first at the write-off date (rule 'fifo', through int_fifo_match). Whatever finds no invoice (or
-- a write-off amount ≤ 0) stays one row with invoice_id NULL (rule 'unallocated'): it reduces no AR.
-- person_id / team_id: the reduced invoice's person, else the customer's owner. effective_date is the day
-- the invoice is reduced, greatest(writeoff_date, invoice_date); wo(P) (docs/metrics.md, Sales, collections, write-offs) uses writeoff_date.
CREATE OR REPLACE TABLE fct_writeoff AS
WITH allocation AS (
    SELECT source_id AS writeoff_id, invoice_id, applied_date AS effective_date, allocated AS amount, 'explicit' AS rule
    FROM int_explicit_allocation
    WHERE source_type = 'writeoff' AND allocated > 0
    UNION ALL
    SELECT source_id, consumer_id, matched_date, amount, 'fifo'
    FROM int_fifo_match
    WHERE source_type = 'writeoff' AND consumer_type = 'invoice'
),
allocated AS (
    SELECT writeoff_id, sum(amount) AS amount
    FROM allocation
    GROUP BY writeoff_id
),
piece AS (
    SELECT * FROM allocation
    UNION ALL
    SELECT w.writeoff_id, NULL, w.writeoff_date, w.amount - coalesce(a.amount, 0), 'unallocated'
    FROM stg_writeoffs w
    LEFT JOIN allocated a USING (writeoff_id)
    WHERE a.writeoff_id IS NULL OR w.amount <> a.amount  -- every write-off keeps at least one row
)
SELECT
    w.writeoff_id,
    w.customer_id,
    r.invoice_id,
    w.invoice_id AS requested_invoice_id,
    w.writeoff_date,
    r.effective_date,
    money(r.amount) AS amount,
    r.rule,
    CASE WHEN r.invoice_id IS NULL THEN c.owner_id ELSE i.person_id END AS person_id,
    CASE WHEN r.invoice_id IS NULL THEN c.owner_team_id ELSE i.team_id END AS team_id
FROM piece r
JOIN stg_writeoffs w USING (writeoff_id)
LEFT JOIN fct_invoice i ON i.invoice_id = r.invoice_id
LEFT JOIN dim_customer c ON c.customer_id = w.customer_id
ORDER BY w.writeoff_date, w.writeoff_id, r.invoice_id NULLS LAST;

COMMENT ON TABLE fct_writeoff IS '坏账核销 / Write-offs by the invoice they reduced (named invoice first, else FIFO oldest due date)';
COMMENT ON COLUMN fct_writeoff.writeoff_id IS '核销单号 / Write-off id';
COMMENT ON COLUMN fct_writeoff.customer_id IS '客户编码 / Customer';
COMMENT ON COLUMN fct_writeoff.invoice_id IS '被核销单据 / Invoice reduced; NULL when no open invoice could take it (reduces no AR)';
COMMENT ON COLUMN fct_writeoff.requested_invoice_id IS '指定单据 / Invoice named in the export, if any';
COMMENT ON COLUMN fct_writeoff.writeoff_date IS '核销日期 / Write-off date: wo(P) = Σ amount with writeoff_date in P';
COMMENT ON COLUMN fct_writeoff.effective_date IS '生效日 / Day the invoice is reduced: greatest(writeoff_date, invoice_date)';
COMMENT ON COLUMN fct_writeoff.amount IS '金额 / Amount written off on this invoice';
COMMENT ON COLUMN fct_writeoff.rule IS '规则 / explicit, fifo or unallocated';
COMMENT ON COLUMN fct_writeoff.person_id IS '业务员 / The invoice''s person (else the customer''s owner): bears the bad debt';
COMMENT ON COLUMN fct_writeoff.team_id IS '团队 / That person''s team';
