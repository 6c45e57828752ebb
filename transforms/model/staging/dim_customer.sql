-- dim_customer — 客户维度: one row per customer (stg_customers) with the owner's team.
-- Grain: customer_id. The owner (负责业务员) is credited with the customer's unapplied cash and with
-- the part of a receipt that is not applied to any invoice (docs/metrics.md, Units and attribution).
CREATE OR REPLACE TABLE dim_customer AS
SELECT
    c.customer_id,
    c.customer_name,
    money(c.credit_limit) AS credit_limit,
    CAST(coalesce(c.credit_days, 30) AS INTEGER) AS credit_days,
    c.customer_type,
    c.region,
    c.owner_id,
    p.team_id AS owner_team_id
FROM stg_customers c
LEFT JOIN stg_people p ON p.person_id = c.owner_id
ORDER BY c.customer_id;

COMMENT ON TABLE dim_customer IS '客户维度 / Customers: one row per customer with credit terms and owner';
COMMENT ON COLUMN dim_customer.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN dim_customer.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN dim_customer.credit_limit IS '信用额度 / Credit limit';
COMMENT ON COLUMN dim_customer.credit_days IS '信用期(天) / Credit days: due_date = invoice_date + credit_days when an invoice has no due date';
COMMENT ON COLUMN dim_customer.customer_type IS '客户类型 / Customer type (优质, 普通, 风险, 经销商 …)';
COMMENT ON COLUMN dim_customer.region IS '区域 / Region';
COMMENT ON COLUMN dim_customer.owner_id IS '负责业务员 / Owner: default person of the customer''s invoices; credited with its unapplied cash';
COMMENT ON COLUMN dim_customer.owner_team_id IS '负责团队 / The owner''s team';
