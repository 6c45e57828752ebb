-- customer_latest: the customer index and person pages: every customer, latest month (transforms/publish/customer_latest.sql)
select * from customer_latest
