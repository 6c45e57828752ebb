/**
 * check-pages against a freshly built small warehouse: the whole site passes; an analyst's new page in
 * a copy of pages/ passes, and each kind of mistake fails with the page, the query and the reason.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSite, formatResult, type CheckResult } from '../../../tools/page-check/check.js';
import { smallWarehouse, type SmallWarehouse } from '../../helpers/small-warehouse.js';
import { openWarehouse } from '../../../transforms/db.js';

let wh: SmallWarehouse;
let tmp: string;
beforeAll(async () => {
  wh = await smallWarehouse();
  tmp = mkdtempSync(path.join(tmpdir(), 'check-pages-'));
});
afterAll(() => {
  wh?.remove();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function rowCount(table: 'fct_invoice' | 'mart_ar_metrics'): Promise<number> {
  const w = await openWarehouse(wh.file, { access_mode: 'READ_ONLY' });
  try {
    const row = await w.db.selectFrom(table).select(w.db.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await w.close();
  }
}

const errors = (r: CheckResult) => r.findings.filter((f) => f.severity === 'error');

/** `npm run check-pages -- …` as an analyst runs it. */
function cli(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/page-check/cli.ts', '--warehouse', wh.file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A page an analyst writes: only queries/ imports and warehouse.* source tables. */
const NEW_PAGE = `---
title: 区域客户数
queries:
  - region_months: regions/region_months.sql
---

\`\`\`sql region_customers
select region as 区域, count(*) as 客户数
from warehouse.dim_customer
group by region
\`\`\`

\`\`\`sql latest_regions
select r.region as 区域, r.ar_balance / 10000 as 应收余额万元, c.客户数
from \${region_months} r
join \${region_customers} c on c.区域 = r.region
where r.period_key = (select max(period_key) from \${region_months})
\`\`\`

<BarChart data={latest_regions} x=区域 y=应收余额万元 yFmt='#,##0"万"' />

<DataTable data={latest_regions}>
  <Column id=区域 />
  <Column id=客户数 />
</DataTable>
`;

describe('check-pages', () => {
  it('passes on the whole site (pages/, queries/, sources/) against a fresh warehouse, in seconds', async () => {
    const result = await checkSite({ warehouse: wh.file });
    expect(errors(result), formatResult(result)).toEqual([]);
    expect(result.pages).toBeGreaterThanOrEqual(3);
    expect(result.queryFiles).toBeGreaterThanOrEqual(2);
    expect(result.ms).toBeLessThan(15_000);
  });

  it('a new page in a copy of pages/ built from queries/ and sources/ passes; a broken column name fails naming the page', () => {
    const pages = path.join(tmp, 'new', 'pages');
    cpSync('pages', pages, { recursive: true });
    writeFileSync(path.join(pages, '区域客户数.md'), NEW_PAGE);

    const ok = cli('--pages', pages);
    expect(ok.out).toContain('all queries ran');
    expect(ok.status, ok.out).toBe(0);

    writeFileSync(path.join(pages, '区域客户数.md'), NEW_PAGE.replace('select region as 区域', 'select regin as 区域'));
    const broken = cli('--pages', pages);
    expect(broken.status).toBe(1);
    // the page, the line of the SQL block, the query and DuckDB's message; the query using it is named too
    expect(broken.out).toContain('✘ pages/区域客户数.md:8 › region_customers: Binder Error: Referenced column "regin" not found');
    expect(broken.out).toContain('line 8: select regin as 区域');
    expect(broken.out).toContain('✘ pages/区域客户数.md:14 › latest_regions: uses ${region_customers}, which fails');
    expect(broken.out).toContain('2 errors');
    // only the new page is broken
    expect(broken.out).not.toContain('pages/index.md');
  });

  it('names each kind of mistake: input shape, unknown query, missing import, component column, query name', async () => {
    const dir = path.join(tmp, 'mistakes', 'pages');
    mkdirSync(dir, { recursive: true });
    const page = path.join(dir, 'mistakes.md');
    writeFileSync(
      page,
      `---
queries:
  - months: regions/region_months.sql
  - gone: regions/nowhere.sql
---

<Dropdown name=team data={teams} value=team_id />
<ButtonGroup name=grain>
  <ButtonGroupItem valueLabel="月" value="month" default />
</ButtonGroup>

\`\`\`sql teams
select team_id, team_name from warehouse.dim_team
\`\`\`

\`\`\`sql by_team
select * from warehouse.ar_metrics_summary where unit_id = '\${inputs.team}'
\`\`\`

\`\`\`sql by_grain
select * from warehouse.ar_metrics_summary where grain = '\${inputs.grain.value}'
\`\`\`

\`\`\`sql typo
select * from \${month}
\`\`\`

\`\`\`sql unqualified
select * from mart_ar_metrics
\`\`\`

\`\`\`sql 区域
select 1
\`\`\`

<DataTable data={teams}>
  <Column id=team_nam />
</DataTable>
<DataTable data={teams} sort="team_name desc" />
<DataTable data={teams} sort="team_nme asc" />
<LineChart data={team} x=period_key y=ar_balance />
`,
    );
    const result = await checkSite({ warehouse: wh.file, only: [page] });
    const text = formatResult(result);
    const about = (query: string) => result.findings.find((f) => f.query === query)?.message ?? `(nothing about ${query})\n${text}`;
    expect(about('gone')).toBe('queries/regions/nowhere.sql not found (frontmatter queries:)');
    // in the browser these run without an error and show nothing: a Dropdown keeps its value in .value,
    // a ButtonGroup is the value itself
    expect(about('by_team')).toContain('${inputs.team} puts [object Object] in the SQL');
    expect(about('by_grain')).toContain('${inputs.grain.value} is undefined: a ButtonGroup, Slider or Checkbox is the value itself, ${inputs.grain}');
    expect(about('typo')).toContain('${month} is not a query of this page');
    expect(about('unqualified')).toMatch(/Table with name mart_ar_metrics does not exist/);
    expect(about('区域')).toContain('is not usable');
    expect(text).toMatch(/mistakes\.md:\d+ › teams: <Column id=team_nam>: teams has no column "team_nam" \(did you mean "team_name"\?\)/);
    expect(text).toContain('<LineChart data={team}>: no query named team on this page');
    // DataTable's sort names a column and a direction: the direction is not part of the column
    expect(text).not.toContain('team_name desc');
    expect(text).toContain('<DataTable sort=team_nme>: teams has no column "team_nme"');
    expect(errors(result).length, text).toBe(9);
  });

  it('refuses an input-driven query on a document or customer × period table, naming page, query, table and rows', async () => {
    const dir = path.join(tmp, 'shipping', 'pages');
    mkdirSync(dir, { recursive: true });
    const page = path.join(dir, 'invoices.md');
    writeFileSync(
      page,
      `<Dropdown name=customer data={customers} value=customer_id />

\`\`\`sql customers
select customer_id from warehouse.dim_customer
\`\`\`

\`\`\`sql invoices
-- a comment naming mart_aging does not ship it
select * from warehouse.fct_invoice where customer_id = '\${inputs.customer.value}'
\`\`\`

\`\`\`sql months
select * from warehouse.mart_ar_metrics where unit_id = '\${inputs.customer.value}'
\`\`\`

\`\`\`sql fine
select * from warehouse.customer_latest where customer_id = '\${inputs.customer.value}'
\`\`\`

\`\`\`sql prerendered
select count(*) as n from warehouse.fct_invoice
\`\`\`
`,
    );
    const result = await checkSite({ warehouse: wh.file, only: [page] });
    const text = formatResult(result);
    const invoices = await rowCount('fct_invoice');
    const metrics = await rowCount('mart_ar_metrics');
    expect(text).toContain(
      `invoices.md:8 › invoices: re-run by an input in the browser, it would download fct_invoice whole, a table that grows with documents (${invoices.toLocaleString('en-US')} rows).`,
    );
    expect(text).toContain(
      `invoices.md:13 › months: re-run by an input in the browser, it would download mart_ar_metrics whole, a table that grows with customers × periods (${metrics.toLocaleString('en-US')} rows).`,
    );
    expect(text).not.toContain('mart_aging');
    // a prerendered query may read any table; a small page-shaped table may be re-queried
    expect(result.findings.filter((f) => f.query === 'prerendered' || f.query === 'fine')).toEqual([]);
    expect(errors(result).length, text).toBe(2);
  });

  it('checks pages against both sites: a pay column exists only in the management site\'s data', async () => {
    const dir = path.join(tmp, 'pay', 'pages');
    mkdirSync(dir, { recursive: true });
    const page = path.join(dir, 'pay.md');
    const write = (sql: string) =>
      writeFileSync(page, `\`\`\`sql people\n${sql}\n\`\`\`\n\n<DataTable data={people}>\n  <Column id=person_name />\n  <Column id=monthly_salary />\n</DataTable>\n`);
    // select * adapts: the management site's rows have the salary, the default site's do not
    write('select * from warehouse.dim_person');
    const adaptive = await checkSite({ warehouse: wh.file, only: [page] });
    expect(errors(adaptive), formatResult(adaptive)).toEqual([]);
    // naming the pay column in SQL breaks the default site
    write('select person_name, monthly_salary from warehouse.dim_person');
    const named = formatResult(await checkSite({ warehouse: wh.file, only: [page] }));
    expect(named).toMatch(/pay\.md:2 › people: Binder Error: Referenced column "monthly_salary" not found/);
    expect(named).toContain('1 error');
  });

  it('fills a templated page\'s ${params.x} (pages/customers/[customer].md)', async () => {
    const dir = path.join(tmp, 'templated', 'pages', 'customers');
    mkdirSync(dir, { recursive: true });
    const page = path.join(dir, '[customer].md');
    writeFileSync(page, "```sql customer\nselect customer_name from warehouse.dim_customer where customer_id = '${params.customer}'\n```\n\n```sql typo\nselect 1 where '${params.custmer}' = ''\n```\n");
    const result = await checkSite({ warehouse: wh.file, pagesDir: path.dirname(dir), only: [page] });
    expect(errors(result).map((f) => `${f.file} › ${f.query}: ${f.message}`)).toEqual([
      'pages/customers/[customer].md › typo: ${params.custmer}: the page path has no parameter custmer',
    ]);
  });

  it('checks every queries/ file, also one that no page imports, and names its file', async () => {
    const queries = path.join(tmp, 'queries');
    cpSync('queries', queries, { recursive: true });
    mkdirSync(path.join(queries, 'scratch'), { recursive: true });
    writeFileSync(path.join(queries, 'scratch', 'base.sql'), 'select unit_id, collections from warehouse.ar_metrics_summary');
    writeFileSync(path.join(queries, 'scratch', 'top.sql'), '-- uses base.sql beside it\nselect unit_id, sum(colections) from ${base} group by 1');
    const result = await checkSite({ warehouse: wh.file, queriesDir: queries });
    const text = formatResult(result);
    expect(text).toContain('✘ queries/scratch/top.sql: Binder Error: Referenced column "colections" not found');
    expect(errors(result).map((f) => f.file)).toEqual(['queries/scratch/top.sql']);
  });

  it('names a broken source query, and says how to get a warehouse when there is none', async () => {
    const sources = path.join(tmp, 'sources');
    cpSync('sources', sources, { recursive: true });
    writeFileSync(path.join(sources, 'warehouse', 'broken.sql'), 'select * from no_such_table');
    const conn = readFileSync(path.join(sources, 'warehouse', 'connection.yaml'), 'utf8');
    const r1 = await checkSite({ warehouse: wh.file, sourcesDir: sources, only: [] });
    expect(formatResult(r1)).toContain('✘ sources/warehouse/broken.sql › warehouse.broken: Catalog Error: Table with name no_such_table does not exist');

    writeFileSync(path.join(sources, 'warehouse', 'connection.yaml'), conn.replace('../../warehouse.duckdb', '../../nowhere.duckdb'));
    const r2 = await checkSite({ sourcesDir: sources, root: tmp, only: [] });
    expect(formatResult(r2)).toMatch(/database nowhere\.duckdb not found: build it first \(npm run build/);
  });

  it('with no warehouse it stops after "not found": one error, no cascade of page errors', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/page-check/cli.ts', '--warehouse', path.join(tmp, 'none.duckdb')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const errorLines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('✘'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('none.duckdb not found: build it first');
    expect(errorLines[0]).toContain('no page checked');
  });
});
