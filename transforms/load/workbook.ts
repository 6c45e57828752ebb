/**
 * Workbooks with several sheets, and the ERP presets.
 *
 * A Kingdee or Yonyou user often saves one workbook with a sheet per list (应收单, 收款单, 客户) or a list
 * split over sheets (2024, 2025). Each worksheet whose header holds an entity's required columns is read
 * as that entity's (a workbook named after an entity: the sheets that fit it; any other workbook: each
 * sheet by the entity it fits best); mapping.yaml `sheets:` names them instead.
 *
 * Presets (presets/*.yaml, in mapping.yaml form) add the headers, file names and spellings of one ERP's
 * exports; one is chosen with `--preset`, `preset:` in mapping.yaml, or detected when the files' headers
 * hold two of its `detect` headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { entityOfFile } from './discover.js';
import { sniff } from './encoding.js';
import { knownColumns, normalizeHeader } from './header.js';
import { detectLayout, HEADER_SEARCH_ROWS } from './layout.js';
import { readMappingFile, type Mapping } from './mapping.js';
import { StructuralFaultError, type EntityDef, type EntityName } from './types.js';
import { readWorkbook, sheetTextRows, type XlsxRows } from './xlsx.js';

export const PRESETS = ['kingdee', 'yonyou'] as const;
export type PresetName = (typeof PRESETS)[number];

const PRESET_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'presets');

export function readPreset(name: string, entities: readonly EntityDef[]): Mapping {
  if (!(PRESETS as readonly string[]).includes(name)) {
    throw new StructuralFaultError(`unknown preset ${name}; the presets are ${PRESETS.join(', ')}`);
  }
  return readMappingFile(path.join(PRESET_DIR, `${name}.yaml`), `preset ${name}`, entities);
}

/** A workbook sheet chosen for an entity, and the name it goes by in load_audit and messages. */
export interface SheetPick {
  sheet: XlsxRows;
  entity: EntityName;
  label: string;
}

/** Does this header (a sheet's, found by the layout finder) hold every required column of the entity? */
function fits(entity: EntityDef, header: string[], extra: Record<string, string>): number {
  const known = knownColumns(entity, header, extra);
  for (const c of entity.columns) {
    if (c.required && !known.has(c.name) && !(c.requiredUnless?.length && c.requiredUnless.every((n) => known.has(n)))) return 0;
  }
  for (const group of entity.anyOf ?? []) if (!group.some((n) => known.has(n))) return 0;
  return known.size;
}

function isXlsx(full: string): boolean {
  const fd = fs.openSync(full, 'r');
  try {
    const head = Buffer.alloc(4096);
    return sniff(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0))).kind === 'xlsx';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Which sheets of which workbook are read for which entity. Workbooks named after an entity keep their
 * old reading (the first sheet) when no sheet fits, so a missing column is reported as before.
 */
export async function planWorkbooks(
  dir: string,
  names: string[],
  entities: readonly EntityDef[],
  mapping: Mapping,
  /** workbooks already read (planning runs again when a preset is detected) */
  cache: Map<string, XlsxRows[]> = new Map(),
): Promise<{ picks: Map<string, SheetPick[]>; notes: string[]; text: Map<string, string[][][]> }> {
  const picks = new Map<string, SheetPick[]>();
  const notes: string[] = [];
  const text = new Map<string, string[][][]>();
  for (const file of [...names].sort()) {
    const full = path.join(dir, file);
    if (file.startsWith('.') || !fs.statSync(full).isFile() || !['.xlsx', '.xlsm', '.xls'].includes(path.extname(file).toLowerCase()) || !isXlsx(full)) continue;
    const sheets = cache.get(file) ?? (await readWorkbook(full, file));
    cache.set(file, sheets);
    text.set(file, sheets.map((s) => sheetTextRows(s, HEADER_SEARCH_ROWS + 2)));
    const own = entityOfFile(file, entities, mapping.files);
    const named = mapping.sheets.get(file.toLowerCase());
    const chosen: Array<{ sheet: XlsxRows; entity: EntityName }> = [];
    if (named) {
      for (const { sheet, entity } of named) {
        const found = sheets.find((s) => s.name === sheet);
        if (!found) throw new StructuralFaultError(`${file}: no worksheet "${sheet}" (mapping.yaml sheets:); it has ${sheets.map((s) => s.name).join(', ')}`, { file });
        const e = entity ?? own;
        if (!e) throw new StructuralFaultError(`${file}: mapping.yaml sheets: name the entity of sheet "${sheet}" ({ ${sheet}: invoices })`, { file });
        chosen.push({ sheet: found, entity: e });
      }
    } else {
      for (const [i, sheet] of sheets.entries()) {
        const rows = text.get(file)![i];
        const score = (e: EntityDef) => fits(e, detectLayout(e, rows, mapping.columns.get(e.name) ?? {}).header, mapping.columns.get(e.name) ?? {});
        if (own) {
          if (score(entities.find((e) => e.name === own)!) > 0) chosen.push({ sheet, entity: own });
          else if (sheets.length > 1) notes.push(`${file}: sheet "${sheet.name}" not read (its header is no ${own} header)`);
          continue;
        }
        const scored = entities.map((e) => ({ e, s: score(e) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s);
        if (scored.length === 0) {
          notes.push(`${file}: sheet "${sheet.name}" not read (its header is no entity's)`);
        } else if (scored.length > 1 && scored[0].s === scored[1].s) {
          notes.push(`${file}: sheet "${sheet.name}" not read: its header fits ${scored[0].e.name} and ${scored[1].e.name} equally; name it in mapping.yaml sheets:`);
        } else {
          chosen.push({ sheet, entity: scored[0].e.name });
        }
      }
    }
    if (chosen.length === 0) continue;
    // one sheet read from a workbook named after its entity keeps the file's name; otherwise file[sheet]
    const plain = chosen.length === 1 && own === chosen[0].entity;
    picks.set(file, chosen.map((c) => ({ ...c, label: plain ? file : `${file}[${c.sheet.name}]` })));
  }
  return { picks, notes, text };
}

/**
 * The preset whose `detect` headers the files show (two of them at least, and more than any other
 * preset's), from the first 64 KB of each CSV and the first rows of each sheet; null when none or a tie.
 */
export function detectPreset(dir: string, names: string[], entities: readonly EntityDef[], sheetText: Map<string, string[][][]>): { preset: PresetName; seen: string[] } | null {
  const cells = new Set<string>();
  for (const file of names) {
    const full = path.join(dir, file);
    if (file.startsWith('.') || !fs.statSync(full).isFile()) continue;
    const sheets = sheetText.get(file);
    if (sheets) {
      for (const rows of sheets) for (const row of rows) for (const c of row) cells.add(normalizeHeader(c));
      continue;
    }
    if (path.extname(file).toLowerCase() !== '.csv') continue;
    const head = fs.readFileSync(full).subarray(0, 1 << 16);
    let text = head.toString('utf8');
    if (text.slice(0, -3).includes('\uFFFD')) text = iconv.decode(head, 'gb18030');
    for (const c of text.split(/[\r\n,\t;|"]+/)) cells.add(normalizeHeader(c));
  }
  const found = PRESETS.map((p) => ({ p, seen: readPreset(p, entities).detect.filter((h) => cells.has(normalizeHeader(h))) })).sort((a, b) => b.seen.length - a.seen.length);
  if (found[0].seen.length < 2 || found[0].seen.length === found[1].seen.length) return null;
  return { preset: found[0].p, seen: found[0].seen };
}
