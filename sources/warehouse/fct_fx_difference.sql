-- fct_fx_difference: exposed to pages as warehouse.fct_fx_difference (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_fx_difference
