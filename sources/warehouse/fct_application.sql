-- fct_application: exposed to pages as warehouse.fct_application (see docs/architecture.md)
select * from fct_application
