-- load_rejects: exposed to pages as warehouse.load_rejects (see docs/architecture.md)
select * from load_rejects
