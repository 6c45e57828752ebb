-- fct_application: exposed to pages as warehouse.fct_application (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_application
