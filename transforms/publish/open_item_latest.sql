-- open_item_latest — 最新未清项: fct_open_item at the latest month end only, with the names and Chinese bucket
-- labels the pages show (≈6 k rows instead of ≈150 k): the open items of the unit pages, the early warnings of
-- the home page.
-- Grain: invoice_id: one row per invoice open at the latest month end.
-- Sorted by (customer_id, days_overdue DESC, invoice_id) so a page listing a unit's items needs no ORDER BY
-- (see unit_month_metrics). Past months' open items: fct_open_item.
CREATE OR REPLACE TABLE open_item_latest AS
select
  o.as_of, o.period_key, o.invoice_id, o.customer_id, c.customer_name, o.person_id, p.person_name,
  o.team_id, t.team_name, o.invoice_date, o.due_date, o.deferred_until, o.amount, o.open_amount,
  o.days_overdue, o.aging_bucket, d.bucket_label as aging_label, o.age_bucket, a.bucket_label as age_label,
  o.age_days
from fct_open_item o
left join dim_customer c using (customer_id)
left join dim_person p on p.person_id = o.person_id
left join dim_team t on t.team_id = o.team_id
left join dim_aging_bucket d on d.basis = 'due' and d.bucket = o.aging_bucket
left join dim_aging_bucket a on a.basis = 'age' and a.bucket = o.age_bucket
where o.as_of = (select max(as_of) from fct_open_item)
order by o.customer_id, o.days_overdue desc, o.invoice_id;

COMMENT ON TABLE open_item_latest IS '最新未清项 / fct_open_item at the latest month end with names and bucket labels: the unit pages and the home page''s early warnings';
COMMENT ON COLUMN open_item_latest.as_of IS '截止日 / The latest month end';
COMMENT ON COLUMN open_item_latest.period_key IS '月份 / Month of as_of (YYYY-MM)';
COMMENT ON COLUMN open_item_latest.invoice_id IS '单据编号 / Invoice';
COMMENT ON COLUMN open_item_latest.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN open_item_latest.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN open_item_latest.person_id IS '业务员 / The invoice''s person';
COMMENT ON COLUMN open_item_latest.person_name IS '业务员姓名 / The invoice''s person''s name';
COMMENT ON COLUMN open_item_latest.team_id IS '团队 / The invoice''s team';
COMMENT ON COLUMN open_item_latest.team_name IS '团队名称 / The invoice''s team name';
COMMENT ON COLUMN open_item_latest.invoice_date IS '单据日期 / Invoice date';
COMMENT ON COLUMN open_item_latest.due_date IS '到期日 / Due date';
COMMENT ON COLUMN open_item_latest.deferred_until IS '特批延期至 / Approved deferral date';
COMMENT ON COLUMN open_item_latest.amount IS '原始金额 / Invoice amount';
COMMENT ON COLUMN open_item_latest.open_amount IS '未清金额 / fct_open_item.open_amount at as_of';
COMMENT ON COLUMN open_item_latest.days_overdue IS '逾期天数 / as_of − due_date; ≤ 0 not yet due';
COMMENT ON COLUMN open_item_latest.aging_bucket IS '逾期账龄 / Due-date bucket code (dim_aging_bucket)';
COMMENT ON COLUMN open_item_latest.aging_label IS '逾期账龄名称 / Its Chinese label';
COMMENT ON COLUMN open_item_latest.age_bucket IS '账龄 / Invoice-date bucket code (dim_aging_bucket)';
COMMENT ON COLUMN open_item_latest.age_label IS '账龄名称 / Its Chinese label';
COMMENT ON COLUMN open_item_latest.age_days IS '账龄天数 / as_of − invoice_date';
