-- customer_contact_page: the customer page's contacts and promises (transforms/publish/customer_contact_page.sql)
select * from customer_contact_page
