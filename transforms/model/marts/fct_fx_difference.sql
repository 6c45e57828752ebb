-- fct_fx_difference — 汇兑差额: what a receipt in its invoice's foreign currency gained or lost against the
-- invoice's rate.
-- Grain: (receipt_id, invoice_id): one row per explicit application in the same foreign currency whose 本币 at
-- the two rates differ.
-- The receipt pays the invoice in 原币 (int_explicit_allocation): the invoice's 本币 goes down by the 原币 at
-- the invoice's rate (allocated, in fct_application), the receipt gives up the same 原币 at its own rate
-- (consumed). The difference is kept here, never lost: Σ receipt = Σ its applications + Σ its differences +
-- what stays unapplied, and the difference is credited with the application (int_collection_credit).
CREATE OR REPLACE TABLE fct_fx_difference AS
SELECT
    e.source_id AS receipt_id,
    e.invoice_id,
    e.customer_id,
    i.person_id,
    i.team_id,
    r.currency,
    e.applied_date,
    money(CASE WHEN r.amount = 0 THEN 0 ELSE e.consumed * r.amount_fc / r.amount END) AS amount_fc,
    i.fx_rate AS invoice_rate,
    r.fx_rate AS receipt_rate,
    e.allocated AS amount_at_invoice_rate,
    e.consumed AS amount_at_receipt_rate,
    e.fx_difference
FROM int_explicit_allocation e
JOIN fct_receipt r ON r.receipt_id = e.source_id
JOIN fct_invoice i ON i.invoice_id = e.invoice_id
WHERE e.source_type = 'receipt' AND e.fx_difference <> 0
ORDER BY e.applied_date, e.source_id, e.invoice_id;

COMMENT ON TABLE fct_fx_difference IS '汇兑差额 / Exchange differences: a receipt in its invoice''s foreign currency applied in 原币, valued at both rates';
COMMENT ON COLUMN fct_fx_difference.receipt_id IS '收款单号 / The foreign-currency receipt';
COMMENT ON COLUMN fct_fx_difference.invoice_id IS '单据编号 / The invoice it paid (named on the receipt)';
COMMENT ON COLUMN fct_fx_difference.customer_id IS '客户编码 / Customer';
COMMENT ON COLUMN fct_fx_difference.person_id IS '业务员 / The invoice''s person (credited with the difference as with the collection)';
COMMENT ON COLUMN fct_fx_difference.team_id IS '团队 / The invoice''s team';
COMMENT ON COLUMN fct_fx_difference.currency IS '币别 / The common foreign currency';
COMMENT ON COLUMN fct_fx_difference.applied_date IS '核销日期 / greatest(receipt date, invoice date)';
COMMENT ON COLUMN fct_fx_difference.amount_fc IS '原币金额 / 原币 applied';
COMMENT ON COLUMN fct_fx_difference.invoice_rate IS '发票汇率 / The invoice''s rate';
COMMENT ON COLUMN fct_fx_difference.receipt_rate IS '收款汇率 / The receipt''s rate';
COMMENT ON COLUMN fct_fx_difference.amount_at_invoice_rate IS '按发票汇率本币 / 本币 taken off the invoice (fct_application.amount)';
COMMENT ON COLUMN fct_fx_difference.amount_at_receipt_rate IS '按收款汇率本币 / 本币 the receipt gave up';
COMMENT ON COLUMN fct_fx_difference.fx_difference IS '汇兑差额 / amount_at_receipt_rate − amount_at_invoice_rate: > 0 a gain (汇兑收益), < 0 a loss (汇兑损失)';
