-- mart_aging: exposed to pages as warehouse.mart_aging (contract table, SPEC §7), WITHOUT its empty buckets and
-- without the customer rows of quarters and years.
-- The mart holds every bucket of every unit and period, zero or not: ≈1 M rows on the sample, most of them
-- customer buckets with no open item. The site keeps the rows with open items (items > 0); a bucket missing here
-- is 0 (pages that list every bucket join warehouse.dim_aging_bucket). A customer's quarter or year row is the
-- same as its month row at that quarter's or year's end (aging is measured at the period's last month end), so only
-- the month rows are kept for customers. ≈0.2 M rows instead of ≈1 M: `evidence sources` and the build stay fast.
-- Analysts who need the zero rows query warehouse.duckdb directly.
select * from mart_aging where items > 0 and (level <> 'customer' or grain = 'month')
