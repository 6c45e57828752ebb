-- fct_invoice: exposed to pages as warehouse.fct_invoice (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_invoice
