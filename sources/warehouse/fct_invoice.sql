-- fct_invoice: exposed to pages as warehouse.fct_invoice (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_invoice
