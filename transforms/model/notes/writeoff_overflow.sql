-- notes/writeoff_overflow — data-quality notes from the model into load_rejects (severity 'warning'); run by
-- runModel after every table, when the warehouse has load_rejects (a loaded export). Changes no model number.
-- A write-off naming an invoice that could not take all of it (more than the invoice had left to write
-- off, or a credit note) is not an error, but the rest reduces other invoices or nothing: a warning in
-- load_rejects names the write-off, the invoice and where the rest went. fct_writeoff itself is unchanged.
INSERT INTO load_rejects
SELECT
    w.source_file,
    'writeoffs',
    w.source_line,
    'amount',
    CAST(w.amount AS VARCHAR),
    'write-off ' || w.writeoff_id || ' of ' || CAST(money(w.amount) AS VARCHAR) || ' exceeds the open amount of invoice ' || w.invoice_id
        || ' (' || CAST(coalesce(p.on_named, 0) AS VARCHAR) || ' could be written off on it): '
        || CAST(money(w.amount) - coalesce(p.on_named, 0) AS VARCHAR) || ' went '
        || CASE WHEN coalesce(p.elsewhere, 0) = 0 THEN 'unallocated (it reduces no AR)'
                WHEN coalesce(p.unallocated, 0) = 0 THEN 'to other open invoices of ' || w.customer_id || ' (oldest first)'
                ELSE CAST(p.elsewhere AS VARCHAR) || ' to other open invoices of ' || w.customer_id || ', ' || CAST(p.unallocated AS VARCHAR) || ' unallocated' END,
    NULL,
    'warning'
FROM stg_writeoffs w
LEFT JOIN (
    SELECT writeoff_id,
           sum(amount) FILTER (WHERE invoice_id = requested_invoice_id) AS on_named,
           sum(amount) FILTER (WHERE invoice_id <> requested_invoice_id) AS elsewhere,
           sum(amount) FILTER (WHERE invoice_id IS NULL) AS unallocated
    FROM fct_writeoff
    GROUP BY writeoff_id
) p USING (writeoff_id)
WHERE w.invoice_id IS NOT NULL AND w.amount > 0 AND coalesce(p.on_named, 0) < w.amount
ORDER BY w.source_file, w.source_line;
