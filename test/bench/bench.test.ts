/**
 * `npm run bench` at a tiny size, without the site: every stage runs in its own process and reports
 * positive times and memory, the floor reads every row, the ratios are sane, and the results are written
 * where --out says (the README is left alone: it is only updated from the default results folder).
 * The real benchmark (100k … 10M) is not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_END, README_START, updateReadme, type BenchResult } from '../../bench/report.js';
import { openWarehouse, queryRows } from '../../transforms/db.js';
import { buildWarehouse } from '../../transforms/pipeline.js';

const INVOICES = 5000;
let dir: string;
let result: BenchResult;
let readmeBefore: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  readmeBefore = fs.readFileSync('README.md', 'utf8');
  const args = ['--sizes', String(INVOICES), '--no-site', '--keep', '--out', path.join(dir, 'results'), '--work', path.join(dir, 'work')];
  const run = spawnSync('npx', ['tsx', 'bench/run.ts', ...args], {
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (run.status !== 0) throw new Error(`bench failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const json = fs.readdirSync(path.join(dir, 'results')).find((f) => f.endsWith('.json'));
  result = JSON.parse(fs.readFileSync(path.join(dir, 'results', json!), 'utf8')) as BenchResult;
}, 180_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run bench (smoke, 5 000 invoices, no site)', () => {
  it("checks every table's key on the warehouse it built", () => {
    const keys = result.sizes[0].keys!;
    expect(keys.tables).toBeGreaterThan(50);
    expect(keys.repeated).toEqual([]);
    expect(result.targets.find((t) => t.target.startsWith("every table's key unique"))).toMatchObject({ ok: true, measured: `${keys.tables} tables, none repeated` });
  });

  it('times every stage in its own process, with its peak RSS and where the time went', () => {
    expect(result.sizes).toHaveLength(1);
    const size = result.sizes[0];
    expect(size.invoices).toBe(INVOICES);
    for (const stage of ['load', 'model', 'policies', 'floor'] as const) {
      const s = size.stages[stage];
      expect(s.stage).toBe(stage);
      expect(s.ms, stage).toBeGreaterThan(0);
      expect(s.cpuMs, stage).toBeGreaterThan(0);
      expect(s.processMs, stage).toBeGreaterThanOrEqual(s.ms);
      // a Node process with DuckDB: more than 20 MB, less than the machine
      expect(s.peakRssBytes, stage).toBeGreaterThan(20e6);
      expect(s.peakRssBytes, stage).toBeLessThan(os.totalmem());
      expect(s.steps.length, stage).toBeGreaterThan(0);
    }
    expect(size.stages.model.steps.map((s) => s.name)).toContain('marts/mart_ar_metrics');
    expect(size.transform.ms).toBe(size.stages.load.ms + size.stages.model.ms + size.stages.policies.ms);
    expect(size.warehouseBytes).toBeGreaterThan(0);
  });

  it('reads every row of every file in the floor', () => {
    const size = result.sizes[0];
    for (const [file, rows] of Object.entries(size.rows)) {
      expect(size.stages.floor.tables?.[file.replace(/\.csv$/, '')], file).toBe(rows);
    }
  });

  it('reports sane ratios and the machine', () => {
    const size = result.sizes[0];
    // the transform validates, models and scores: slower than a bare read, but not absurdly
    expect(size.ratio).toBeGreaterThan(1);
    expect(size.ratio).toBeLessThan(1000);
    expect(size.cpuRatio).toBeGreaterThan(1);
    expect(result.growth).toEqual([]);
    expect(result.site).toEqual([]);
    expect(result.machine.cores).toBe(os.cpus().length);
    expect(result.machine.duckdb).toMatch(/^v\d+\.\d+/);
    expect(result.targets.map((t) => t.limit)).toEqual(['≤ 3×', '≤ 6 GB', 'none repeated']);
  });

  it('writes the markdown table and leaves the README alone outside the default results folder', () => {
    const files = fs.readdirSync(path.join(dir, 'results'));
    expect(files).toContain('latest.md');
    expect(files.some((f) => /^\d{4}-\d{2}-\d{2}-5k\.md$/.test(f))).toBe(true);
    const md = fs.readFileSync(path.join(dir, 'results', 'latest.md'), 'utf8');
    expect(md).toContain('| 5,000 |');
    expect(md).toContain(`DuckDB ${result.machine.duckdb}`);
    expect(fs.readFileSync('README.md', 'utf8')).toBe(readmeBefore);
  });
});

describe('what the bench measures', () => {
  it('is the pipeline: the staged warehouse has the same tables and rows as buildWarehouse', async () => {
    const work = path.join(dir, 'work');
    const sample = path.join(work, 'samples', fs.readdirSync(path.join(work, 'samples')).find((d) => d.startsWith(`${INVOICES}-`))!);
    const built = path.join(dir, 'built.duckdb');
    await buildWarehouse({ from: sample, out: built });
    const wh = await openWarehouse(':memory:');
    try {
      await wh.conn.run(`ATTACH '${built}' AS a (READ_ONLY); ATTACH '${path.join(work, 'warehouse-5k.duckdb')}' AS b (READ_ONLY)`);
      const tables = async (db: string) =>
        (await queryRows<{ t: string }>(wh.conn, `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = '${db}' ORDER BY 1`)).map((r) => r.t);
      const names = await tables('a');
      expect(names).toContain('mart_league');
      expect(await tables('b')).toEqual(names);
      for (const t of names) {
        // load_audit.loaded_at is when each warehouse was loaded: the two builds differ there and nowhere else
        const cols = t === 'load_audit' ? '* EXCLUDE (loaded_at)' : '*';
        const [{ d }] = await queryRows<{ d: bigint }>(
          wh.conn,
          `SELECT (SELECT count(*) FROM (SELECT ${cols} FROM a."${t}" EXCEPT ALL SELECT ${cols} FROM b."${t}"))
                + (SELECT count(*) FROM (SELECT ${cols} FROM b."${t}" EXCEPT ALL SELECT ${cols} FROM a."${t}")) AS d`,
        );
        expect(Number(d), t).toBe(0);
      }
    } finally {
      await wh.close();
    }
  }, 120_000);
});

describe('the README section', () => {
  it('is replaced between the markers and nowhere else', () => {
    const file = path.join(dir, 'README.md');
    fs.writeFileSync(file, `# x\n\n## Performance\n\n${README_START}\nold\n${README_END}\n\nafter\n`);
    expect(updateReadme(file, 'new table\n')).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(`# x\n\n## Performance\n\n${README_START}\nnew table\n${README_END}\n\nafter\n`);
    fs.writeFileSync(file, 'no markers\n');
    expect(updateReadme(file, 'new')).toBe(false);
  });
});
