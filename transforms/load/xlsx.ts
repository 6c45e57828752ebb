/**
 * XLSX → the same CSV the shared reader loads. XLSX exports are small (Excel stops at 1,048,576 rows),
 * so a per-cell pass in JavaScript is fine here. Dates are Excel serials: cells formatted as dates
 * arrive from exceljs as Date, bare numbers in a date column are converted here.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { StructuralFaultError } from './types.js';

export interface XlsxSheet {
  /** the worksheet's name */
  name: string;
  header: string[];
  /** sheet row number of the (first) header row */
  headerLine: number;
  /** rows above the header: the report title and filter lines (their cells joined) */
  preamble: string[];
  rows: Array<{ line: number; cells: ExcelJS.CellValue[] }>;
  date1904: boolean;
}

/** A worksheet's non-empty rows, before the header is looked for. */
export interface XlsxRows {
  name: string;
  rows: Array<{ line: number; cells: ExcelJS.CellValue[] }>;
  date1904: boolean;
}

/**
 * Every worksheet with content, in workbook order. A merged cell arrives in every cell it covers with
 * the merged cell's value (exceljs gives the slave cells the master's value), so a customer merged
 * over its invoices' rows is read on each of them.
 */
export async function readWorkbook(path: string, file: string): Promise<XlsxRows[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (e) {
    throw new StructuralFaultError(`${file}: not a readable XLSX file (${(e as Error).message})`, { file });
  }
  const date1904 = Boolean(workbook.properties?.date1904);
  const sheets: XlsxRows[] = [];
  for (const sheet of workbook.worksheets) {
    const rows: XlsxRows['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      // row.values is 1-based and sparse
      rows.push({ line, cells: (row.values as ExcelJS.CellValue[]).slice(1) });
    });
    if (rows.some((r) => r.cells.some((c) => cellText(c, false, date1904).trim() !== ''))) sheets.push({ name: sheet.name, rows, date1904 });
  }
  return sheets;
}

/** The sheet's rows as text, for the layout finder. */
export function sheetTextRows(sheet: XlsxRows, limit: number): string[][] {
  return sheet.rows.slice(0, limit).map((r) => Array.from({ length: r.cells.length }, (_, k) => cellText(r.cells[k], false, sheet.date1904)));
}

/** The sheet split at its header: `headerStart` / `headerRows` from the layout finder (layout.ts). */
export function splitSheet(sheet: XlsxRows, layout: { headerStart: number; headerRows: number; header: string[]; preamble: string[] }): XlsxSheet {
  return {
    name: sheet.name,
    header: layout.header,
    headerLine: sheet.rows[layout.headerStart]?.line ?? 1,
    preamble: layout.preamble,
    rows: sheet.rows.slice(layout.headerStart + layout.headerRows),
    date1904: sheet.date1904,
  };
}

const DAY_MS = 86_400_000;

/**
 * Excel serial day → `YYYY-MM-DD` (the time of day dropped). Serial 1 is 1900-01-01 and Excel counts a
 * 29 Feb 1900 that never was (serial 60), which comes out as the impossible date 1900-02-29 and is
 * rejected like any other. In the 1904 system serial 0 is 1904-01-01. Null when not a serial.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const day = Math.floor(serial);
  if (date1904) return new Date(Date.UTC(1904, 0, 1) + day * DAY_MS).toISOString().slice(0, 10);
  if (day === 60) return '1900-02-29';
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + day * DAY_MS).toISOString().slice(0, 10);
}

/** A cell as the text a CSV export would hold. */
export function cellText(value: ExcelJS.CellValue, isDateColumn: boolean, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return isDateColumn || iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof value === 'number') {
    if (isDateColumn) {
      const iso = excelSerialToIso(value, date1904);
      if (iso) return iso;
    }
    // Excel shows 15 significant digits: a stored 1234.5000000001 is the 1234.50 the user typed
    return String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text);
  if ('error' in value) return value.error;
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result, isDateColumn, date1904);
  return String(value);
}

/** Quote a CSV field (always, so commas, quotes and newlines survive). */
export function csvField(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Write the sheet as CSV: column 0 is the sheet row number, then one column per header cell.
 * Cells beyond the header are dropped: XLSX rows carry no field count to check.
 */
export function writeSheetCsv(sheet: XlsxSheet, dateColumns: Set<number>, out: string): void {
  const width = sheet.header.length;
  const lines = [['__line', ...sheet.header].map(csvField).join(',')];
  for (const { line, cells } of sheet.rows) {
    const fields = [String(line)];
    for (let c = 0; c < width; c++) fields.push(csvField(cellText(cells[c], dateColumns.has(c), sheet.date1904)));
    lines.push(fields.join(','));
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
}
