-- mart_ar_metrics: exposed to pages as warehouse.mart_ar_metrics (see docs/architecture.md)
select * from mart_ar_metrics
