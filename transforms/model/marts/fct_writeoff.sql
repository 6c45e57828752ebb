-- fct_writeoff — 坏账核销: each write-off and the invoices it reduced.
-- Grain: one row per (writeoff_id, invoice reduced); Σ amount per writeoff_id = the write-off's amount.
-- A write-off naming an invoice reduces it first (capped at the invoice amount, before any receipt: rule
-- 'explicit'); the rest, and write-offs naming no invoice, reduce the customer's open invoices oldest due
-- date first at the write-off date (rule 'fifo', through int_fifo_match). Whatever finds no invoice (or
-- a write-off amount ≤ 0) stays one row with invoice_id NULL (rule 'unallocated'): it reduces no AR.
-- person_id / team_id: who held the reduced invoice on the effective date (macro attributed: its person, or the
-- customer's owner once that person has left), else the customer's owner; the team is theirs on that day. effective_date is the day
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
),
reduced AS (
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
        r.effective_date AS attributed_on
    FROM piece r
    JOIN stg_writeoffs w USING (writeoff_id)
    LEFT JOIN fct_invoice i ON i.invoice_id = r.invoice_id
    LEFT JOIN dim_customer c ON c.customer_id = w.customer_id
)
SELECT writeoff_id, customer_id, invoice_id, requested_invoice_id, writeoff_date, effective_date, amount, rule, person_id, team_id
FROM attributed(reduced)
ORDER BY writeoff_date, writeoff_id, invoice_id NULLS LAST;
