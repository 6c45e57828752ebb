-- fct_open_item: exposed to pages as warehouse.fct_open_item (see docs/architecture.md)
select * from fct_open_item
