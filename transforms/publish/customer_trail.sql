-- customer_trail — 单据追溯: the documents behind a customer page, down to each invoice and receipt.
-- Grain: (customer_id, section, doc_id, event_order): section 'invoice' for every invoice open at the latest month
-- end — its own row (开票), each application that reduced it (收款核销 by a receipt, 红字冲销 by a credit note), each
-- write-off (坏账核销), and its open amount at the first month end it was open and at every month end that amount
-- changed (月末未收); section 'receipt' for every receipt dated in the 6 months up to the latest month end — its own
-- row (收款), each invoice it paid (核销), and what stays unapplied (未核销, when not zero).
-- Why: a finance reader drills from a customer's open items to the documents that explain them, and from a receipt
-- to the invoices it paid. The customer page reads the customer's rows only.
-- Bound: at most 50 invoices (the earliest due first: what collecting starts with) and 50 receipts (the latest
-- first) per customer. A customer with hundreds of open invoices had up to 5,900 rows here (1 M invoices), a 2 MB
-- page; 20,000 such pages made the site grow with the documents. Every row carries its section's totals
-- (section_docs, section_rest_amount), so the page says what is not listed, to the yuan. Every amount is a fact table's own
-- (fct_invoice via fct_open_item, fct_application, fct_writeoff, fct_receipt); only 未核销 is a difference: the
-- receipt's amount less what it applied. Sorted by (customer_id, section, doc_date DESC, doc_id, event_order).
CREATE OR REPLACE TABLE customer_trail AS
WITH latest AS (
  SELECT max(as_of) AS as_of FROM fct_open_item
),
trail_limit AS (
  SELECT 50 AS docs  -- documents listed per customer and section (see Bound above)
),
open_item AS (
  -- one row per invoice: one with instalments (收款计划) has a row per open line in fct_open_item; its due date
  -- here is its earliest open line's
  SELECT o.customer_id, o.invoice_id, any_value(o.invoice_date) AS invoice_date, min(o.due_date) AS due_date,
         any_value(o.amount) AS amount, CAST(sum(o.open_amount) AS DECIMAL(18, 2)) AS open_amount
  FROM fct_open_item o
  JOIN latest l ON o.as_of = l.as_of
  GROUP BY o.customer_id, o.invoice_id
),
open_invoice_all AS (
  SELECT o.*,
         row_number() OVER (PARTITION BY o.customer_id ORDER BY o.due_date, o.invoice_id) AS doc_rank,
         CAST(count(*) OVER (PARTITION BY o.customer_id) AS INTEGER) AS section_docs,
         sum(o.open_amount) OVER (PARTITION BY o.customer_id) AS section_amount
  FROM open_item o
),
open_invoice AS (
  -- the listed ones, with what the unlisted ones still owe
  SELECT n.* EXCLUDE (section_amount),
         CAST(n.section_amount - sum(n.open_amount) OVER (PARTITION BY n.customer_id) AS DECIMAL(18, 2)) AS section_rest_amount
  FROM open_invoice_all n, trail_limit t
  WHERE n.doc_rank <= t.docs
),
month_end_change AS (
  -- the open amount at each month end, kept where it differs from the month end before (or is the first)
  SELECT invoice_id, as_of, open_amount
  FROM (
    SELECT o.invoice_id, o.as_of, CAST(sum(o.open_amount) AS DECIMAL(18, 2)) AS open_amount
    FROM fct_open_item o
    SEMI JOIN open_invoice n USING (invoice_id)
    GROUP BY o.invoice_id, o.as_of
  )
  QUALIFY open_amount IS DISTINCT FROM lag(open_amount) OVER (PARTITION BY invoice_id ORDER BY as_of)
),
invoice_event AS (
  SELECT invoice_id, invoice_date AS event_date, 1 AS event_rank, '开票' AS event, NULL::VARCHAR AS counterpart_id,
         NULL::VARCHAR AS rule, amount, NULL::DECIMAL(18, 2) AS open_amount
  FROM open_invoice
  UNION ALL
  SELECT a.invoice_id, a.applied_date, 2, CASE a.source_type WHEN 'receipt' THEN '收款核销' ELSE '红字冲销' END,
         a.source_id, a.rule, a.amount, NULL
  FROM fct_application a
  JOIN open_invoice n USING (invoice_id)
  UNION ALL
  SELECT w.invoice_id, w.effective_date, 3, '坏账核销', w.writeoff_id, w.rule, w.amount, NULL
  FROM fct_writeoff w
  JOIN open_invoice n USING (invoice_id)
  UNION ALL
  -- at a month end, after that day's documents
  SELECT invoice_id, as_of, 4, '月末未收', NULL, NULL, NULL, open_amount
  FROM month_end_change
),
recent_receipt_all AS (
  SELECT r.customer_id, r.receipt_id, r.receipt_date, r.amount, r.method,
         row_number() OVER (PARTITION BY r.customer_id ORDER BY r.receipt_date DESC, r.receipt_id DESC) AS doc_rank,
         CAST(count(*) OVER (PARTITION BY r.customer_id) AS INTEGER) AS section_docs,
         sum(r.amount) OVER (PARTITION BY r.customer_id) AS section_amount
  FROM fct_receipt r
  JOIN latest l ON r.receipt_date > l.as_of - INTERVAL 6 MONTH AND r.receipt_date <= l.as_of
),
recent_receipt AS (
  SELECT r.* EXCLUDE (section_amount),
         CAST(r.section_amount - sum(r.amount) OVER (PARTITION BY r.customer_id) AS DECIMAL(18, 2)) AS section_rest_amount
  FROM recent_receipt_all r, trail_limit t
  WHERE r.doc_rank <= t.docs
),
receipt_application AS (
  SELECT a.source_id AS receipt_id, a.invoice_id, a.applied_date, a.rule, a.amount
  FROM fct_application a
  JOIN recent_receipt r ON a.source_type = 'receipt' AND a.source_id = r.receipt_id
),
receipt_event AS (
  SELECT receipt_id, receipt_date AS event_date, 1 AS event_rank, '收款' AS event, NULL::VARCHAR AS counterpart_id,
         method AS rule, amount
  FROM recent_receipt
  UNION ALL
  SELECT receipt_id, applied_date, 2, '核销', invoice_id, rule, amount
  FROM receipt_application
  UNION ALL
  SELECT r.receipt_id, r.receipt_date, 3, '未核销', NULL, NULL, CAST(r.amount - coalesce(sum(a.amount), 0) AS DECIMAL(18, 2))
  FROM recent_receipt r
  LEFT JOIN receipt_application a USING (receipt_id)
  GROUP BY r.receipt_id, r.receipt_date, r.amount
  HAVING r.amount - coalesce(sum(a.amount), 0) <> 0
)
SELECT n.customer_id, 'invoice' AS section, n.invoice_id AS doc_id, n.invoice_date AS doc_date, n.amount AS doc_amount,
       n.due_date, n.open_amount AS doc_open_amount,
       row_number() OVER (PARTITION BY n.invoice_id ORDER BY e.event_date, e.event_rank, e.counterpart_id) AS event_order,
       e.event_date, e.event, e.counterpart_id, e.rule, e.amount, e.open_amount,
       n.section_docs, n.section_rest_amount
FROM open_invoice n
JOIN invoice_event e USING (invoice_id)
UNION ALL
SELECT r.customer_id, 'receipt', r.receipt_id, r.receipt_date, r.amount, NULL, NULL,
       row_number() OVER (PARTITION BY r.receipt_id ORDER BY e.event_date, e.event_rank, e.counterpart_id),
       e.event_date, e.event, e.counterpart_id, e.rule, e.amount, NULL,
       r.section_docs, r.section_rest_amount
FROM recent_receipt r
JOIN receipt_event e USING (receipt_id)
ORDER BY customer_id, section, doc_date DESC, doc_id, event_order;
