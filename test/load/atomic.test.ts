/**
 * Atomic rebuild: the transform CLI killed (SIGKILL) at several points of a long load leaves the
 * previous warehouse byte-identical, and the temp files it leaves behind do not break the next run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { assembleExport, fileRows, runTransformCli, sha256, tmpDir, writeLargeExport } from '../helpers/load.js';

const work = tmpDir();
const out = path.join(work, 'wh', 'warehouse.duckdb');
const big = path.join(work, 'big');
let original: string;

beforeAll(async () => {
  await buildWarehouse({ from: assembleExport(null, path.join(work, 'base')), out });
  original = sha256(out);
  writeLargeExport(big, 150_000);
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const leftovers = () => fs.readdirSync(path.dirname(out)).filter((f) => f !== 'warehouse.duckdb');

/**
 * Kill `ms` milliseconds after the run's first progress line (node and tsx take a second to start, so
 * this lands in the load), or as soon as stderr shows `stage`.
 */
const killPoints: Array<{ ms?: number; stage?: string }> = [
  { ms: 300 },
  { ms: 1000 },
  { ms: 2000 },
  { stage: 'validating invoices' },
  { stage: 'validating receipts' },
  { stage: 'load: ' }, // the model is running
];

it.each(killPoints)('SIGKILL at %o leaves the old warehouse byte-identical', async ({ ms, stage }) => {
  let timer: NodeJS.Timeout | undefined;
  const result = await runTransformCli(['--from', big, '--out', out, '--progress'], {
    onStderr: (text, kill) => {
      if (stage && text.includes(stage)) kill();
      if (ms && !timer) timer = setTimeout(kill, ms);
    },
  }).finally(() => clearTimeout(timer));
  expect(result.signal, `still running when killed (stderr: ${result.stderr.slice(-300)})`).toBe('SIGKILL');
  expect(sha256(out)).toBe(original);
}, 60_000);

it('the next run cleans up what the killed runs left and succeeds', async () => {
  expect(leftovers().some((f) => /^warehouse\.duckdb\.tmp-\d+/.test(f))).toBe(true);
  const result = await runTransformCli(['--from', path.join(work, 'base'), '--out', out]);
  expect(result.code, result.stderr).toBe(0);
  expect(leftovers()).toEqual([]);
  expect(await fileRows(out, 'SELECT count(*) FROM stg_invoices')).toEqual([['5']]);
}, 60_000);
