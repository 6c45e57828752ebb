-- fct_unapplied: exposed to pages as warehouse.fct_unapplied (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_unapplied
