-- int_fifo_source — 先进先出核销的资金流: per customer, everything that pays invoices FIFO, in order.
-- Grain: one row per source document with something left to place (amount > 0).
-- Sources: the part of each receipt not placed explicitly; every credit note (|amount|, dated at its
-- invoice_date: every credit note goes to that customer's open invoices, docs/metrics.md, Receipt application); the part of each
-- write-off not placed on its named invoice, and write-offs that name no invoice (they reduce the
-- customer's oldest open invoices at their date).
-- Order within a customer: (source_date, receipts → credit notes → write-offs, source_id); on one day cash
-- comes before a write-off of what is left. [cum_start, cum_end) is the source's slice of the customer's
-- cumulative stream; int_fifo_match lays it against the invoices' slices.
CREATE OR REPLACE TABLE int_fifo_source AS
WITH placed AS (
    -- what the document itself gave up: its own 本币 (= allocated but for same-currency foreign receipts)
    SELECT source_type, source_id, sum(consumed) AS allocated
    FROM int_explicit_allocation
    GROUP BY source_type, source_id
),
source AS (
    SELECT r.customer_id, 'receipt' AS source_type, 1 AS type_order, r.receipt_id AS source_id,
        r.receipt_date AS source_date, r.amount - coalesce(p.allocated, 0) AS amount, r.is_acceptance,
        r.receipt_date AS sort_date, r.receipt_id AS doc_id
    FROM fct_receipt r
    LEFT JOIN placed p ON p.source_type = 'receipt' AND p.source_id = r.receipt_id
    WHERE r.amount > 0
    UNION ALL
    SELECT customer_id, 'credit_note', 2, invoice_id, invoice_date, -amount, false, invoice_date, invoice_id
    FROM fct_invoice
    WHERE amount < 0
    UNION ALL
    SELECT w.customer_id, 'writeoff', 3, w.writeoff_id, w.writeoff_date, w.amount - coalesce(p.allocated, 0), false,
        w.writeoff_date, w.writeoff_id
    FROM stg_writeoffs w
    LEFT JOIN placed p ON p.source_type = 'writeoff' AND p.source_id = w.writeoff_id
    WHERE w.amount > 0
)
-- in (source_date, type_order, source_id) order, each with its slice (the fifo_slices macro, macros.sql)
SELECT customer_id, seq, source_type, source_id, source_date, money(amount) AS amount, is_acceptance, cum_start, cum_end
FROM fifo_slices(source);
