-- open_item_latest: the unit pages and the home page: open items at the latest month end (transforms/publish/open_item_latest.sql)
select * from open_item_latest
