-- fct_receipt: exposed to pages as warehouse.fct_receipt (see docs/architecture.md)
select * from fct_receipt
