-- report_overdue_items: the monthly report's early warning: items 90+ days overdue (transforms/publish/report_overdue_items.sql)
select * from report_overdue_items
