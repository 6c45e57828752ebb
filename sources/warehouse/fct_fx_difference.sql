-- fct_fx_difference: exposed to pages as warehouse.fct_fx_difference (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_fx_difference
