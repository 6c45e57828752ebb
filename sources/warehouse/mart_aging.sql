-- mart_aging: exposed to pages as warehouse.mart_aging (see docs/architecture.md), without the customer
-- level: customer rows are ~90% of the table (≈0.9 M rows for the default sample, 40 s of `evidence sources`
-- and ~95 MB in build/data). A page that needs one customer's aging groups warehouse.fct_open_item by
-- aging_bucket / age_bucket (as_of = the period's as_of_date) — docs/analyst-guide.md shows how.
-- 客户层级的账龄不随站点发布（数据量过大）；需要时用 warehouse.fct_open_item 按 aging_bucket 汇总。
select * from mart_aging where level <> 'customer'
