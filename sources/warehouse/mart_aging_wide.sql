-- mart_aging_wide: the aging report layout (buckets as columns), one row per period and unit with open AR, customers included
select * from mart_aging_wide
