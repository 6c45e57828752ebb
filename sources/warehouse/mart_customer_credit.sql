-- mart_customer_credit: the customers' credit grades (transforms/policies/credit.ts, mart_customer_credit.sql)
select * from mart_customer_credit
