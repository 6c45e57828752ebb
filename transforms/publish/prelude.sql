-- Run before the publish tables (transforms/publish/index.ts): values every page table of the latest month end reads.
-- A session variable, not a subquery: DuckDB pushes a constant filter into a view (mart_dunning), so the worklist tables
-- evaluate the dunning levels of one month end's open items, not of every month end's (at 10 M invoices the three worklist
-- tables took 44 s comparing as_of with (SELECT max(as_of) FROM fct_open_item), DuckDB evaluating the whole view first).
-- latest_open_item_as_of: the latest month end of fct_open_item (NULL when it has no rows: the tables are then empty).
SET VARIABLE latest_open_item_as_of = (SELECT max(as_of) FROM fct_open_item);
