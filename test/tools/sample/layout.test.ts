/**
 * `npm run sample -- --layout kingdee|yonyou` (issue 20): the same data saved as from 金蝶 (XLSX, a workbook
 * with two sheets, titles, merged two-row headers, 合计 rows, customers as "code name") or 用友 (GBK CSV,
 * titles, two-row headers, 小计/总计 rows) builds the same warehouse as the plain sample: every table but
 * the load's own audit is equal, row for row (source file and line aside).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildWarehouse } from '../../../transforms/pipeline.js';
import { writeSample } from '../../../tools/sample/index.js';
import type { Layout } from '../../../tools/sample/layout.js';
import { tmpDir } from '../../helpers/load.js';

const work = tmpDir('ar-sample-layout-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const INVOICES = 1200;

async function warehouse(layout: Layout): Promise<string> {
  const dir = path.join(work, layout);
  await writeSample({ outDir: dir, invoices: INVOICES, layout });
  const out = path.join(work, `${layout}.duckdb`);
  await buildWarehouse({ from: dir, out });
  return out;
}

/** Tables whose rows differ between two warehouses (both ways), ignoring where a row was read from (the load's own
 * record of its files: audit, rejects, the files' fingerprints). */
async function differences(a: string, b: string): Promise<{ tables: number; differ: string[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`ATTACH '${a}' AS a (READ_ONLY); ATTACH '${b}' AS b (READ_ONLY)`);
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRows();
    const tables = (await rows(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' AND table_name NOT IN ('load_audit', 'load_rejects', 'load_fingerprint') ORDER BY 1`)).map((r) => String(r[0]));
    const differ: string[] = [];
    for (const t of tables) {
      // stg keeps the file's own FX cells (a plain export has none; the layouts give 人民币 at 1): the model's are compared
      const skip = ['source_file', 'source_line', ...(t.startsWith('stg_') ? ['currency', 'fx_rate', 'amount_fc'] : [])];
      const cols = (await rows(`SELECT column_name FROM duckdb_columns() WHERE database_name = 'a' AND table_name = '${t}' ORDER BY column_index`))
        .map((r) => String(r[0]))
        .filter((n) => !skip.includes(n))
        .map((n) => `"${n}"`)
        .join(', ');
      const except = (x: string, y: string) => `SELECT count(*) FROM (SELECT ${cols} FROM ${x}."${t}" EXCEPT ALL SELECT ${cols} FROM ${y}."${t}")`;
      const [[ab]] = await rows(except('a', 'b'));
      const [[ba]] = await rows(except('b', 'a'));
      if (Number(ab) || Number(ba)) differ.push(`${t}: ${ab} / ${ba}`);
    }
    return { tables: tables.length, differ };
  } finally {
    c.closeSync();
  }
}

describe('sample --layout', () => {
  it('kingdee and yonyou layouts build the plain sample\'s warehouse', { timeout: 600_000 }, async () => {
    const plain = await warehouse('plain');
    for (const layout of ['kingdee', 'yonyou'] as const) {
      const other = await warehouse(layout);
      const { tables, differ } = await differences(plain, other);
      expect(differ, layout).toEqual([]);
      expect(tables).toBeGreaterThan(40);
    }
    expect(fs.readdirSync(path.join(work, 'kingdee')).sort()).toEqual(['assignments.csv', 'collection_log.csv', 'kpi_inputs.csv', 'targets.csv', 'writeoffs.csv', '员工列表.xlsx', '客户列表.xlsx', '应收数据.xlsx']);
    expect(fs.readdirSync(path.join(work, 'yonyou')).sort()).toEqual(['assignments.csv', 'collection_log.csv', 'kpi_inputs.csv', 'targets.csv', 'writeoffs.csv', '人员档案.csv', '客户档案.csv', '应收单据列表.csv', '收款单据列表.csv']);
  });
});
