/**
 * The sample through the real loader (transforms/load) and the CLI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows } from '../../../transforms/db.js';
import { loadExport } from '../../../transforms/load/index.js';
import { SAMPLE_FILES } from '../../../tools/sample/index.js';
import { generate, removeGenerated } from './sampleHelpers.js';

afterAll(removeGenerated);

describe('sample generator: loads and runs', () => {
  it('loads with zero rejects and reconciles every file to the cent', async () => {
    const sample = await generate(20250101, 10_000);
    const w = await openWarehouse();
    try {
      await loadExport(w.conn, sample.dir);
      expect(await queryRows(w.conn, `SELECT file, line, "column", value, reason FROM load_rejects LIMIT 5`)).toEqual([]);
      const audit = await queryRows<{ file: string; rows_read: number; rows_loaded: number; amount_read: string | null; amount_loaded: string | null }>(
        w.conn,
        `SELECT file, rows_read::INT rows_read, rows_loaded::INT rows_loaded, amount_read::VARCHAR amount_read, amount_loaded::VARCHAR amount_loaded FROM load_audit WHERE format <> 'absent'`,
      );
      // the sample's invoices are due whole: no payment schedule (收款计划), the one optional input it leaves out
      expect(await queryRows(w.conn, `SELECT entity FROM load_audit WHERE format = 'absent'`)).toEqual([{ entity: 'payment_schedule' }]);
      expect(audit.map((a) => a.file).sort()).toEqual([...SAMPLE_FILES].sort());
      for (const a of audit) {
        expect(a.rows_loaded, a.file).toBe(a.rows_read);
        expect(a.rows_read, a.file).toBe(sample.stats.rows[a.file as (typeof SAMPLE_FILES)[number]]);
        expect(a.amount_loaded, a.file).toBe(a.amount_read);
      }
      expect(audit.find((a) => a.file === 'invoices.csv')!.amount_read).toBe(sample.stats.amounts.invoices);
      expect(audit.find((a) => a.file === 'receipts.csv')!.amount_read).toBe(sample.stats.amounts.receipts);
      expect(audit.find((a) => a.file === 'writeoffs.csv')!.amount_read).toBe(sample.stats.amounts.writeoffs);
    } finally {
      await w.close();
    }
  });

  it('npm run sample: --help, and writes the folder', () => {
    const cli = join(process.cwd(), 'tools/sample/cli.ts');
    const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
    expect(execFileSync(tsx, [cli, '--help'], { encoding: 'utf8' })).toMatch(/--invoices N/);
    const out = mkdtempSync(join(tmpdir(), 'sample-cli-'));
    try {
      const log = execFileSync(tsx, [cli, '--out', out, '--seed', '3', '--invoices', '2000'], { encoding: 'utf8' });
      expect(log).toMatch(/invoices\.csv\s+2000/);
      for (const f of SAMPLE_FILES) expect(existsSync(join(out, f)), f).toBe(true);
      expect(() => execFileSync(tsx, [cli, '--invoices', 'many'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/--invoices/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
