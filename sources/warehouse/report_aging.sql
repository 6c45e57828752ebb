-- report_aging: the monthly report's aging charts: the company, both bases, every bucket (transforms/publish/report_aging.sql)
select * from report_aging
