/**
 * The loader (the input files: transforms/load/README.md): an ERP export folder → stg_* tables, load_audit and load_rejects.
 *
 * Each entity is described as data in ./entities; ./reader.ts reads any of their files (CSV in
 * UTF-8/BOM/GBK/GB18030/UTF-16, or XLSX) with DuckDB's read_csv, and ./validate.ts turns the entity
 * definition into set-based SQL. Structural faults throw StructuralFaultError before anything is
 * written that matters (the caller builds into a temporary file); row faults go to load_rejects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { documentTables } from '../column-docs.js';
import { exec, queryRows } from '../db.js';
import { isAlive } from '../output.js';
import { Decimal } from '../money.js';
import { discoverFiles } from './discover.js';
import { ENTITIES } from './entities/index.js';
import { mergeMapping, readMapping, statedEncoding } from './mapping.js';
import { detectPreset, planWorkbooks, readPreset } from './workbook.js';
import type { XlsxRows } from './xlsx.js';
import { openSource, readRaw, type NoData, type Source } from './reader.js';
import { macroSql, sqlString } from './sql.js';
import { StructuralFaultError } from './types.js';
import type { LoadRejects } from '../warehouse.js';
import type { EntityDef, EntityName, LoadFileSummary, LoadOptions, LoadSummary } from './types.js';
import { LOAD_TABLES_SQL, insertAudit, stgTableSql, validateEntity } from './validate.js';

export { StructuralFaultError } from './types.js';
export type { LoadFileSummary, LoadOptions, LoadSummary } from './types.js';
export { ENTITIES } from './entities/index.js';

export async function loadExport(conn: DuckDBConnection, dir: string, opts: LoadOptions = {}): Promise<LoadSummary> {
  const progress = opts.onProgress ?? (() => {});
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new StructuralFaultError(`export folder not found: ${dir}`);
  }
  const own = readMapping(dir, ENTITIES);
  const names = fs.readdirSync(dir);
  const warnings: string[] = [];
  // an ERP preset under the folder's own mapping.yaml: named (--preset, mapping.yaml preset:) or detected
  const named = opts.preset ?? own.preset;
  let mapping = named ? mergeMapping(readPreset(named, ENTITIES), own) : own;
  const books = new Map<string, XlsxRows[]>();
  let plan = await planWorkbooks(dir, names, ENTITIES, mapping, books);
  if (!named) {
    const detected = detectPreset(dir, names, ENTITIES, plan.text);
    if (detected) {
      mapping = mergeMapping(readPreset(detected.preset, ENTITIES), own);
      plan = await planWorkbooks(dir, names, ENTITIES, mapping, books);
      warnings.push(`preset ${detected.preset} used: its headers ${detected.seen.join(', ')} are in the files (name another with --preset)`);
    }
  }
  warnings.push(...plan.notes);
  const bySheets = new Map([...plan.picks].map(([file, picks]) => [file, picks.map((p) => p.entity)]));
  const { files, unrecognised } = discoverFiles(names, ENTITIES, mapping.files, bySheets);
  if (unrecognised.length) warnings.push(`files not loaded (no entity of that name): ${unrecognised.join(', ')}`);

  const tmpDir = makeTmpDir(opts.tmpDir);
  try {
    // Open (detect, transcode, scan, match headers) every file first: structural faults surface
    // before any heavy work.
    const opened = new Map<EntityName, Array<Source | NoData>>();
    for (const entity of ENTITIES) {
      const list: Array<Source | NoData> = [];
      for (const file of files.get(entity.name) ?? []) {
        progress(`scanning ${file} (${megabytes(path.join(dir, file))})`);
        const picks = plan.picks.get(file)?.filter((p) => p.entity === entity.name) ?? [];
        for (const pick of picks.length ? picks : [null]) {
          const opened = await openSource(dir, file, entity, mapping.columns.get(entity.name) ?? {}, tmpDir, statedEncoding(mapping, file), false, pick ?? {});
          if (opened.note) warnings.push(opened.note);
          list.push(opened);
        }
      }
      if (entity.required && list.length && list.every(isNoData)) {
        const first = list[0] as NoData;
        throw new StructuralFaultError(
          `${first.file}: empty required file (${first.state === 'header-only' ? 'a header but no data rows' : 'no header, no data'})`,
          { file: first.file },
        );
      }
      opened.set(entity.name, list);
    }

    await exec(conn, macroSql(mapping.dateOrder));
    await exec(conn, ENTITIES.map(stgTableSql).join('\n') + LOAD_TABLES_SQL);
    await documentTables(conn, ['load_audit', 'load_rejects']);

    const summaries: LoadFileSummary[] = unrecognised.map((file) => emptySummary(null, file, 'skipped', null));
    for (const s of summaries) await insertAudit(conn, s);
    const absent: EntityName[] = [];
    let rawCount = 0;
    for (const entity of ENTITIES) {
      const list = opened.get(entity.name)!;
      if (list.length === 0) absent.push(entity.name);
      const empty = list.filter(isNoData).map((nd) => {
        warnings.push(`${nd.file}: ${nd.state === 'empty' ? 'empty file' : 'header only'}, no rows`);
        return { ...emptySummary(entity, nd.file, nd.format, nd.encoding), lines: nd.lines ?? null };
      });
      if (list.length === 0) empty.push(emptySummary(entity, '(absent)', 'absent', null));
      for (const s of empty) await insertAudit(conn, s);
      summaries.push(...empty);
      const sources = list.filter((s): s is Source => !isNoData(s));
      if (sources.length === 0) continue;
      const raw: string[] = [];
      for (const src of sources) {
        progress(`reading ${src.file} (${src.records.toLocaleString('en')} records, ${src.encoding})`);
        const table = `ld_raw_${rawCount++}`;
        await readRaw(conn, src, table, tmpDir);
        raw.push(table);
      }
      progress(`validating ${entity.name}`);
      const validated = await validateEntity(conn, entity, sources, raw, mapping.values);
      if (entity.required) await stopOnMostlyRejected(conn, validated, opts.maxRejectShare ?? mapping.maxRejectShare ?? DEFAULT_MAX_REJECT_SHARE);
      summaries.push(...validated);
      for (const f of validated) {
        if (f.totalMismatch) warnings.push(f.totalMismatch);
      }
      const resolved = Object.entries(validated[0]?.namesResolved ?? {}).filter(([, n]) => n > 0);
      if (resolved.length) warnings.push(`${entity.name}: given by name (or "code name") and resolved to codes: ${resolved.map(([c, n]) => `${n} distinct ${c}`).join(', ')}`);
      for (const f of validated) {
        if (f.preamble?.length) warnings.push(`${f.file}: header on ${f.format === 'xlsx' ? 'sheet row' : 'line'} ${f.headerLine}; skipped above it: ${f.preamble.map((p) => JSON.stringify(p)).join(', ')}`);
      }
      for (const src of sources) {
        if (src.match.ignored.length) warnings.push(`${src.file}: ignored columns: ${src.match.ignored.join(', ')}`);
      }
    }

    return { dir, files: summaries, absent, unrecognisedFiles: unrecognised, ...(await rejectSummary(conn)), warnings };
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

const TMP_PREFIX = 'ar-load-';

/**
 * The folder for transcoded and converted copies of the input (they hold the whole export): the one
 * the caller gives (the pipeline's, inside the build's own temporary files), else a new one in the
 * system's temp folder named with this pid. Copies left there by a process that is gone (kill -9)
 * are removed first, so no copy outlives the run after next.
 */
function makeTmpDir(given: string | undefined): string {
  if (given) {
    fs.mkdirSync(given, { recursive: true });
    return given;
  }
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = name.startsWith(TMP_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(TMP_PREFIX.length))?.[1]) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(os.tmpdir(), `${TMP_PREFIX}${process.pid}-`));
}

/** What load_rejects holds now (the model adds warnings of its own after the load). */
export async function rejectSummary(conn: DuckDBConnection): Promise<Pick<LoadSummary, 'rejectCount' | 'warningCount' | 'firstRejects'>> {
  const [{ errors, notes }] = await queryRows<{ errors: bigint; notes: bigint }>(
    conn,
    `SELECT count(*) FILTER (WHERE severity = 'error') AS errors, count(*) FILTER (WHERE severity = 'warning') AS notes FROM load_rejects`,
  );
  const firstRejects = await queryRows<LoadRejects>(conn, 'SELECT * FROM load_rejects ORDER BY rowid LIMIT 20');
  return { rejectCount: Number(errors), warningCount: Number(notes), firstRejects };
}

/** A required file may lose at most this share of its rows to rejects (more is a structural fault). */
export const DEFAULT_MAX_REJECT_SHARE = 0.5;

/**
 * A required file whose rows are all, or more than `share` of them, rejected is no export of that
 * entity (wrong delimiter or decimal comma, wrong file, shifted columns): replacing the warehouse with
 * it would lose everything silently, so it stops the load with the first reasons.
 */
async function stopOnMostlyRejected(conn: DuckDBConnection, files: LoadFileSummary[], share: number): Promise<void> {
  for (const f of files) {
    if (f.rowsRead === 0 || f.rowsRejected === 0 || (f.rowsRejected < f.rowsRead && f.rowsRejected <= f.rowsRead * share)) continue;
    const first = await queryRows<LoadRejects>(
      conn,
      `SELECT * FROM load_rejects WHERE severity = 'error' AND file = ${sqlString(f.file)} AND entity = ${sqlString(f.entity ?? '')} ORDER BY rowid LIMIT 3`,
    );
    const reasons = first.map((r) => `line ${r.line}${r.column ? ` ${r.column}` : ''}${r.value === null ? '' : ` ${JSON.stringify(r.value)}`}: ${r.reason}`);
    const what = f.rowsRejected === f.rowsRead ? 'every row' : `more than ${Math.round(share * 100)} %`;
    throw new StructuralFaultError(
      `${f.file}: ${f.rowsRejected.toLocaleString('en')} of ${f.rowsRead.toLocaleString('en')} rows rejected (${what}); first reasons:\n  ${reasons.join('\n  ')}`,
      { file: f.file },
    );
  }
}

function isNoData(s: Source | NoData): s is NoData {
  return 'state' in s;
}

function emptySummary(entity: EntityDef | null, file: string, format: LoadFileSummary['format'], encoding: string | null): LoadFileSummary {
  const zero = entity?.amountColumn ? new Decimal(0) : null;
  return {
    file,
    entity: entity?.name ?? null,
    format,
    encoding,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsBlank: 0,
    lines: null,
    amountRead: zero,
    amountLoaded: zero,
    columns: {},
    ignoredColumns: [],
  };
}

function megabytes(file: string): string {
  return `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`;
}
