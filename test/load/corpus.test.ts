/**
 * The bad-input corpus (test/fixtures/load, see its README): one test per fault kind. Each asserts the
 * outcome (structural stop with its message, or the exact reject and warning rows: file, line, column,
 * value, reason, severity), and that nothing else was lost: counts and amounts to the cent against
 * load_audit, the stg tables and the file itself (read again by the test, not by the loader).
 * Some structural kinds also run the CLI as a child process: exit 1, the message, the previous
 * warehouse byte-identical.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StructuralFaultError } from '../../transforms/load/index.js';
import { buildWarehouse } from '../../transforms/pipeline.js';
import {
  assembleExport,
  corpusKinds,
  expectNothingLost,
  loadFolder,
  readExpectation,
  runTransformCli,
  sha256,
  stgCounts,
  textRows,
  tmpDir,
} from '../helpers/load.js';

const kinds = corpusKinds();
let baseCounts: Record<string, number>;
const work = tmpDir();

/** a warehouse built from base/, the "previous warehouse" the CLI cases must leave alone */
const baseWarehouse = path.join(work, 'base.duckdb');

beforeAll(async () => {
  await buildWarehouse({ from: assembleExport(null, path.join(work, 'base')), out: baseWarehouse });
  const { w, summary } = await loadFolder(path.join(work, 'base'));
  try {
    expect(summary.rejectCount, 'the base export is valid').toBe(0);
    await expectNothingLost(w, summary);
    baseCounts = await stgCounts(w);
  } finally {
    await w.close();
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it('has at least 60 fault kinds', () => {
  expect(kinds.length).toBeGreaterThanOrEqual(60);
});

describe.each(kinds)('%s', (kind) => {
  const expectation = readExpectation(kind);

  if (expectation.structural) {
    it(`stops: ${expectation.what}`, async () => {
      const dir = assembleExport(kind, path.join(work, kind));
      const error = await loadFolder(dir).then(
        async ({ w }) => {
          await w.close();
          return null;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StructuralFaultError);
      expect((error as Error).message).toContain(expectation.structural);
    });
    if (expectation.cli) {
      it('CLI: exit 1 with the message, the old warehouse untouched', async () => {
        const dir = assembleExport(kind, path.join(work, `${kind}-cli`));
        const out = path.join(work, `${kind}.duckdb`);
        fs.copyFileSync(baseWarehouse, out);
        const before = sha256(out);
        const result = await runTransformCli(['--from', dir, '--out', out]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(expectation.structural);
        expect(sha256(out)).toBe(before);
        expect(fs.readdirSync(work).filter((f) => f.startsWith(`${kind}.duckdb.tmp`))).toEqual([]);
      }, 60_000);
    }
    return;
  }

  it(expectation.what, async () => {
    const { w, summary } = await loadFolder(assembleExport(kind, path.join(work, kind)));
    try {
      const rejects = await textRows(w, 'SELECT file, line, "column", value, reason, severity FROM load_rejects ORDER BY rowid');
      const expected = expectation.rejects ?? [];
      expect(rejects.map(([file, line, column, value, , severity]) => ({ file, line: Number(line), column, value, severity }))).toEqual(
        expected.map((r) => ({ file: r.file, line: r.line, column: r.column ?? null, value: r.value === null ? null : String(r.value), severity: r.severity ?? 'error' })),
      );
      rejects.forEach(([, , , , reason], i) => expect(reason).toContain(expected[i].reason));

      await expectNothingLost(w, summary);
      expect(await stgCounts(w)).toEqual({ ...baseCounts, ...(expectation.loaded ?? {}) });
      for (const q of expectation.queries ?? []) {
        expect(await textRows(w, q.sql), q.sql).toEqual(q.rows.map((row) => row.map((v) => (v === null ? null : String(v)))));
      }
      for (const warning of expectation.warnings ?? []) {
        expect(summary.warnings.some((x) => x.includes(warning)), `warning "${warning}" in ${JSON.stringify(summary.warnings)}`).toBe(true);
      }
    } finally {
      await w.close();
    }
  });
});
