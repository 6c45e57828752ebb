-- ar_metrics_summary — 公司与团队指标: mart_ar_metrics for the company and its teams only, every column and
-- grain: small enough (a few hundred KB) for the browser to fetch when an input re-queries. Prerendered queries
-- may use the full mart_ar_metrics; queries that depend on an input (inputs.…) should use this table.
-- Grain: (period_key, level, unit_id): the company and team rows of mart_ar_metrics.
-- A plain filtered scan keeps mart_ar_metrics' row order (preserve_insertion_order).
CREATE OR REPLACE TABLE ar_metrics_summary AS
select * from mart_ar_metrics where level in ('company', 'team');

COMMENT ON TABLE ar_metrics_summary IS '公司与团队指标 / mart_ar_metrics for the company and the teams only: small enough for queries that depend on an input';
COMMENT ON COLUMN ar_metrics_summary.period_key IS '期间 / mart_ar_metrics.period_key';
COMMENT ON COLUMN ar_metrics_summary.grain IS '粒度 / mart_ar_metrics.grain';
COMMENT ON COLUMN ar_metrics_summary.level IS '层级 / company or team';
COMMENT ON COLUMN ar_metrics_summary.unit_id IS '单位 / mart_ar_metrics.unit_id';
COMMENT ON COLUMN ar_metrics_summary.unit_name IS '名称 / mart_ar_metrics.unit_name';
COMMENT ON COLUMN ar_metrics_summary.start_date IS '期初日 / mart_ar_metrics.start_date';
COMMENT ON COLUMN ar_metrics_summary.end_date IS '期末日 / mart_ar_metrics.end_date';
COMMENT ON COLUMN ar_metrics_summary.as_of_date IS '余额日 / mart_ar_metrics.as_of_date';
COMMENT ON COLUMN ar_metrics_summary.sales IS '销售额 / mart_ar_metrics.sales';
COMMENT ON COLUMN ar_metrics_summary.collections IS '回款额 / mart_ar_metrics.collections';
COMMENT ON COLUMN ar_metrics_summary.writeoffs IS '坏账核销 / mart_ar_metrics.writeoffs';
COMMENT ON COLUMN ar_metrics_summary.applied_collections IS '核销回款 / mart_ar_metrics.applied_collections';
COMMENT ON COLUMN ar_metrics_summary.ar_begin IS '期初应收余额 / mart_ar_metrics.ar_begin';
COMMENT ON COLUMN ar_metrics_summary.ar_balance IS '应收余额 / mart_ar_metrics.ar_balance';
COMMENT ON COLUMN ar_metrics_summary.overdue_amount IS '逾期金额 / mart_ar_metrics.overdue_amount';
COMMENT ON COLUMN ar_metrics_summary.current_amount IS '未到期金额 / mart_ar_metrics.current_amount';
COMMENT ON COLUMN ar_metrics_summary.unapplied_amount IS '未核销款 / mart_ar_metrics.unapplied_amount';
COMMENT ON COLUMN ar_metrics_summary.customers_open IS '欠款客户数 / mart_ar_metrics.customers_open';
COMMENT ON COLUMN ar_metrics_summary.customers_overdue IS '逾期客户数 / mart_ar_metrics.customers_overdue';
COMMENT ON COLUMN ar_metrics_summary.collection_target IS '回款任务 / mart_ar_metrics.collection_target';
COMMENT ON COLUMN ar_metrics_summary.sales_target IS '销售目标 / mart_ar_metrics.sales_target';
COMMENT ON COLUMN ar_metrics_summary.collection_rate_target IS '回款率(任务) / mart_ar_metrics.collection_rate_target';
COMMENT ON COLUMN ar_metrics_summary.collection_rate_balance IS '回款率(余额) / mart_ar_metrics.collection_rate_balance';
COMMENT ON COLUMN ar_metrics_summary.sales_collection_rate IS '月度销售回款率 / mart_ar_metrics.sales_collection_rate';
COMMENT ON COLUMN ar_metrics_summary.bad_debt_rate_collections IS '坏账率(回款) / mart_ar_metrics.bad_debt_rate_collections';
COMMENT ON COLUMN ar_metrics_summary.bad_debt_rate_sales IS '坏账率(销售) / mart_ar_metrics.bad_debt_rate_sales';
COMMENT ON COLUMN ar_metrics_summary.overdue_customer_ratio IS '拖欠欠款比例 / mart_ar_metrics.overdue_customer_ratio';
COMMENT ON COLUMN ar_metrics_summary.overdue_rate IS '应收账款逾期率 / mart_ar_metrics.overdue_rate';
COMMENT ON COLUMN ar_metrics_summary.collection_cycle IS '应收账款催收周期 / mart_ar_metrics.collection_cycle';
COMMENT ON COLUMN ar_metrics_summary.receivables_turnover IS '应收账款周转率 / mart_ar_metrics.receivables_turnover';
COMMENT ON COLUMN ar_metrics_summary.dso IS 'DSO / mart_ar_metrics.dso';
COMMENT ON COLUMN ar_metrics_summary.dso_countback IS '倒推DSO / mart_ar_metrics.dso_countback';
COMMENT ON COLUMN ar_metrics_summary.best_possible_dso IS '最佳DSO / mart_ar_metrics.best_possible_dso';
COMMENT ON COLUMN ar_metrics_summary.average_days_delinquent IS '平均逾期天数(ADD) / mart_ar_metrics.average_days_delinquent';
COMMENT ON COLUMN ar_metrics_summary.cei IS '回款有效指数(CEI) / mart_ar_metrics.cei';
COMMENT ON COLUMN ar_metrics_summary.gross_sales IS '开票额 / mart_ar_metrics.gross_sales';
COMMENT ON COLUMN ar_metrics_summary.acceptance_collections IS '承兑回款 / mart_ar_metrics.acceptance_collections';
COMMENT ON COLUMN ar_metrics_summary.applied_writeoffs IS '核销坏账 / mart_ar_metrics.applied_writeoffs';
COMMENT ON COLUMN ar_metrics_summary.open_items IS '未清项数 / mart_ar_metrics.open_items';
COMMENT ON COLUMN ar_metrics_summary.dso_sales_3m IS '近三月销售额 / mart_ar_metrics.dso_sales_3m';
COMMENT ON COLUMN ar_metrics_summary.dso_days_3m IS '近三月天数 / mart_ar_metrics.dso_days_3m';
