-- load_audit: exposed to pages as warehouse.load_audit (one source per contract table, SPEC §7; see docs/architecture.md)
select * from load_audit
