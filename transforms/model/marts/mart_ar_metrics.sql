-- mart_ar_metrics — 应收考核指标: every metric of docs/metrics.md for every period × unit.
-- Grain: (period_key, level, unit_id): month / quarter / year × company / team / person / customer.
-- P = the period, b = the day before its start (end of the previous period), e = its as_of_date (its end,
-- or the last month end with data when the period runs past the data).
-- Flows (sales, collections, write-offs, applications) are summed over the period's months
-- (int_unit_month_flow); balances are read at b and e (int_unit_month_balance), never summed over months.
-- Attribution (docs/metrics.md, Units and attribution): invoices, open AR and applications to the invoice's person and team; collections
-- split by the invoices each receipt paid, the rest to the customer's owner; unapplied cash to the owner.
-- Roll-forward identity per unit: ar_balance = ar_begin + gross_sales − applied_collections − applied_writeoffs.
-- Rates are DOUBLE computed from exact DECIMALs; NULL when the denominator is 0 or NULL.
CREATE OR REPLACE TABLE mart_ar_metrics AS
WITH period_month AS (
    SELECT p.period_key, m.start_date AS month_start
    FROM dim_period p
    JOIN dim_period m ON m.grain = 'month' AND m.start_date BETWEEN p.start_date AND p.end_date
),
flow AS (
    SELECT
        pm.period_key,
        f.level,
        f.unit_id,
        sum(f.sales) AS sales,
        sum(f.gross_sales) AS gross_sales,
        sum(f.collections) AS collections,
        sum(f.acceptance_collections) AS acceptance_collections,
        sum(f.writeoffs) AS writeoffs,
        sum(f.applied_collections) AS applied_collections,
        sum(f.applied_writeoffs) AS applied_writeoffs
    FROM int_unit_month_flow f
    JOIN period_month pm USING (month_start)
    GROUP BY ALL
),
base AS (
    SELECT
        p.period_key,
        p.grain,
        u.level,
        u.unit_seq,
        u.unit_id,
        u.unit_name,
        p.start_date,
        p.end_date,
        p.as_of_date,
        coalesce(f.sales, 0) AS sales,
        coalesce(f.gross_sales, 0) AS gross_sales,
        coalesce(f.collections, 0) AS collections,
        coalesce(f.acceptance_collections, 0) AS acceptance_collections,
        coalesce(f.writeoffs, 0) AS writeoffs,
        coalesce(f.applied_collections, 0) AS applied_collections,
        coalesce(f.applied_writeoffs, 0) AS applied_writeoffs,
        coalesce(bb.ar_balance, 0) AS ar_begin,
        coalesce(be.ar_balance, 0) AS ar_balance,
        coalesce(be.overdue_amount, 0) AS overdue_amount,
        coalesce(be.current_amount, 0) AS current_amount,
        coalesce(be.unapplied_amount, 0) AS unapplied_amount,
        coalesce(be.open_items, 0) AS open_items,
        coalesce(be.customers_open, 0) AS customers_open,
        coalesce(be.customers_overdue, 0) AS customers_overdue,
        t.collection_target,
        t.sales_target,
        d.sales_3m,
        d.days_3m,
        d.countback_days,
        CASE p.grain WHEN 'month' THEN 12 WHEN 'quarter' THEN 4 ELSE 1 END AS periods_per_year
    FROM dim_period p
    CROSS JOIN int_unit u
    LEFT JOIN flow f ON f.period_key = p.period_key AND f.level = u.level AND f.unit_id = u.unit_id
    LEFT JOIN int_unit_month_balance bb ON bb.as_of = p.start_date - 1 AND bb.level = u.level AND bb.unit_id = u.unit_id
    LEFT JOIN int_unit_month_balance be ON be.as_of = p.as_of_date AND be.level = u.level AND be.unit_id = u.unit_id
    LEFT JOIN int_unit_target t ON t.period_key = p.period_key AND t.level = u.level AND t.unit_id = u.unit_id
    LEFT JOIN int_unit_month_dso d ON d.as_of = p.as_of_date AND d.level = u.level AND d.unit_id = u.unit_id
)
SELECT
    period_key,
    grain,
    level,
    unit_id,
    unit_name,
    start_date,
    end_date,
    as_of_date,
    money(sales) AS sales,
    money(collections) AS collections,
    money(writeoffs) AS writeoffs,
    money(applied_collections) AS applied_collections,
    money(ar_begin) AS ar_begin,
    money(ar_balance) AS ar_balance,
    money(overdue_amount) AS overdue_amount,
    money(current_amount) AS current_amount,
    money(unapplied_amount) AS unapplied_amount,
    CAST(customers_open AS INTEGER) AS customers_open,
    CAST(customers_overdue AS INTEGER) AS customers_overdue,
    collection_target,
    sales_target,
    ratio(collections, collection_target) AS collection_rate_target,
    ratio(collections, ar_begin + sales) AS collection_rate_balance,
    ratio(collections, sales) AS sales_collection_rate,
    ratio(writeoffs, collections) AS bad_debt_rate_collections,
    ratio(writeoffs, sales) AS bad_debt_rate_sales,
    ratio(customers_overdue, customers_open) AS overdue_customer_ratio,
    ratio(overdue_amount, ar_balance) AS overdue_rate,
    ratio(ar_balance, collections) AS collection_cycle,
    ratio(2 * sales, ar_begin + ar_balance) * periods_per_year AS receivables_turnover,
    CASE WHEN sales_3m > 0 THEN ratio(ar_balance, sales_3m) * days_3m END AS dso,
    countback_days AS dso_countback,
    CASE WHEN sales_3m > 0 THEN ratio(current_amount, sales_3m) * days_3m END AS best_possible_dso,
    CASE WHEN sales_3m > 0 THEN ratio(ar_balance, sales_3m) * days_3m - ratio(current_amount, sales_3m) * days_3m END
        AS average_days_delinquent,
    ratio(ar_begin + sales - ar_balance, ar_begin + sales - current_amount) * 100 AS cei,
    money(gross_sales) AS gross_sales,
    money(acceptance_collections) AS acceptance_collections,
    money(applied_writeoffs) AS applied_writeoffs,
    CAST(open_items AS INTEGER) AS open_items,
    money(sales_3m) AS dso_sales_3m,
    CAST(days_3m AS INTEGER) AS dso_days_3m
FROM base
ORDER BY grain_order(grain), start_date, unit_seq;

COMMENT ON TABLE mart_ar_metrics IS '应收考核指标 / AR and collection metrics (docs/metrics.md) per period (month/quarter/year) and unit (company/team/person/customer)';
COMMENT ON COLUMN mart_ar_metrics.period_key IS '期间 / Period key: YYYY-MM, YYYY-Qn, YYYY';
COMMENT ON COLUMN mart_ar_metrics.grain IS '粒度 / month, quarter or year';
COMMENT ON COLUMN mart_ar_metrics.level IS '层级 / company, team, person or customer';
COMMENT ON COLUMN mart_ar_metrics.unit_id IS '单位 / ''company'', team_id, person_id or customer_id (''_unassigned'' for facts without a person)';
COMMENT ON COLUMN mart_ar_metrics.unit_name IS '名称 / Unit name';
COMMENT ON COLUMN mart_ar_metrics.start_date IS '期初日 / First day of P';
COMMENT ON COLUMN mart_ar_metrics.end_date IS '期末日 / Last calendar day of P';
COMMENT ON COLUMN mart_ar_metrics.as_of_date IS '余额日 / e: the date balances are measured at (end_date, or the last month end with data)';
COMMENT ON COLUMN mart_ar_metrics.sales IS '销售额 / sales(P) = Σ invoice amounts dated in P (credit notes negative)';
COMMENT ON COLUMN mart_ar_metrics.collections IS '回款额 / coll(P) = Σ receipt amounts dated in P (refunds negative); person/team: each receipt split by the invoices it paid, the rest to the customer''s owner (谁放货谁清收)';
COMMENT ON COLUMN mart_ar_metrics.writeoffs IS '坏账核销 / wo(P) = Σ write-offs dated in P (to the person of the invoice reduced)';
COMMENT ON COLUMN mart_ar_metrics.applied_collections IS '核销回款 / Σ applications (receipts and credit notes) to the unit''s invoices with applied_date in P: the AR roll-forward''s outflow';
COMMENT ON COLUMN mart_ar_metrics.ar_begin IS '期初应收余额 / ar(b): AR balance at the end of the previous period';
COMMENT ON COLUMN mart_ar_metrics.ar_balance IS '应收余额 / ar(e) = Σ open amounts at e (fct_open_item; docs/metrics.md, AR balance)';
COMMENT ON COLUMN mart_ar_metrics.overdue_amount IS '逾期金额 / Σ open amounts with due_date < e';
COMMENT ON COLUMN mart_ar_metrics.current_amount IS '未到期金额 / ar_balance − overdue_amount';
COMMENT ON COLUMN mart_ar_metrics.unapplied_amount IS '未核销款 / unapplied(e) (预收/未核销), attributed to the customer''s owner';
COMMENT ON COLUMN mart_ar_metrics.customers_open IS '欠款客户数 / Customers with open AR at e';
COMMENT ON COLUMN mart_ar_metrics.customers_overdue IS '逾期客户数 / Of them, customers with overdue open AR';
COMMENT ON COLUMN mart_ar_metrics.collection_target IS '回款任务 / collection_target(P): person''s row; team''s row else Σ persons; company Σ teams (int_unit_target)';
COMMENT ON COLUMN mart_ar_metrics.sales_target IS '销售目标 / sales_target(P), same rules as collection_target';
COMMENT ON COLUMN mart_ar_metrics.collection_rate_target IS '回款率(任务) / coll(P) / collection_target(P) (seed 000)';
COMMENT ON COLUMN mart_ar_metrics.collection_rate_balance IS '回款率(余额) / coll(P) / (ar(b) + sales(P)) (seed 001 应收账款考核制度)';
COMMENT ON COLUMN mart_ar_metrics.sales_collection_rate IS '月度销售回款率 / coll(P) / sales(P) (seed 001 应收账款考核管理办法)';
COMMENT ON COLUMN mart_ar_metrics.bad_debt_rate_collections IS '坏账率(回款) / wo(P) / coll(P) (seed 001 应收账款考核制度)';
COMMENT ON COLUMN mart_ar_metrics.bad_debt_rate_sales IS '坏账率(销售) / wo(P) / sales(P) (seed 001 应收账款考核方案)';
COMMENT ON COLUMN mart_ar_metrics.overdue_customer_ratio IS '拖欠欠款比例 / customers_overdue / customers_open at e (seed 001)';
COMMENT ON COLUMN mart_ar_metrics.overdue_rate IS '应收账款逾期率 / overdue_amount / ar_balance at e (seed 001 应收账款考核方案)';
COMMENT ON COLUMN mart_ar_metrics.collection_cycle IS '应收账款催收周期 / ar_balance / coll(P) (seed 001 应收账款考核方案)';
COMMENT ON COLUMN mart_ar_metrics.receivables_turnover IS '应收账款周转率 / sales(P) / ((ar(b) + ar(e)) / 2) × 12, 4 or 1 for month, quarter, year (seed 001)';
COMMENT ON COLUMN mart_ar_metrics.dso IS 'DSO / ar(e) / sales(3 months ending e) × days in those 3 months (months inside the data); NULL when that sales ≤ 0';
COMMENT ON COLUMN mart_ar_metrics.dso_countback IS '倒推DSO / Countback DSO: ar(e) used up against monthly sales backwards from e''s month; full months add their days, the last its fraction (int_unit_month_dso)';
COMMENT ON COLUMN mart_ar_metrics.best_possible_dso IS '最佳DSO / current_amount(e) / sales(3 months ending e) × days in those months';
COMMENT ON COLUMN mart_ar_metrics.average_days_delinquent IS '平均逾期天数(ADD) / dso − best_possible_dso';
COMMENT ON COLUMN mart_ar_metrics.cei IS '回款有效指数(CEI) / (ar(b) + sales(P) − ar(e)) / (ar(b) + sales(P) − current_amount(e)) × 100';
COMMENT ON COLUMN mart_ar_metrics.gross_sales IS '开票额 / Σ positive invoice amounts dated in P (sales without credit notes)';
COMMENT ON COLUMN mart_ar_metrics.acceptance_collections IS '承兑回款 / The part of collections received as acceptance notes (承兑汇票)';
COMMENT ON COLUMN mart_ar_metrics.applied_writeoffs IS '核销坏账 / Write-offs reducing the unit''s invoices with effective_date in P: ar(e) = ar(b) + gross_sales − applied_collections − applied_writeoffs';
COMMENT ON COLUMN mart_ar_metrics.open_items IS '未清项数 / Number of open invoices at e';
COMMENT ON COLUMN mart_ar_metrics.dso_sales_3m IS '近三月销售额 / The DSO denominator: sales of the 3 months ending e';
COMMENT ON COLUMN mart_ar_metrics.dso_days_3m IS '近三月天数 / Days in those months';
