-- mart_ar_metrics: exposed to pages as warehouse.mart_ar_metrics (one source per contract table, SPEC §7; see docs/architecture.md)
select * from mart_ar_metrics
