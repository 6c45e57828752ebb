-- report_over_limit: the monthly report's early warning: customers over their credit limit (transforms/publish/report_over_limit.sql)
select * from report_over_limit
