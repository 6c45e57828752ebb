-- fct_open_item: exposed to pages as warehouse.fct_open_item (contract table, SPEC §7).
-- Every month-end open invoice (≈150 k rows on the sample, ≈20 MB as Arrow): for analysts' prerendered pages
-- only (a browser re-query would download it whole). The site's own pages read slim extracts of it:
-- open_item_latest (the latest month end), customer_page, report_overdue_items (3+ months overdue, every month).
select * from fct_open_item
