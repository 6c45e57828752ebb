-- dim_credit_grade: the customers' credit grades (transforms/policies/credit.ts, mart_customer_credit.sql)
select * from dim_credit_grade
