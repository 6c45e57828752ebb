/** `npm run transform`: help, usage errors, the summary it prints and its exit codes. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assembleExport, runTransformCli, tmpDir } from '../helpers/load.js';

const work = tmpDir();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it('--help prints the usage and exits 0', async () => {
  const r = await runTransformCli(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('npm run transform -- --from DIR [--out FILE]');
});

it('without --from it exits 1 with the usage', async () => {
  const r = await runTransformCli([]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--from DIR is required');
});

it('a missing folder exits 1 naming it', async () => {
  const r = await runTransformCli(['--from', path.join(work, 'nowhere'), '--out', path.join(work, 'x.duckdb')]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`export folder not found: ${path.join(work, 'nowhere')}`);
  expect(fs.existsSync(path.join(work, 'x.duckdb'))).toBe(false);
});

it('prints the load summary and the first rejects, and exits 0 despite rejected rows', async () => {
  const dir = assembleExport('amount-three-decimals', path.join(work, 'export'));
  const out = path.join(work, 'w.duckdb');
  const r = await runTransformCli(['--from', dir, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toMatch(/^file\s+entity\s+read\s+loaded\s+rejected\s+amount read\s+amount loaded$/);
  expect(lines).toContainEqual(expect.stringMatching(/^invoices\.csv\s+invoices\s+7\s+5\s+2\s+41,810\.00\s+41,810\.00$/));
  expect(lines).toContainEqual(expect.stringMatching(/^people\.csv\s+people\s+4\s+4\s+0$/));
  expect(r.stdout).toContain('2 rejected value(s) in load_rejects:');
  expect(r.stdout).toContain('  invoices.csv:7 amount "12.345": amount (价税合计): more than 2 decimal places (amounts are never rounded)');
  expect(r.stdout).toContain('  invoices.csv:8 amount "1,234.567": ');
  expect(r.stdout).toMatch(new RegExp(`✔ ${out.replace(/[.]/g, '\\.')} built in [0-9.]+ s \\(load \\d+ ms, model \\d+ ms, policies \\d+ ms, publish \\d+ ms\\)`));
  expect(fs.existsSync(out)).toBe(true);
}, 60_000);

it('lists skipped files among the files, and warnings apart from rejects', async () => {
  const dir = assembleExport('unrecognised-file', path.join(work, 'skipped'));
  fs.writeFileSync(path.join(dir, 'customers.csv'), fs.readFileSync(path.join(dir, 'customers.csv'), 'utf8').replace('C1,上海甲公司,100000.00,30', 'C1,上海甲公司,100000.00,abc'));
  const r = await runTransformCli(['--from', dir, '--out', path.join(work, 'skipped.duckdb')]);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines).toContainEqual(expect.stringMatching(/^notes\.txt\s+\(skipped\)\s+0\s+0\s+0$/));
  expect(lines).toContainEqual(expect.stringMatching(/^old_invoices\.csv\s+\(skipped\)\s+0\s+0\s+0$/));
  expect(r.stdout).toContain('1 warning(s) (rows loaded) in load_rejects:');
  expect(r.stdout).toContain('  customers.csv:2 credit_days "abc": warning: credit_days (信用期): not a whole number; 30 used, the row kept');
}, 60_000);
