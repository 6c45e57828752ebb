-- fct_invoice: exposed to pages as warehouse.fct_invoice (see docs/architecture.md)
select * from fct_invoice
