-- ar_metrics_summary: queries that depend on an input: mart_ar_metrics of the company and teams (transforms/publish/ar_metrics_summary.sql)
select * from ar_metrics_summary
