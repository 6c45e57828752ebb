-- aging_unit_month: the aging page (re-queried in the browser): teams and persons by month (transforms/publish/aging_unit_month.sql)
select * from aging_unit_month
