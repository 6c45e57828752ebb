-- fct_writeoff: exposed to pages as warehouse.fct_writeoff (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_writeoff
