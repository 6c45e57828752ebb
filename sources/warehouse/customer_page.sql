-- customer_page: one customer page in one query: its months and its latest open items (transforms/publish/customer_page.sql)
select * from customer_page
