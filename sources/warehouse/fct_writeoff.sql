-- fct_writeoff: exposed to pages as warehouse.fct_writeoff (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_writeoff
