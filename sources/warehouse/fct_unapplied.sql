-- fct_unapplied: exposed to pages as warehouse.fct_unapplied (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_unapplied
