-- fct_writeoff: exposed to pages as warehouse.fct_writeoff (see docs/architecture.md)
select * from fct_writeoff
