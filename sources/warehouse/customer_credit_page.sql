-- customer_credit_page: the customer page's credit grade history (transforms/publish/customer_credit_page.sql)
select * from customer_credit_page
