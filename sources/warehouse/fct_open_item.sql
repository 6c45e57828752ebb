-- fct_open_item: every month-end open invoice; the site's pages read slimmer publish tables (transforms/model/marts/fct_open_item.sql)
select * from fct_open_item
