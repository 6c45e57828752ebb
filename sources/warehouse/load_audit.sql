-- load_audit: exposed to pages as warehouse.load_audit (one source per contract table: docs/architecture.md, The warehouse contract)
select * from load_audit
