-- load_audit: exposed to pages as warehouse.load_audit (see docs/architecture.md)
select * from load_audit
