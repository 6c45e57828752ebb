-- int_fifo_consumer — 先进先出核销的待收队列: per customer, what FIFO money is laid against, in order.
-- Grain: one row per positive invoice with capacity left after explicit allocations, and per refund.
--
-- Invoices are ordered by (due_date, invoice_id) (oldest due date first: docs/metrics.md, Receipt application).
-- Their capacity is amount − explicit write-offs − explicit receipts, so write-offs take capacity first.
--
-- Refunds (negative receipts) are not applications, but they take unapplied cash out of the stream, so
-- they sit in this queue too: otherwise refunded cash would later be matched to an invoice. A refund dated
-- d is placed after every invoice issued by d (sort key = the latest due date among the customer's invoices
-- dated ≤ d, found with an ASOF join; the refund date when there are none): sequentially, cash on hand at d
-- has already paid everything issued by d, and the refund takes what is left, not cash an earlier invoice
-- needed. Refund slices are dropped by fct_application; fct_unapplied subtracts refunds at their own date.
CREATE OR REPLACE TABLE int_fifo_consumer AS
WITH placed AS (
    SELECT invoice_id, sum(allocated) AS allocated
    FROM int_explicit_allocation
    GROUP BY invoice_id
),
invoice AS (
    SELECT i.customer_id, 'invoice' AS consumer_type, 0 AS type_order, i.invoice_id AS consumer_id,
        i.invoice_date AS consumer_date, i.due_date AS sort_date, i.amount - coalesce(p.allocated, 0) AS amount,
        i.invoice_id AS doc_id
    FROM fct_invoice i
    LEFT JOIN placed p USING (invoice_id)
    WHERE i.amount > 0
),
due_high_water AS (
    -- per customer and invoice date: the latest due date among the invoices issued up to that date; only for the
    -- customers with a refund, the only ones the ASOF join below asks about (1,930 refunds at 10 M invoices: the
    -- window over every customer's invoices was a third of this file)
    SELECT customer_id, invoice_date,
        max(max(due_date)) OVER (PARTITION BY customer_id ORDER BY invoice_date ROWS UNBOUNDED PRECEDING) AS max_due
    FROM fct_invoice
    WHERE amount > 0 AND customer_id IN (SELECT customer_id FROM fct_receipt WHERE amount < 0)
    GROUP BY customer_id, invoice_date
),
refund AS (
    SELECT r.customer_id, 'refund' AS consumer_type, 1 AS type_order, r.receipt_id AS consumer_id,
        r.receipt_date AS consumer_date, coalesce(h.max_due, r.receipt_date) AS sort_date, -r.amount AS amount,
        r.receipt_id AS doc_id
    FROM fct_receipt r
    ASOF LEFT JOIN due_high_water h ON h.customer_id = r.customer_id AND r.receipt_date >= h.invoice_date
    WHERE r.amount < 0
),
consumer AS (
    SELECT * FROM invoice
    UNION ALL
    SELECT * FROM refund
)
-- in (sort_date, type_order, consumer_id) order, each with its slice (the fifo_slices macro, macros.sql)
SELECT customer_id, seq, consumer_type, consumer_id, consumer_date, sort_date, money(amount) AS amount, cum_start, cum_end
FROM fifo_slices(consumer);
