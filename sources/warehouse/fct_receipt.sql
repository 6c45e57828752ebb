-- fct_receipt: exposed to pages as warehouse.fct_receipt (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_receipt
