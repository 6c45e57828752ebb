-- 数据字典 / Data dictionary: one row per column of every table the pages can query as warehouse.<table>,
-- read from the warehouse's own catalog. Meanings are the COMMENT ON TABLE/COLUMN written beside the model
-- SQL ('中文 / English', the English part with the SPEC §5 formula for metrics); grain and layer come from
-- dict_table (transforms/dictionary.ts). Runs inside the warehouse file, so current_database() is it.
select
    d.table_order,
    d.table_name,
    d.layer,
    d.grain,
    d.defined_in,
    coalesce(nullif(split_part(t.comment, ' / ', 1), ''), '（暂无说明）') as table_label,
    case when strpos(t.comment, ' / ') > 0 then substr(t.comment, strpos(t.comment, ' / ') + 3) else t.comment end as table_description,
    c.column_index,
    c.column_name,
    c.data_type,
    -- what a page sees: Evidence turns every number into DOUBLE and every date into TIMESTAMP
    case
        when c.data_type like 'DECIMAL%' or c.data_type in ('DOUBLE', 'FLOAT', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT') then 'DOUBLE'
        when c.data_type = 'DATE' or c.data_type like 'TIMESTAMP%' then 'TIMESTAMP'
        when c.data_type = 'BOOLEAN' then 'BOOLEAN'
        else 'VARCHAR'
    end as page_type,
    coalesce(nullif(split_part(c.comment, ' / ', 1), ''), '（暂无说明）') as column_label,
    case when strpos(c.comment, ' / ') > 0 then substr(c.comment, strpos(c.comment, ' / ') + 3) else c.comment end as column_description
from dict_table d
left join duckdb_tables() t
    on t.database_name = current_database() and t.schema_name = 'main' and t.table_name = d.table_name
left join duckdb_columns() c
    on c.database_name = current_database() and c.schema_name = 'main' and c.table_name = d.table_name
order by d.table_order, c.column_index
