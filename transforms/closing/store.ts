/**
 * The closed-period store (issue 19): what a period's assessment was when it was closed, kept outside the
 * warehouse because the warehouse is rebuilt from the export on every transform and must not be the only
 * record of an amount that was paid.
 *
 *   <store>/<period>/v<N>/<table>.parquet   the frozen rows (mart_scores, mart_league, … of that period)
 *   <store>/<period>/v<N>/manifest.json     who, when, why, the export's fingerprint, SHA-256 of every file
 *   <store>/ledger.jsonl                    one line per close, in order: the manifest's SHA-256, chained to
 *                                           the line before (an edited manifest or a removed close shows)
 *
 * Append-only: a reopen writes v<N+1> beside v<N>; nothing is ever overwritten or removed. Every reader
 * goes through verifyStore() first: a file whose bytes differ from what was recorded stops the command
 * with a ClosedStoreError naming it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The tables a close freezes, each restricted to the period (see close.ts for the selections). */
export const FROZEN_TABLES = [
  'mart_scores',
  'mart_league',
  'mart_ar_metrics',
  'policy_catalog',
  'policy_parameters',
  'dim_person',
  'dim_team',
  'documents',
] as const;
export type FrozenTable = (typeof FROZEN_TABLES)[number];

export const LEDGER = 'ledger.jsonl';
export const MANIFEST = 'manifest.json';

export interface FileEntry {
  sha256: string;
  bytes: number;
  rows: number;
}

export interface ExportFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  period_key: string;
  grain: 'month' | 'quarter' | 'year';
  start_date: string;
  end_date: string;
  version: number;
  closed_at: string;
  closed_by: string;
  /** why a closed period was closed again (--reopen); null for the first close */
  reason: string | null;
  /** the version this one replaces as the period's current figures; the old one stays */
  supersedes: number | null;
  /** the warehouse the figures were taken from */
  warehouse: string;
  /** the ERP export the warehouse was built from: SHA-256 over its files' names and hashes, and each file */
  export_fingerprint: { sha256: string; files: ExportFile[] } | null;
  files: Record<string, FileEntry>;
}

export interface LedgerLine {
  period_key: string;
  version: number;
  manifest_sha256: string;
  closed_at: string;
  /** SHA-256 of the ledger line before this one ('' for the first) */
  prev: string;
}

/** The store is damaged or edited: the command stops (exit 3) naming the file. */
export class ClosedStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClosedStoreError';
  }
}

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export const sha256Text = (text: string) => createHash('sha256').update(text).digest('hex');

export function versionDir(store: string, period: string, version: number): string {
  return path.join(store, period, `v${version}`);
}

function readLedger(store: string): { lines: LedgerLine[]; raw: string[] } {
  const file = path.join(store, LEDGER);
  if (!fs.existsSync(file)) return { lines: [], raw: [] };
  const raw = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const lines = raw.map((l, i) => {
    try {
      return JSON.parse(l) as LedgerLine;
    } catch {
      throw new ClosedStoreError(`结账记录已损坏 closed store damaged: ${file} line ${i + 1} is not JSON`);
    }
  });
  return { lines, raw };
}

export interface ClosedVersion {
  manifest: Manifest;
  dir: string;
}

export interface StoreState {
  store: string;
  /** every close in ledger order */
  versions: ClosedVersion[];
  /** the latest version of each closed period */
  current: Map<string, ClosedVersion>;
}

/**
 * Check the whole store and return its state: the ledger's chain, each manifest against its ledger line,
 * each frozen file against its manifest, and no version folder the ledger does not know. An absent store is
 * an empty one. Throws ClosedStoreError naming the first file that does not match.
 */
export function verifyStore(store: string): StoreState {
  const state: StoreState = { store, versions: [], current: new Map() };
  if (!fs.existsSync(store)) return state;
  const ledgerFile = path.join(store, LEDGER);
  const { lines, raw } = readLedger(store);
  const known = new Set<string>();
  let prev = '';
  lines.forEach((line, i) => {
    if (line.prev !== prev) throw new ClosedStoreError(`结账记录被改动 closed store edited: ${ledgerFile} line ${i + 1} does not follow the line before it`);
    prev = sha256Text(raw[i]);
    const dir = versionDir(store, line.period_key, line.version);
    const manifestFile = path.join(dir, MANIFEST);
    if (!fs.existsSync(manifestFile)) throw new ClosedStoreError(`结账文件缺失 closed file missing: ${manifestFile}`);
    if (sha256File(manifestFile) !== line.manifest_sha256) {
      throw new ClosedStoreError(`结账文件被改动 closed file changed: ${manifestFile} (SHA-256 differs from ${ledgerFile} line ${i + 1})`);
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    for (const [name, entry] of Object.entries(manifest.files)) {
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) throw new ClosedStoreError(`结账文件缺失 closed file missing: ${file}`);
      if (sha256File(file) !== entry.sha256) {
        throw new ClosedStoreError(`结账文件被改动或损坏 closed file changed or damaged: ${file} (SHA-256 differs from ${manifestFile})`);
      }
    }
    const extra = fs.readdirSync(dir).filter((f) => f !== MANIFEST && !(f in manifest.files));
    if (extra.length) throw new ClosedStoreError(`结账目录有未登记的文件 unrecorded file in the closed store: ${path.join(dir, extra[0])}`);
    known.add(path.resolve(dir));
    const version = { manifest, dir };
    state.versions.push(version);
    state.current.set(line.period_key, version);
  });
  // a version folder outside the ledger was not written by `close` (or its ledger line was removed)
  for (const period of fs.readdirSync(store, { withFileTypes: true })) {
    if (!period.isDirectory()) continue;
    for (const v of fs.readdirSync(path.join(store, period.name), { withFileTypes: true })) {
      const dir = path.resolve(store, period.name, v.name);
      if (v.isDirectory() && !known.has(dir) && !v.name.startsWith('.')) {
        throw new ClosedStoreError(`结账目录不在结账记录中 closed version not in ${ledgerFile}: ${dir}`);
      }
    }
  }
  return state;
}

/** Append one close to the ledger, chained to the last line. */
export function appendLedger(store: string, manifest: Manifest, manifestSha: string): void {
  const { raw } = readLedger(store);
  const line: LedgerLine = {
    period_key: manifest.period_key,
    version: manifest.version,
    manifest_sha256: manifestSha,
    closed_at: manifest.closed_at,
    prev: raw.length ? sha256Text(raw[raw.length - 1]) : '',
  };
  const fd = fs.openSync(path.join(store, LEDGER), 'a');
  try {
    fs.writeSync(fd, `${JSON.stringify(line)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A frozen table of a closed version, as the path DuckDB's read_parquet takes. */
export function frozenFile(v: ClosedVersion, table: FrozenTable): string {
  return path.join(v.dir, `${table}.parquet`);
}
