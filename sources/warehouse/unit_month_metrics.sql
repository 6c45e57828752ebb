-- unit_month_metrics: the team and person pages: monthly metrics with the previous month (transforms/publish/unit_month_metrics.sql)
select * from unit_month_metrics
