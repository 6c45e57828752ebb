-- customer_search: the /customers/ index's search, re-queried in the browser (transforms/publish/customer_search.sql)
select * from customer_search
