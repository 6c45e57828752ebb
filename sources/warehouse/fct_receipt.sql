-- fct_receipt: exposed to pages as warehouse.fct_receipt (one source per contract table, SPEC §7; see docs/architecture.md)
select * from fct_receipt
