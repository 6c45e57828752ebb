-- customer_credit_page — 客户页信用等级: the customer page's grade history, from mart_customer_credit.
-- Grain: (customer_id, as_of), the customer's last 12 graded month ends (row_in_customer 1 = the latest), so a
-- page holds a year of grades whatever the history's length (the grade itself is judged on 12 months: a page is
-- prerendered per customer, and every row of it is paid for at 20,000 customers). Sorted by (customer_id, row_in_customer).
CREATE OR REPLACE TABLE customer_credit_page AS
with ranked as (
  select c.*, cast(row_number() over (partition by c.customer_id order by c.as_of desc) as integer) as row_in_customer
  from mart_customer_credit c
)
-- the score as a page number (DOUBLE, like every score a page formats); the parts stay DECIMAL
select * replace (cast(score as double) as score) from ranked
where row_in_customer <= 12
order by customer_id, row_in_customer;
