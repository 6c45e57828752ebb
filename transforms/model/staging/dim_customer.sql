-- dim_customer — 客户维度: one row per customer (stg_customers) with the owner's team today.
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
LEFT JOIN dim_person p ON p.person_id = c.owner_id
ORDER BY c.customer_id;
