-- customer_page — 客户页: everything one /customers/<id>/ page shows, in ONE table, so the page needs ONE
-- query (`where customer_id = …`, no join, no ORDER BY).
-- Grain: (customer_id, kind, period_key, invoice_id): kind 'month' one row per customer and month of
-- mart_ar_metrics (level customer); kind 'item' one row per open invoice of the customer at the latest month
-- end (fct_open_item).
-- Why: the site prerenders ≈2,000 customer pages and every page query is paid once per page in the build.
-- Months come newest first, open items most overdue first. The customer's own fields (dim_customer, its owner
-- and team) are repeated on every row. Sorted by (customer_id, kind, …): a plain filtered scan keeps insertion
-- order (preserve_insertion_order), so the page gets its rows in that order. Every value is the marts' own;
-- nothing is recomputed.
CREATE OR REPLACE TABLE customer_page AS
with customer as (
  select c.customer_id, c.customer_name, c.customer_type, c.credit_limit, c.credit_days, c.region,
         c.owner_id, p.person_name as owner_name, p.team_id as owner_team_id, p.team_name as owner_team_name
  from dim_customer c
  left join dim_person p on p.person_id = c.owner_id
)
select c.*, x.* exclude (customer_id)
from customer c
join (
  select unit_id as customer_id, 'month' as kind, period_key, end_date,
         sales, collections, writeoffs, ar_balance, overdue_amount, overdue_rate, dso, cei, unapplied_amount,
         null::varchar as invoice_id, null::date as invoice_date, null::date as due_date,
         null::date as deferred_until, null::decimal(18, 2) as amount, null::decimal(18, 2) as open_amount,
         null::integer as days_overdue, null::varchar as aging_label, null::varchar as age_label,
         null::varchar as person_id, null::varchar as person_name
  from mart_ar_metrics
  where grain = 'month' and level = 'customer'
  union all
  select o.customer_id, 'item', o.period_key, o.as_of,
         null, null, null, null, null, null, null, null, null,
         o.invoice_id, o.invoice_date, o.due_date, o.deferred_until, o.amount, o.open_amount,
         o.days_overdue, d.bucket_label, a.bucket_label, o.person_id, p.person_name
  from fct_open_item o
  left join dim_person p on p.person_id = o.person_id
  left join dim_aging_bucket d on d.basis = 'due' and d.bucket = o.aging_bucket
  left join dim_aging_bucket a on a.basis = 'age' and a.bucket = o.age_bucket
  where o.as_of = (select max(as_of) from fct_open_item)
) x using (customer_id)
order by c.customer_id, x.kind desc, x.period_key desc, x.days_overdue desc, x.invoice_id;

COMMENT ON TABLE customer_page IS '客户页 / One customer page''s rows: its monthly metrics (kind month) and its open items at the latest month end (kind item), with the customer''s fields on every row';
COMMENT ON COLUMN customer_page.customer_id IS '客户编码 / Customer id';
COMMENT ON COLUMN customer_page.customer_name IS '客户名称 / dim_customer.customer_name';
COMMENT ON COLUMN customer_page.customer_type IS '客户类型 / dim_customer.customer_type';
COMMENT ON COLUMN customer_page.credit_limit IS '信用额度 / dim_customer.credit_limit';
COMMENT ON COLUMN customer_page.credit_days IS '信用期(天) / dim_customer.credit_days';
COMMENT ON COLUMN customer_page.region IS '区域 / dim_customer.region';
COMMENT ON COLUMN customer_page.owner_id IS '负责业务员 / dim_customer.owner_id';
COMMENT ON COLUMN customer_page.owner_name IS '业务员姓名 / The owner''s name (dim_person)';
COMMENT ON COLUMN customer_page.owner_team_id IS '负责团队 / The owner''s team (dim_person.team_id)';
COMMENT ON COLUMN customer_page.owner_team_name IS '团队名称 / The owner''s team name';
COMMENT ON COLUMN customer_page.kind IS '行类型 / month: a monthly metrics row; item: an open invoice at the latest month end';
COMMENT ON COLUMN customer_page.period_key IS '期间 / Month (YYYY-MM): of the metrics row, or of the open item''s month end';
COMMENT ON COLUMN customer_page.end_date IS '期末日 / month: the month''s last day; item: the month end the item is open at (fct_open_item.as_of)';
COMMENT ON COLUMN customer_page.sales IS '销售额 / month rows: mart_ar_metrics.sales';
COMMENT ON COLUMN customer_page.collections IS '回款额 / month rows: mart_ar_metrics.collections';
COMMENT ON COLUMN customer_page.writeoffs IS '坏账核销 / month rows: mart_ar_metrics.writeoffs';
COMMENT ON COLUMN customer_page.ar_balance IS '应收余额 / month rows: mart_ar_metrics.ar_balance';
COMMENT ON COLUMN customer_page.overdue_amount IS '逾期金额 / month rows: mart_ar_metrics.overdue_amount';
COMMENT ON COLUMN customer_page.overdue_rate IS '逾期率 / month rows: mart_ar_metrics.overdue_rate';
COMMENT ON COLUMN customer_page.dso IS 'DSO / month rows: mart_ar_metrics.dso';
COMMENT ON COLUMN customer_page.cei IS '回款有效指数(CEI) / month rows: mart_ar_metrics.cei';
COMMENT ON COLUMN customer_page.unapplied_amount IS '未核销款 / month rows: mart_ar_metrics.unapplied_amount';
COMMENT ON COLUMN customer_page.invoice_id IS '单据编号 / item rows: the open invoice';
COMMENT ON COLUMN customer_page.invoice_date IS '单据日期 / item rows: fct_open_item.invoice_date';
COMMENT ON COLUMN customer_page.due_date IS '到期日 / item rows: fct_open_item.due_date';
COMMENT ON COLUMN customer_page.deferred_until IS '特批延期至 / item rows: fct_open_item.deferred_until';
COMMENT ON COLUMN customer_page.amount IS '原始金额 / item rows: fct_open_item.amount';
COMMENT ON COLUMN customer_page.open_amount IS '未清金额 / item rows: fct_open_item.open_amount at the month end';
COMMENT ON COLUMN customer_page.days_overdue IS '逾期天数 / item rows: fct_open_item.days_overdue (≤ 0 not yet due)';
COMMENT ON COLUMN customer_page.aging_label IS '逾期账龄 / item rows: the Chinese label of the due-date bucket (dim_aging_bucket)';
COMMENT ON COLUMN customer_page.age_label IS '账龄 / item rows: the Chinese label of the invoice-date bucket (dim_aging_bucket)';
COMMENT ON COLUMN customer_page.person_id IS '业务员 / item rows: the invoice''s person';
COMMENT ON COLUMN customer_page.person_name IS '业务员姓名 / item rows: the invoice''s person''s name';
