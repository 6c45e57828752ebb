-- report_top_overdue: the monthly report's 10 customers with the largest overdue amount (transforms/publish/report_top_overdue.sql)
select * from report_top_overdue
