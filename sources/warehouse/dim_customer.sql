select * from dim_customer
