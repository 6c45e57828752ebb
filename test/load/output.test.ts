/**
 * Issue 16, the output: `--out` checked before any work (a folder, a path under a file, /proc → exit 2 at
 * once with a clear message), a lock naming the running build, stale locks taken over, and no input copy
 * (a transcoded GBK file) outliving its run, also after kill -9.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../transforms/db.js';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { loadExport } from '../../transforms/load/index.js';
import { checkOutput, isAlive, lockOutput, OutputError } from '../../transforms/output.js';
import { assembleExport, runTransformCli, sha256, textRows, tmpDir, writeLargeExport } from '../helpers/load.js';

const work = tmpDir();
const base = path.join(work, 'base');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeAll(() => {
  assembleExport(null, base);
});

describe('--out checked before any work', () => {
  const fault = (out: string) => {
    const t0 = performance.now();
    let error: unknown = null;
    try {
      checkOutput(out);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(OutputError);
    return (error as Error).message;
  };

  it('a folder, a path under a file, /proc: a clear message at once', () => {
    fs.mkdirSync(path.join(work, 'folder'));
    fs.writeFileSync(path.join(work, 'file'), 'x');
    expect(fault(path.join(work, 'folder'))).toBe(`--out ${path.join(work, 'folder')} is a folder; name the warehouse file, e.g. ${path.join(work, 'folder', 'warehouse.duckdb')}`);
    expect(fault(path.join(work, 'file', 'sub', 'w.duckdb'))).toBe(`--out ${path.join(work, 'file', 'sub', 'w.duckdb')}: ${path.join(work, 'file')} is a file, not a folder`);
    expect(fault('/proc/w.duckdb')).toBe('--out /proc/w.duckdb is on /proc, a kernel file system that cannot hold a warehouse; choose another place');
    expect(fault('/proc/self/new/w.duckdb')).toContain('is on /proc');
    expect(checkOutput(path.join(work, 'new', 'deeper', 'w.duckdb'))).toBe(path.join(work, 'new', 'deeper', 'w.duckdb'));
  });

  it.skipIf(process.getuid?.() === 0)('an unwritable folder', () => {
    const ro = path.join(work, 'ro');
    fs.mkdirSync(ro, { mode: 0o500 });
    expect(fault(path.join(ro, 'w.duckdb'))).toContain('cannot write into');
  });

  it('CLI: exit 2 with the message, nothing built, no hang', async () => {
    for (const [out, message] of [
      [path.join(work, 'folder'), 'is a folder'],
      [path.join(work, 'file', 'w.duckdb'), 'is a file, not a folder'],
      ['/proc/w.duckdb', 'is on /proc'],
    ]) {
      const r = await runTransformCli(['--from', base, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`✘ transform not started: --out ${out}`);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});

describe('the lock on --out', () => {
  it('a second build of the same file fails at once naming the running one; a dead one\'s lock is taken over', async () => {
    const big = path.join(work, 'big');
    writeLargeExport(big, 150_000);
    const out = path.join(work, 'locked', 'warehouse.duckdb');
    let second: Awaited<ReturnType<typeof runTransformCli>> | null = null;
    let holder = 0;
    const first = await runTransformCli(['--from', big, '--out', out, '--progress'], {
      onStderr: (text, kill) => {
        if (second !== null || !text.includes('scanning invoices.csv')) return;
        second = {} as never;
        holder = Number(fs.readFileSync(`${out}.lock`, 'utf8').split('\n')[0]);
        void runTransformCli(['--from', base, '--out', out]).then((r) => {
          second = r;
          kill();
        });
      },
    });
    expect(first.signal).toBe('SIGKILL');
    expect(holder).toBeGreaterThan(0);
    expect(second!.code, second!.stderr).toBe(2);
    expect(second!.stderr).toContain(`--out ${out} is being built by another transform (pid ${holder}, since `);
    expect(fs.existsSync(out)).toBe(false);

    // the killed build's lock is stale: the next build takes it over, and leaves nothing behind
    expect(fs.existsSync(`${out}.lock`)).toBe(true);
    const third = await runTransformCli(['--from', base, '--out', out]);
    expect(third.code, third.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['warehouse.duckdb']);
  }, 120_000);

  it('in one process too: the same file cannot be built twice at once', () => {
    const target = path.join(work, 'inproc.duckdb');
    const lock = lockOutput(target);
    expect(() => lockOutput(target)).toThrow(`is being built by another transform (pid ${process.pid}`);
    lock.release();
    lockOutput(target).release();
    expect(fs.existsSync(`${target}.lock`)).toBe(false);
  });
});

describe('input copies', () => {
  /** input-copy folders in the system temp folder of processes that are gone (other tests' loads run beside this one) */
  const tmpCopies = () =>
    fs.readdirSync(os.tmpdir()).filter((f) => {
      const pid = Number(/^ar-load-(\d+)-/.exec(f)?.[1] ?? NaN);
      return f.startsWith('ar-load-') && !f.startsWith('ar-load-test-') && !(Number.isInteger(pid) && isAlive(pid));
    });

  it('a transcoded GBK copy lives in the build\'s own temporary folder: kill -9 leaves none in the system temp folder, the next build removes it', async () => {
    const gbk = path.join(work, 'gbk');
    writeLargeExport(gbk, 150_000);
    const invoices = path.join(gbk, 'invoices.csv');
    fs.writeFileSync(invoices, iconv.encode(fs.readFileSync(invoices, 'utf8').replace('invoice_id', '单据编号'), 'gbk'));
    const out = path.join(work, 'gbk-out', 'warehouse.duckdb');
    await buildWarehouse({ from: base, out });
    const before = sha256(out);
    const copiesBefore = tmpCopies();
    const killed = await runTransformCli(['--from', gbk, '--out', out, '--progress'], {
      onStderr: (text, kill) => {
        if (text.includes('reading invoices.csv')) kill();
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(sha256(out)).toBe(before);
    expect(tmpCopies()).toEqual(copiesBefore);
    const left = fs.readdirSync(path.dirname(out)).filter((f) => f.endsWith('.load'));
    expect(left).toHaveLength(1);
    expect(fs.readdirSync(path.join(path.dirname(out), left[0])).some((f) => f.endsWith('invoices.csv.utf8.csv'))).toBe(true);

    const next = await runTransformCli(['--from', base, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['warehouse.duckdb']);
  }, 120_000);

  it('a load outside the pipeline removes the copies of processes that are gone', async () => {
    const stale = path.join(os.tmpdir(), 'ar-load-999999999-abc');
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, '1-invoices.csv.utf8.csv'), 'copy');
    const w = await openWarehouse();
    try {
      await loadExport(w.conn, base);
      expect(fs.existsSync(stale)).toBe(false);
      expect(await textRows(w, 'SELECT count(*) FROM stg_invoices')).toEqual([['5']]);
    } finally {
      await w.close();
    }
    expect(tmpCopies().filter((f) => f.startsWith(`ar-load-${process.pid}-`))).toEqual([]);
  });
});

describe('a stale lock', () => {
  it('of a pid now used by another program (not node) is taken over', async () => {
    const { spawn } = await import('node:child_process');
    const sleeper = spawn('sleep', ['30']);
    try {
      const target = path.join(work, 'reused.duckdb');
      fs.writeFileSync(`${target}.lock`, `${sleeper.pid}\n2026-01-01T00:00:00.000Z\n`);
      const lock = lockOutput(target);
      expect(fs.readFileSync(`${target}.lock`, 'utf8').split('\n')[0]).toBe(String(process.pid));
      lock.release();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
