-- customer_credit_page — 客户页信用等级: the customer page's grade history, from mart_customer_credit.
-- Grain: (customer_id, as_of), the customer's last 12 graded month ends (row_in_customer 1 = the latest), so a
-- page holds a year of grades whatever the history's length (the grade itself is judged on 12 months: a page is
-- prerendered per customer, and every row of it is paid for at 20,000 customers). Sorted by (customer_id, row_in_customer).
CREATE OR REPLACE TABLE customer_credit_page AS
with ranked as (
  select c.*, cast(row_number() over (partition by c.customer_id order by c.as_of desc) as integer) as row_in_customer
  from mart_customer_credit c
)
-- the score as a page number (DOUBLE, like every score a page formats); the parts stay DECIMAL
select * replace (cast(score as double) as score) from ranked
where row_in_customer <= 12
order by customer_id, row_in_customer;

COMMENT ON TABLE customer_credit_page IS '客户页信用等级 / The customer page''s credit grades: mart_customer_credit at the customer''s last 12 graded month ends';
COMMENT ON COLUMN customer_credit_page.as_of IS '月末 / Month end';
COMMENT ON COLUMN customer_credit_page.period_key IS '月份 / Month';
COMMENT ON COLUMN customer_credit_page.customer_id IS '客户 / Customer';
COMMENT ON COLUMN customer_credit_page.customer_name IS '客户名称 / Customer name';
COMMENT ON COLUMN customer_credit_page.owner_id IS '负责业务员 / The customer''s owner';
COMMENT ON COLUMN customer_credit_page.grade IS '信用等级 / mart_customer_credit.grade';
COMMENT ON COLUMN customer_credit_page.previous_grade IS '上月等级 / mart_customer_credit.previous_grade';
COMMENT ON COLUMN customer_credit_page.since IS '等级起始月末 / mart_customer_credit.since';
COMMENT ON COLUMN customer_credit_page.score IS '信用得分 / mart_customer_credit.score, as DOUBLE';
COMMENT ON COLUMN customer_credit_page.score_grade IS '得分等级 / mart_customer_credit.score_grade';
COMMENT ON COLUMN customer_credit_page.terms IS '信用政策 / mart_customer_credit.terms';
COMMENT ON COLUMN customer_credit_page.days_late IS '付款平均逾期天数 / mart_customer_credit.days_late';
COMMENT ON COLUMN customer_credit_page.days_late_points IS '付款及时性得分 / mart_customer_credit.days_late_points';
COMMENT ON COLUMN customer_credit_page.overdue_share_pct IS '逾期占比(%) / mart_customer_credit.overdue_share_pct';
COMMENT ON COLUMN customer_credit_page.overdue_points IS '逾期占比得分 / mart_customer_credit.overdue_points';
COMMENT ON COLUMN customer_credit_page.broken_promises IS '未兑现承诺次数 / mart_customer_credit.broken_promises';
COMMENT ON COLUMN customer_credit_page.promise_points IS '承诺兑现得分 / mart_customer_credit.promise_points';
COMMENT ON COLUMN customer_credit_page.writeoff_amount IS '坏账核销金额 / mart_customer_credit.writeoff_amount';
COMMENT ON COLUMN customer_credit_page.writeoff_points IS '坏账得分 / mart_customer_credit.writeoff_points';
COMMENT ON COLUMN customer_credit_page.limit_usage_pct IS '额度占用(%) / mart_customer_credit.limit_usage_pct';
COMMENT ON COLUMN customer_credit_page.limit_points IS '额度占用得分 / mart_customer_credit.limit_points';
COMMENT ON COLUMN customer_credit_page.ar_balance IS '应收余额 / mart_customer_credit.ar_balance';
COMMENT ON COLUMN customer_credit_page.overdue_amount IS '逾期金额 / mart_customer_credit.overdue_amount';
COMMENT ON COLUMN customer_credit_page.credit_limit IS '信用额度 / mart_customer_credit.credit_limit';
COMMENT ON COLUMN customer_credit_page.max_days_overdue IS '最长逾期天数 / mart_customer_credit.max_days_overdue';
COMMENT ON COLUMN customer_credit_page.blacklisted IS '黑名单 / mart_customer_credit.blacklisted';
COMMENT ON COLUMN customer_credit_page.blacklist_trigger IS '本月触发黑名单 / mart_customer_credit.blacklist_trigger';
COMMENT ON COLUMN customer_credit_page.blacklisted_since IS '列入黑名单月末 / mart_customer_credit.blacklisted_since';
COMMENT ON COLUMN customer_credit_page.reason IS '说明 / mart_customer_credit.reason';
COMMENT ON COLUMN customer_credit_page.row_in_customer IS '序号 / 1 = the customer''s latest graded month end';
