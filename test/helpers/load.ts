/**
 * Helpers for the loader tests: assemble an export folder from the corpus (base + one fault kind),
 * load it into an in-memory warehouse, and check that nothing was lost.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { expect } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { toDecimal, Decimal } from '../../transforms/money.js';
import { ENTITIES, loadExport, type LoadFileSummary, type LoadSummary } from '../../transforms/load/index.js';
import iconv from 'iconv-lite';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const CORPUS = path.join(ROOT, 'test/fixtures/load');

export interface Expectation {
  what: string;
  remove?: string[];
  structural?: string;
  cli?: boolean;
  rejects?: Array<{ file: string; line: number; column: string | null; value: string | null; reason: string; severity?: 'warning' }>;
  loaded?: Record<string, number>;
  queries?: Array<{ sql: string; rows: Array<Array<string | null>> }>;
  warnings?: string[];
}

export function tmpDir(prefix = 'ar-load-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The fault kinds of the corpus (every folder but base/). */
export function corpusKinds(): string[] {
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'base')
    .map((d) => d.name)
    .sort();
}

export function readExpectation(kind: string): Expectation {
  return YAML.parse(fs.readFileSync(path.join(CORPUS, kind, 'expect.yaml'), 'utf8')) as Expectation;
}

/**
 * base/ copied to a fresh folder with the kind's files laid over it: `X` replaces, `X.append` appends
 * to the base file, `expect.yaml` `remove:` deletes. Returns the folder.
 */
export function assembleExport(kind: string | null, into = tmpDir()): string {
  fs.cpSync(path.join(CORPUS, 'base'), into, { recursive: true });
  if (!kind) return into;
  const dir = path.join(CORPUS, kind);
  const expectation = readExpectation(kind);
  for (const name of expectation.remove ?? []) fs.rmSync(path.join(into, name));
  for (const name of fs.readdirSync(dir)) {
    if (name === 'expect.yaml') continue;
    const bytes = fs.readFileSync(path.join(dir, name));
    if (name.endsWith('.append')) fs.appendFileSync(path.join(into, name.slice(0, -'.append'.length)), bytes);
    else fs.writeFileSync(path.join(into, name), bytes);
  }
  return into;
}

/** Load a folder into a fresh in-memory warehouse. The caller closes it. */
export async function loadFolder(dir: string): Promise<{ w: Warehouse; summary: LoadSummary }> {
  const w = await openWarehouse();
  try {
    return { w, summary: await loadExport(w.conn, dir) };
  } catch (e) {
    await w.close();
    throw e;
  }
}

/** Rows as arrays of text (NULL stays null), for comparing with YAML. */
export async function textRows(w: Warehouse, sql: string): Promise<Array<Array<string | null>>> {
  const reader = await w.conn.runAndReadAll(sql);
  return reader.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
}

/** `sql`'s rows as text from a warehouse file opened read-only (and closed again). */
export async function fileRows(file: string, sql: string): Promise<Array<Array<string | null>>> {
  const w = await openWarehouse(file, { access_mode: 'READ_ONLY' });
  try {
    return await textRows(w, sql);
  } finally {
    await w.close();
  }
}

export async function stgCounts(w: Warehouse): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of ENTITIES) {
    const [{ n }] = await queryRows<{ n: bigint }>(w.conn, `SELECT count(*) AS n FROM ${e.table}`);
    out[e.name] = Number(n);
  }
  return out;
}

/**
 * Nothing lost, to the cent: per file rows_read = loaded + rejected; the stg tables hold exactly the
 * loaded rows (by source_file); rejected rows are the distinct lines in load_rejects; the amounts in
 * stg equal amount_loaded, and the summary agrees with load_audit.
 */
export async function expectNothingLost(w: Warehouse, summary: LoadSummary): Promise<void> {
  type AuditRow = { file: string; entity: string | null; rows_read: number; rows_loaded: number; rows_rejected: number; amount_read: unknown; amount_loaded: unknown; format: string };
  const audit = await queryRows<AuditRow>(w.conn, 'SELECT * FROM load_audit');
  expect(audit.length).toBe(summary.files.length);
  for (const a of audit) {
    if (a.entity === null) {
      expect([a.rows_read, a.rows_loaded, a.format], `${a.file}: skipped`).toEqual([0, 0, 'skipped']);
      continue;
    }
    const entity = ENTITIES.find((e) => e.name === a.entity)!;
    expect(a.rows_read, `${a.file}: read = loaded + rejected`).toBe(a.rows_loaded + a.rows_rejected);
    const [stg] = await queryRows<{ n: bigint; amount: unknown }>(
      w.conn,
      `SELECT count(*) AS n, ${entity.amountColumn ? `sum(${entity.amountColumn})` : 'NULL'} AS amount FROM ${entity.table} WHERE source_file = '${a.file.replace(/'/g, "''")}'`,
    );
    expect(Number(stg.n), `${a.file}: stg rows`).toBe(a.rows_loaded);
    const [rej] = await queryRows<{ n: bigint }>(
      w.conn,
      `SELECT count(DISTINCT line) AS n FROM load_rejects WHERE severity = 'error' AND file = '${a.file.replace(/'/g, "''")}' AND entity = '${a.entity}'`,
    );
    expect(Number(rej.n), `${a.file}: rejected lines`).toBe(a.rows_rejected);
    if (entity.amountColumn) {
      const loaded = toDecimal(a.amount_loaded)!;
      expect((toDecimal(stg.amount) ?? new Decimal(0)).toFixed(2), `${a.file}: stg amount = amount_loaded`).toBe(loaded.toFixed(2));
      const s = summary.files.find((f) => f.file === a.file && f.entity === a.entity)!;
      expect(s.amountLoaded!.toFixed(2)).toBe(loaded.toFixed(2));
      expect(s.amountRead!.toFixed(2)).toBe(toDecimal(a.amount_read)!.toFixed(2));
    } else {
      expect(a.amount_read).toBeNull();
    }
  }
  const [{ errors, notes }] = await queryRows<{ errors: bigint; notes: bigint }>(
    w.conn,
    `SELECT count(*) FILTER (WHERE severity = 'error') AS errors, count(*) FILTER (WHERE severity = 'warning') AS notes FROM load_rejects`,
  );
  expect([Number(errors), Number(notes)]).toEqual([summary.rejectCount, summary.warningCount]);
  for (const s of summary.files) if (s.format === 'csv') expectFileCounts(summary.dir, s);
}

/**
 * Against the file itself, read here without the loader: its records (rows_read + rows_blank) and the
 * sum of its amount column over the records of the header's width whose amount is a plain amount.
 */
export function expectFileCounts(dir: string, s: LoadFileSummary): void {
  const bytes = fs.readFileSync(path.join(dir, s.file));
  const encoding = s.encoding === 'utf-8-bom' || s.encoding === 'utf-8' || s.encoding === null ? 'utf8' : s.encoding;
  const text = iconv.decode(bytes, encoding, { stripBOM: true });
  const delimiter = [',', '\t', ';', '|'].reduce((best, d) => (text.split('\n', 1)[0].split(d).length > text.split('\n', 1)[0].split(best).length ? d : best), ',');
  const [header, ...records] = csvRecords(text, delimiter);
  expect(s.rowsRead + s.rowsBlank, `${s.file}: records in the file`).toBe(records.length);
  const newlines = text.split('\n').length - 1;
  expect(s.lines, `${s.file}: physical lines (wc -l)`).toBe(newlines + (text.length > 0 && !text.endsWith('\n') ? 1 : 0));
  const entity = ENTITIES.find((e) => e.name === s.entity)!;
  if (!entity.amountColumn || !s.amountRead || !s.columns[entity.amountColumn]) return;
  const at = header.indexOf(s.columns[entity.amountColumn]);
  let sum = new Decimal(0);
  for (const r of records) {
    const amount = r.length === header.length ? plainAmount(r[at]) : null;
    if (amount) sum = sum.plus(amount);
  }
  expect(s.amountRead.toFixed(2), `${s.file}: amount read = Σ of the file's amounts`).toBe(sum.toFixed(2));
}

/** RFC 4180 records (a second reading, independent of the loader's scanner); blank lines are none. */
export function csvRecords(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') out.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (ch === '\n') {
      endRow();
      fieldStart = true;
    } else if (ch !== '\r' || text[i + 1] !== '\n') {
      field += ch;
      fieldStart = false;
    }
  }
  if (field !== '' || row.length) endRow();
  return out;
}

/** An amount as finance staff write it (¥, 元, thousands commas, parentheses), or null. */
function plainAmount(text: string | undefined): Decimal | null {
  if (text === undefined) return null;
  const t = text.replace(/[\s\u00a0\u3000]/g, '');
  const negative = /^\(.*\)$/.test(t) || t.includes('-');
  if (t.startsWith('(') !== t.endsWith(')')) return null;
  const digits = t.replace(/^\(|\)$/g, '').replace(/[-+¥￥元]|RMB|CNY/g, '');
  if (!/^(\d{1,3}(,\d{3})+|\d*)(\.\d*)?$/.test(digits) || !/\d/.test(digits)) return null;
  const [int, frac = ''] = digits.replace(/,/g, '').split('.');
  if (/[1-9]/.test(frac.slice(2)) || int.replace(/^0+/, '').length > 16) return null;
  const value = new Decimal(`${int || '0'}.${frac.slice(0, 2) || '0'}`);
  return negative ? value.negated() : value;
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `npm run transform -- …` as a child process: node with tsx's loader, one process (the tsx
 * wrapper would leave its node child running when it is killed).
 */
export function runTransformCli(args: string[], opts: { onStderr?: (text: string, kill: () => void) => void; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'transforms/cli/transform.ts'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      opts.onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A large valid export, written fast: the base people and customers, `n` invoices and `n` receipts
 * (each paying its invoice). For tests that need a load lasting a few seconds.
 */
export function writeLargeExport(dir: string, n: number): void {
  assembleExport(null, dir);
  const customers = ['C1', 'C2', 'C3'];
  const people = ['S1', 'S1', 'S2'];
  const day = (i: number) => new Date(Date.UTC(2023, 0, 1) + (i % 900) * 86_400_000).toISOString().slice(0, 10);
  const write = (file: string, header: string, row: (i: number) => string) => {
    const fd = fs.openSync(path.join(dir, file), 'w');
    fs.writeSync(fd, `${header}\n`);
    for (let start = 0; start < n; start += 10_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(n, start + 10_000); i++) lines.push(row(i));
      fs.writeSync(fd, `${lines.join('\n')}\n`);
    }
    fs.closeSync(fd);
  };
  write('invoices.csv', 'invoice_id,customer_id,invoice_date,amount,person_id', (i) => `N${i},${customers[i % 3]},${day(i)},${(i % 9000) + 100}.${String(i % 100).padStart(2, '0')},${people[i % 3]}`);
  write('receipts.csv', 'receipt_id,customer_id,receipt_date,amount,invoice_id', (i) => `Q${i},${customers[i % 3]},${day(i + 30)},${(i % 9000) + 100}.${String(i % 100).padStart(2, '0')},N${i}`);
  for (const optional of ['targets.csv', 'writeoffs.csv', 'kpi_inputs.csv']) fs.rmSync(path.join(dir, optional));
}
