-- fct_collection_contact — 催收记录: every contact of the collection log (stg_collection_log, optional input)
-- with the collector's team on the contact date and, when the customer promised to pay, the promise.
-- Grain: contact_id, one row per loaded row of the log. The log has no id of its own: contact_id numbers the
-- contacts by (contact_date, customer_id, source_file, source_line), 'CL000001' … ('CL0000001' … from a million
-- contacts on), so two builds of one export give the same ids. A promise is judged against receipts in fct_promise (one row per contact with a promise).
-- No final ORDER BY (issue 21; UNORDERED_TABLES in transforms/warehouse.ts): a document table like fct_invoice, 10 M
-- rows at 10 M invoices, where the sort was 2.3 s of this file's 14.4 s; readers order what they read (ORDER BY contact_id).
-- Without a log file the table is empty (the loader's empty stg table; a test's own DDL may lack it, hence
-- CREATE IF NOT EXISTS below).
CREATE TABLE IF NOT EXISTS stg_collection_log (
    contact_date DATE, customer_id VARCHAR, invoice_id VARCHAR, person_id VARCHAR, action VARCHAR, result VARCHAR,
    promise_date DATE, promise_amount DECIMAL(18,2), note VARCHAR, source_file VARCHAR, source_line INTEGER
);

CREATE OR REPLACE TABLE fct_collection_contact AS
WITH numbered AS (
    SELECT l.*, row_number() OVER (ORDER BY l.contact_date, l.customer_id, l.source_file, l.source_line) AS contact_no
    FROM stg_collection_log l
)
SELECT
    -- zero-padded to 6 digits, or to the width of the row count when the log is longer: lpad cuts a longer
    -- number to its width (a 10 M-invoice log of 10 M contacts got 'CL952623' a dozen times), and one width for
    -- every id keeps the ids' text order their numbers' order (ORDER BY contact_id is the contacts' order; the count
    -- is one scalar, not a second window over every row)
    'CL' || lpad(CAST(l.contact_no AS VARCHAR),
                 CAST(greatest(6, length(CAST((SELECT count(*) FROM stg_collection_log) AS VARCHAR))) AS INTEGER), '0') AS contact_id,
    l.contact_date,
    strftime(l.contact_date, '%Y-%m') AS period_key,
    l.customer_id,
    l.invoice_id,
    l.person_id,
    a.team_id,
    l.action,
    l.result,
    l.promise_date IS NOT NULL AS has_promise,
    l.promise_date,
    money(l.promise_amount) AS promise_amount,
    l.note,
    l.source_file,
    CAST(l.source_line AS INTEGER) AS source_line
FROM numbered l
LEFT JOIN dim_person_assignment a ON a.person_id = l.person_id AND team_span_holds(a.valid_from, a.valid_to, l.contact_date);
