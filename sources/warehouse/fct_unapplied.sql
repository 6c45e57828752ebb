-- fct_unapplied: exposed to pages as warehouse.fct_unapplied (see docs/architecture.md)
select * from fct_unapplied
