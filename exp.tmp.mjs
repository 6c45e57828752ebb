import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create('warehouse.duckdb', {access_mode:'READ_ONLY'});
const c = await inst.connect();
const q = async (s) => console.log(JSON.stringify((await c.runAndReadAll(s)).getRowObjects(), (k,v)=> typeof v==='bigint'? Number(v): v));
await q(`select level, count(*) n from mart_aging group by all`);
await q(`select level, grain, count(*) n from mart_ar_metrics group by all order by 1,2`);
