-- customer_trail: each open invoice's and each recent receipt's documents, for the customer pages (transforms/publish/customer_trail.sql)
select * from customer_trail
