/**
 * Where the header is in a file as finance staff save it from a Kingdee or Yonyou list report: a report
 * title and filter lines (查询条件, 日期范围, 制表人 …) above the header, and a two-row header whose first row
 * has merged cells (金额 over 原币 / 本币). The header row is the one among the first rows that names the
 * most known columns of the entity (at least two); a second row under it is joined to it when it
 * holds only labels and sits under a merged cell (or makes more columns known). Files whose header is
 * the first row and alone are left exactly as before (the fast path of the 10 M-row benchmark).
 */
import { knownColumns } from './header.js';
import type { EntityDef } from './types.js';

/** How far down the header may be: a report title, a few filter lines, a blank row or two. */
export const HEADER_SEARCH_ROWS = 40;

export interface Layout {
  /** records above the header (titles, filters), as their non-empty cells joined with a space */
  preamble: string[];
  /** 0-based index (among records) of the first header row */
  headerStart: number;
  /** 1, or 2 for a two-row header */
  headerRows: number;
  /** the header: the cells of a one-row header; for two rows each column's parent label and its own, joined with '-' */
  header: string[];
}

/**
 * Find the header among the first records (each a list of cells). `records[i]` must be the i-th record
 * as the reader counts them (lines with nothing at all are no records; `,,,` is one).
 */
export function detectLayout(entity: EntityDef, records: string[][], extra: Record<string, string> = {}): Layout {
  let best = 0;
  let bestKnown = -1;
  records.slice(0, HEADER_SEARCH_ROWS).forEach((cells, i) => {
    const known = knownColumns(entity, cells, extra).size;
    if (known > bestKnown) {
      best = i;
      bestKnown = known;
    }
  });
  // no row names two columns: keep the first row as the header, so its faults are reported as before
  if (bestKnown < 2) best = 0;
  const header = records[best] ?? [];
  // a title merged across the width arrives once per cell (XLSX): keep it once
  const preamble = records
    .slice(0, best)
    .map((cells) => cells.map((c) => c.trim()).filter((c, k, all) => c !== '' && c !== all[k - 1]).join(' '))
    .filter((t) => t !== '');
  const sub = records[best + 1];
  if (sub && isSubHeader(entity, header, sub, extra)) {
    return { preamble, headerStart: best, headerRows: 2, header: joinHeaderRows(header, sub) };
  }
  return { preamble, headerStart: best, headerRows: 1, header };
}

/** Any digit: a data row (an amount, a date, a code); a sub-header row holds labels only. */
const DIGIT = /[0-9]/;

function isSubHeader(entity: EntityDef, header: string[], sub: string[], extra: Record<string, string>): boolean {
  const cells = sub.map((c) => c.trim());
  if (!cells.some((c) => c !== '') || cells.some((c) => DIGIT.test(c))) return false;
  // a label under a merged cell: the header cell above is empty (CSV) or repeats its left neighbour (XLSX)
  const above = (k: number) => (header[k] ?? '').trim();
  const underSpan = cells.some((c, k) => c !== '' && k > 0 && (above(k) === '' || above(k) === above(k - 1)));
  const single = knownColumns(entity, header, extra).size;
  const joined = knownColumns(entity, joinHeaderRows(header, sub), extra).size;
  return joined > single || (underSpan && joined >= single);
}

/**
 * Join a two-row header: a column's label is its first-row label (or that of the merged cell it lies
 * under: the nearest non-empty one to its left) and its second-row label, `金额-原币`; a column whose
 * second row is empty or repeats the first (a cell merged down) keeps its first-row label.
 */
export function joinHeaderRows(top: string[], sub: string[]): string[] {
  const width = Math.max(top.length, sub.length);
  const out: string[] = [];
  let parent = '';
  for (let k = 0; k < width; k++) {
    const t = (top[k] ?? '').trim();
    const s = (sub[k] ?? '').trim();
    if (t !== '') parent = t;
    else if (s === '') parent = '';
    if (s === '' || s === t) out.push(t);
    else out.push(parent ? `${parent}-${s}` : s);
  }
  return out;
}
