-- aging_customer_top: the aging page (re-queried in the browser): each team's 10 largest customers (transforms/publish/aging_customer_top.sql)
select * from aging_customer_top
