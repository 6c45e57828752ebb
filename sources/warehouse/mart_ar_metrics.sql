-- mart_ar_metrics: exposed to pages as warehouse.mart_ar_metrics (one source per contract table: docs/architecture.md, The warehouse contract)
select * from mart_ar_metrics
