-- load_rejects: exposed to pages as warehouse.load_rejects (one source per contract table, SPEC §7; see docs/architecture.md)
select * from load_rejects
