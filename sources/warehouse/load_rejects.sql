-- load_rejects: exposed to pages as warehouse.load_rejects (one source per contract table: docs/architecture.md, The warehouse contract)
select * from load_rejects
