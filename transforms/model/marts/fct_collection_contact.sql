-- fct_collection_contact — 催收记录: every contact of the collection log (stg_collection_log, optional input)
-- with the collector's team and, when the customer promised to pay, the promise.
-- Grain: contact_id, one row per loaded row of the log. The log has no id of its own: contact_id numbers the
-- contacts by (contact_date, customer_id, source_file, source_line), 'CL000001' …, so two builds of one export
-- give the same ids. A promise is judged against receipts in fct_promise (one row per contact with a promise).
-- Without a log file the table is empty (the loader's empty stg table; a test's own DDL may lack it, hence
-- CREATE IF NOT EXISTS below).
CREATE TABLE IF NOT EXISTS stg_collection_log (
    contact_date DATE, customer_id VARCHAR, invoice_id VARCHAR, person_id VARCHAR, action VARCHAR, result VARCHAR,
    promise_date DATE, promise_amount DECIMAL(18,2), note VARCHAR, source_file VARCHAR, source_line INTEGER
);

CREATE OR REPLACE TABLE fct_collection_contact AS
SELECT
    'CL' || lpad(CAST(row_number() OVER (ORDER BY l.contact_date, l.customer_id, l.source_file, l.source_line) AS VARCHAR), 6, '0') AS contact_id,
    l.contact_date,
    strftime(l.contact_date, '%Y-%m') AS period_key,
    l.customer_id,
    l.invoice_id,
    l.person_id,
    p.team_id,
    l.action,
    l.result,
    l.promise_date IS NOT NULL AS has_promise,
    l.promise_date,
    money(l.promise_amount) AS promise_amount,
    l.note,
    l.source_file,
    CAST(l.source_line AS INTEGER) AS source_line
FROM stg_collection_log l
LEFT JOIN dim_person p ON p.person_id = l.person_id
ORDER BY contact_id;

COMMENT ON TABLE fct_collection_contact IS '催收记录 / Every contact of the collection log (who, when, how, what the customer said, any promise to pay)';
COMMENT ON COLUMN fct_collection_contact.contact_id IS '记录号 / CL000001 …: the contacts numbered by date, customer and place in the file';
COMMENT ON COLUMN fct_collection_contact.contact_date IS '催收日期 / Day of the contact';
COMMENT ON COLUMN fct_collection_contact.period_key IS '月份 / Month of the contact (2025-03)';
COMMENT ON COLUMN fct_collection_contact.customer_id IS '客户 / Customer contacted';
COMMENT ON COLUMN fct_collection_contact.invoice_id IS '单据号 / The invoice the contact was about; NULL: the customer''s balance';
COMMENT ON COLUMN fct_collection_contact.person_id IS '催收人 / Who made the contact';
COMMENT ON COLUMN fct_collection_contact.team_id IS '团队 / The collector''s team (dim_person)';
COMMENT ON COLUMN fct_collection_contact.action IS '催收方式 / As written in the log: 电话, 上门拜访, 发送对账单 …';
COMMENT ON COLUMN fct_collection_contact.result IS '催收结果 / As written in the log: 承诺付款, 未接通 …';
COMMENT ON COLUMN fct_collection_contact.has_promise IS '有付款承诺 / The customer promised to pay (a promise date and amount are given)';
COMMENT ON COLUMN fct_collection_contact.promise_date IS '承诺付款日 / Day the customer promised to have paid by';
COMMENT ON COLUMN fct_collection_contact.promise_amount IS '承诺金额 / Amount promised (本币)';
COMMENT ON COLUMN fct_collection_contact.note IS '备注 / Note as written in the log';
COMMENT ON COLUMN fct_collection_contact.source_file IS '来源文件 / File of the log the row came from';
COMMENT ON COLUMN fct_collection_contact.source_line IS '来源行 / Line of that file';
