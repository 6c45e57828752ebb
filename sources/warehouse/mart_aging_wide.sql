-- mart_aging_wide: the aging report layout (buckets as columns) for every period, level and unit, customers
-- included (one row per unit with open AR; far smaller than mart_aging's long form with its empty buckets).
select * from mart_aging_wide
