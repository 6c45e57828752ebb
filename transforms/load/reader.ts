/**
 * The shared reader: any entity's file (CSV in any supported encoding, or XLSX) → a raw DuckDB table
 * of VARCHAR columns read by read_csv, plus what is needed to give every row its source line.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { DuckDBConnection } from '@duckdb/node-api';
import { exec, queryRows } from '../db.js';
import { RecordFault, detectDelimiter, scanCsv, splitRecord, type CsvScan, type QuoteFault } from './csv-scan.js';
import { legacyEncoding, sniff } from './encoding.js';
import { matchHeaders, type HeaderMatch } from './header.js';
import { ident, sqlString } from './sql.js';
import { StructuralFaultError, type EntityDef } from './types.js';
import { detectLayout, HEADER_SEARCH_ROWS, joinHeaderRows, type Layout } from './layout.js';
import { readWorkbook, sheetTextRows, splitSheet, writeSheetCsv, type XlsxRows } from './xlsx.js';

/** A file ready for read_csv. */
export interface Source {
  /** name inside the export folder */
  file: string;
  entity: EntityDef;
  format: 'csv' | 'xlsx';
  encoding: string;
  /** the UTF-8 CSV DuckDB reads: the file itself, or a transcoded / converted copy */
  csvPath: string;
  delimiter: string;
  header: string[];
  match: HeaderMatch;
  /** canonical column → raw column index in the read_csv output */
  rawIndex: Map<string, number>;
  /** raw columns to declare (the widest record) */
  width: number;
  headerLines: number;
  records: number;
  /** CSV: the file's physical lines (CsvScan.lines); XLSX: null */
  lines: number | null;
  /** flat [record, offset] pairs, see CsvScan.breaks */
  breaks: number[];
  /** flat [record, fields, fault] triples, see CsvScan.exceptions */
  exceptions: number[];
  /** header field count: a record with more fields is a fault */
  headerWidth: number;
  /** fields up to the last named header cell: a record with fewer is truncated */
  namedWidth: number;
  quotedNewline: boolean;
  /** some value may need trimming (CsvScan.edgeSpace); XLSX: true */
  edgeSpace: boolean;
  /** XLSX: raw column 0 holds the sheet row number */
  lineColumn: boolean;
  /** something the user should know about the file (shown among the load summary's notes) */
  note?: string;
  /** XLSX: the worksheet read */
  sheet: string | null;
  /** line (XLSX: sheet row) of the header's first row: 1 unless titles or filter lines are above it */
  headerLine: number;
  /** the title and filter lines above the header, skipped */
  preamble: string[];
}

/** A file without data: 'empty' (no bytes / no header) or 'header-only'. */
export type NoData = { file: string; entity: EntityDef; state: 'empty' | 'header-only'; format: 'csv' | 'xlsx'; encoding: string | null; lines?: number; note?: string };

/**
 * Open one file: detect format and encoding from its bytes, transcode or convert when DuckDB cannot
 * read it as is, scan it and match its header. Structural faults throw.
 */
export async function openSource(
  dir: string,
  file: string,
  entity: EntityDef,
  headerMap: Record<string, string>,
  tmpDir: string,
  /** mapping.yaml's encoding for this file, when it states one */
  statedEncoding: string | null = null,
  /** the extension was already judged (a text file named .xls) */
  extensionJudged = false,
  /** XLSX: the worksheet to read (chosen by its header, or named in mapping.yaml) and the name it goes by in load_audit and messages */
  pick: { sheet?: XlsxRows; label?: string } = {},
): Promise<Source | NoData> {
  const full = path.join(dir, file);
  if (pick.label) {
    const opened = await openSource(dir, file, entity, headerMap, tmpDir, statedEncoding, extensionJudged, { sheet: pick.sheet });
    return { ...opened, file: pick.label, note: opened.note?.replace(file, pick.label) };
  }
  const head = readHead(full);
  const kind = sniff(head);
  const fault = (msg: string) => new StructuralFaultError(`${file}: ${msg}`, { file });
  switch (kind.kind) {
    case 'empty':
      return { file, entity, state: 'empty', format: 'csv', encoding: null, lines: 0 };
    case 'xls':
      throw fault('legacy Excel 97-2003 (.xls) workbook; save it as .xlsx (Excel: 另存为 Excel 工作簿) or CSV');
    case 'binary':
      throw fault('not a CSV or XLSX file (binary content)');
    case 'xlsx':
      return withNote(await openXlsx(full, file, entity, headerMap, tmpDir, pick.sheet), wrongExtension(file, 'xlsx'));
  }
  const note = extensionJudged ? null : wrongExtension(file, 'text');
  if (note) return withNote(await openSource(dir, file, entity, headerMap, tmpDir, statedEncoding, true, pick), note);

  let encoding: string = kind.bom === 'utf-8' ? 'utf-8-bom' : 'utf-8';
  let csvPath = full;
  let scan: CsvScan;
  if (kind.bom === 'utf-16le' || kind.bom === 'utf-16be') {
    encoding = kind.bom;
    csvPath = transcode(full, kind.bom, tmpDir, file);
    scan = scanCsv(csvPath);
  } else if (statedEncoding && statedEncoding !== 'utf-8') {
    // mapping.yaml says what the bytes are: no guessing
    encoding = statedEncoding;
    csvPath = transcode(full, statedEncoding === 'gbk' ? 'gb18030' : statedEncoding, tmpDir, file);
    scan = scanCsv(csvPath);
  } else {
    scan = scanCsv(full);
    if (!scan.utf8 && !scan.binary) {
      if (statedEncoding) throw fault(`not UTF-8, as mapping.yaml encoding: says; ${CHOOSE_ENCODING}`);
      const guess = legacyEncoding(fs.readFileSync(full));
      if (!guess) throw fault('unknown encoding: not UTF-8, UTF-16, GBK/GB18030 or Windows-1252; save it as UTF-8 CSV');
      if ('ambiguous' in guess) {
        throw fault(`encoding is ambiguous: ${guess.ambiguous.join(' or ')}? (${guess.evidence}); ${CHOOSE_ENCODING}`);
      }
      encoding = guess.encoding;
      csvPath = transcode(full, encoding === 'gbk' ? 'gb18030' : encoding, tmpDir, file);
      scan = scanCsv(csvPath);
    }
  }
  if (scan.binary) throw fault('not a CSV or XLSX file (binary content)');
  // a report title or filter lines above the header, or a two-row header: scan again past them
  const layout = csvLayout(csvPath, entity, headerMap);
  if (layout) scan = scanCsv(csvPath, { headerRecord: layout.headerStart + layout.headerRows - 1, delimiter: layout.delimiter });
  const textAfterQuote = scan.exceptions.findIndex((v, i) => i % 3 === 2 && (v & RecordFault.TextAfterQuote) !== 0);
  if (textAfterQuote >= 0) {
    // read_csv cannot read such a record reliably (it drops the text, or fails on a split character)
    const rec = scan.exceptions[textAfterQuote - 2];
    throw fault(`line ${lineOf(scan, rec)}: text after a closing quote (malformed CSV quoting); quote the whole field`);
  }
  if (scan.quoteFault) throw fault(quoteFaultMessage(scan.quoteFault));
  if (scan.bareCrLine) throw fault(`line ${scan.bareCrLine} ends with a bare carriage return (old Mac line ends); save the file with LF or CRLF line ends`);
  const header = layout ? layout.header : scan.header;
  if (header.length === 0) return { file, entity, state: 'empty', format: 'csv', encoding, lines: scan.lines };

  const match = matchHeaders(file, entity, header, headerMap);
  if (scan.records === 0) return { file, entity, state: 'header-only', format: 'csv', encoding, lines: scan.lines };
  return {
    file,
    entity,
    format: 'csv',
    encoding,
    csvPath,
    delimiter: scan.delimiter,
    header,
    match,
    rawIndex: match.columns,
    width: Math.max(scan.maxFields, header.length),
    headerLines: scan.headerLines,
    records: scan.records,
    lines: scan.lines,
    breaks: scan.breaks,
    exceptions: scan.exceptions,
    headerWidth: header.length,
    namedWidth: namedWidth(header),
    quotedNewline: scan.quotedNewline,
    edgeSpace: scan.edgeSpace,
    lineColumn: false,
    sheet: null,
    headerLine: layout ? scan.leadLines[layout.headerStart] ?? 1 : 1,
    preamble: layout?.preamble ?? [],
  };
}

/**
 * The layout of a CSV whose header is not simply its first line (titles or filter lines above it, a
 * two-row header), from its first 64 KB; null for a plain file. Records are counted as the scanner
 * counts them: a line with nothing on it is none.
 */
function csvLayout(csvPath: string, entity: EntityDef, headerMap: Record<string, string>): (Layout & { delimiter: string }) | null {
  const text = readHead(csvPath).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n').slice(0, HEADER_SEARCH_ROWS + 2).map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
  const records = lines.map((l) => splitRecord(l, detectDelimiter(l)));
  const layout = detectLayout(entity, records, headerMap);
  if (layout.headerStart === 0 && layout.headerRows === 1) return null;
  const delimiter = detectDelimiter(lines[layout.headerStart]);
  if (layout.headerRows === 2) layout.header = joinRows(lines, layout.headerStart, delimiter);
  return { ...layout, delimiter };
}

/** Both rows of a two-row header split with the header's own delimiter. */
function joinRows(lines: string[], start: number, delimiter: string): string[] {
  return joinHeaderRows(splitRecord(lines[start], delimiter), splitRecord(lines[start + 1], delimiter));
}

const CHOOSE_ENCODING = 'state it in mapping.yaml (encoding: gbk, or encoding: { FILE: windows-1252 }) or save the file as UTF-8 CSV';

/** Why a quoting fault that merges lines stops the load: the lines it would swallow are named. */
export function quoteFaultMessage(q: QuoteFault): string {
  const span = `lines ${q.line}–${q.lastLine}`;
  switch (q.kind) {
    case 'unclosed':
      return `line ${q.line}: a quote opened here is never closed: ${span} (${q.lastLine - q.line + 1} lines) would be read as one field (unbalanced quote); remove the stray " or close it`;
    case 'swallows-records':
      return `line ${q.line}: the quoted field opened here runs over ${span}, which look like records of their own (unbalanced quote?); fix the quoting`;
    case 'wrong-fields':
      return `line ${q.line}: a quoted field joins ${span} into one record of ${q.fields} fields (unbalanced quote?); fix the quoting`;
  }
}

/** A note when the bytes are not what the extension says (an XLSX or a CSV saved as .xls). */
function wrongExtension(file: string, kind: 'xlsx' | 'text'): string | null {
  const ext = path.extname(file).toLowerCase();
  if (kind === 'xlsx' && ext === '.xls') return `${file}: an XLSX workbook with the wrong extension (.xls); read as XLSX`;
  if (kind === 'text' && ext === '.xls') return `${file}: a CSV text file with the wrong extension (.xls); read as CSV`;
  return null;
}

function withNote<T extends Source | NoData>(s: T, note: string | null): T {
  return note ? { ...s, note } : s;
}

/** Trailing empty header cells (e.g. `a,b,c,,`) name nothing: records may stop before them. */
function namedWidth(header: string[]): number {
  let n = header.length;
  while (n > 1 && header[n - 1].trim() === '') n--;
  return n;
}

/** The physical line of data record `rec`, from the scan's offsets. */
function lineOf(scan: CsvScan, rec: number): number {
  let offset = 0;
  for (let i = 0; i < scan.breaks.length && scan.breaks[i] <= rec; i += 2) offset = scan.breaks[i + 1];
  return rec + scan.headerLines + 1 + offset;
}

function readHead(full: string): Buffer {
  const fd = fs.openSync(full, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    return buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

let tmpCounter = 0;
function tmpFile(tmpDir: string, file: string, suffix: string): string {
  return path.join(tmpDir, `${++tmpCounter}-${path.basename(file).replace(/[^\w.-]/g, '_')}${suffix}`);
}

/** A UTF-8 copy of a file in another encoding (its BOM dropped). */
function transcode(full: string, encoding: string, tmpDir: string, file: string): string {
  const out = tmpFile(tmpDir, file, '.utf8.csv');
  fs.writeFileSync(out, iconv.decode(fs.readFileSync(full), encoding, { stripBOM: true }), 'utf8');
  return out;
}

async function openXlsx(full: string, file: string, entity: EntityDef, headerMap: Record<string, string>, tmpDir: string, given?: XlsxRows): Promise<Source | NoData> {
  const rows = given ?? (await readWorkbook(full, file))[0];
  if (!rows) return { file, entity, state: 'empty', format: 'xlsx', encoding: 'xlsx' };
  const sheet = splitSheet(rows, detectLayout(entity, sheetTextRows(rows, HEADER_SEARCH_ROWS + 2), headerMap));
  const match = matchHeaders(file, entity, sheet.header, headerMap);
  if (sheet.rows.length === 0) return { file, entity, state: 'header-only', format: 'xlsx', encoding: 'xlsx' };
  const dateColumns = new Set(entity.columns.filter((c) => c.type === 'date' && match.columns.has(c.name)).map((c) => match.columns.get(c.name)!));
  const csvPath = tmpFile(tmpDir, file, '.csv');
  writeSheetCsv(sheet, dateColumns, csvPath);
  return {
    file,
    entity,
    format: 'xlsx',
    encoding: 'xlsx',
    csvPath,
    delimiter: ',',
    header: sheet.header,
    match,
    rawIndex: new Map([...match.columns].map(([name, i]) => [name, i + 1])),
    width: sheet.header.length + 1,
    headerLines: 1,
    records: sheet.rows.length,
    lines: null,
    breaks: [],
    exceptions: [],
    headerWidth: sheet.header.length + 1,
    namedWidth: sheet.header.length + 1,
    quotedNewline: true,
    edgeSpace: true,
    lineColumn: true,
    sheet: rows.name,
    headerLine: sheet.headerLine,
    preamble: sheet.preamble,
  };
}

/** Raw column name k of a raw table. */
export const rawColumn = (k: number) => `c${k}`;

/**
 * read_csv the source into TEMP table `table` (all VARCHAR, c0…; rowid = record index, since a
 * CREATE TABLE AS keeps the file's order), plus `${table}_brk` (line offsets) and `${table}_exc`
 * (odd records) from the scan.
 */
export async function readRaw(conn: DuckDBConnection, src: Source, table: string, tmpDir: string): Promise<void> {
  const columns = Array.from({ length: src.width }, (_, k) => `${sqlString(rawColumn(k))}: 'VARCHAR'`).join(', ');
  const short = src.width > src.headerWidth || src.exceptions.some((_, i) => i % 3 === 1 && src.exceptions[i] < src.width);
  const options = [
    `header = false`,
    `skip = ${src.headerLines}`,
    `auto_detect = false`,
    `delim = ${sqlString(src.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    `strict_mode = false`,
    `max_line_size = 16777216`,
    `columns = {${columns}}`,
    // short records need padding; DuckDB's parallel reader cannot pad when quoted fields span lines
    ...(short ? ['null_padding = true', ...(src.quotedNewline ? ['parallel = false'] : [])] : []),
  ];
  const [{ n }] = await queryRows<{ n: bigint }>(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT * FROM read_csv(${sqlString(src.csvPath)}, ${options.join(', ')});
     SELECT count(*) AS n FROM ${ident(table)}`,
  );
  if (Number(n) !== src.records) {
    throw new StructuralFaultError(
      `${src.file}: could not be read consistently (${src.records} records found, DuckDB read ${n}); check the quoting`,
      { file: src.file },
    );
  }
  await smallTable(conn, `${table}_brk`, ['rec', 'off'], src.breaks, tmpDir);
  await smallTable(conn, `${table}_exc`, ['rec', 'fields', 'fault'], src.exceptions, tmpDir);
}

/**
 * A TEMP table of integers from a flat array (usually empty or a handful of rows, but it can be one
 * per record), written as a CSV and read back in bulk instead of row-by-row inserts.
 */
async function smallTable(conn: DuckDBConnection, table: string, columns: string[], flat: number[], tmpDir: string): Promise<void> {
  const defs = columns.map((c) => `${c} BIGINT`).join(', ');
  await exec(conn, `CREATE OR REPLACE TEMP TABLE ${ident(table)} (${defs})`);
  if (flat.length === 0) return;
  const width = columns.length;
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += width) lines.push(flat.slice(i, i + width).join(','));
  const file = tmpFile(tmpDir, table, '.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const types = columns.map((c) => `${sqlString(c)}: 'BIGINT'`).join(', ');
  await exec(conn, `INSERT INTO ${ident(table)} SELECT * FROM read_csv(${sqlString(file)}, header = false, auto_detect = false, columns = {${types}})`);
}
