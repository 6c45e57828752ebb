-- fct_ar_transfer: exposed to pages as warehouse.fct_ar_transfer (one source per contract table: docs/architecture.md, The warehouse contract)
select * from fct_ar_transfer
