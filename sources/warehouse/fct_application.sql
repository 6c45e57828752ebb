-- fct_application: exposed to pages as warehouse.fct_application (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_application
