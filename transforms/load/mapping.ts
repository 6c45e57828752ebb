/**
 * The optional `mapping.yaml` of an export folder: what the aliases do not cover.
 *
 *   columns:            # any file: header → canonical column
 *     客户全称: customer_name
 *   invoices:           # one entity only
 *     InvoiceAmount: amount
 *   files:              # a file name that is not an entity name → entity
 *     AR-2025.csv: invoices
 *   sheets:             # which worksheets of a workbook to read (default: those whose header fits an entity)
 *     应收数据.xlsx: { 应收单: invoices, 收款单: receipts }
 *     invoices.xlsx: 2025年     # the file's own entity
 *   preset: kingdee     # or yonyou: the ERP's headers and file names (transforms/load/presets; default: detected)
 *   values:             # more enum spellings: column → { spelling: canonical value }
 *     method: { 承兑: bank_acceptance }
 *   date_order: MDY     # how to read a/b/yyyy dates (MDY or DMY); without it they are rejected
 *   max_reject_share: 0.8   # a required file with more of its rows rejected stops the load (default 0.5)
 *   encoding: gbk       # the text encoding of every CSV, or per file: { customers.csv: windows-1252 };
 *                       # without it the bytes decide (UTF-8, UTF-16 BOM, GBK/GB18030, Windows-1252)
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { EntityDef, EntityName } from './types.js';
import { StructuralFaultError } from './types.js';

export type DateOrder = 'MDY' | 'DMY' | null;

export interface Mapping {
  /** per entity: header → canonical column */
  columns: Map<EntityName, Record<string, string>>;
  /** file name (lower case) → entity */
  files: Map<string, EntityName>;
  /** column name → { spelling → canonical } */
  values: Map<string, Record<string, string>>;
  dateOrder: DateOrder;
  /** max_reject_share: how much of a required file may be rejected (0–1) */
  maxRejectShare: number | null;
  /** encoding: of every CSV (key '*') or per file name (lower case) */
  encodings: Map<string, string>;
  /** sheets: per workbook (lower case) the worksheets to read, each with its entity (null: the file's own) */
  sheets: Map<string, Array<{ sheet: string; entity: EntityName | null }>>;
  /** preset: kingdee or yonyou (transforms/load/presets) */
  preset: string | null;
  /** a preset's own headers: a file whose header holds two of them is taken for that ERP's export */
  detect: string[];
}

/** The text encodings mapping.yaml may state, by the spellings it accepts. */
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', gbk: 'gbk', gb2312: 'gbk', cp936: 'gbk', gb18030: 'gb18030',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'iso-8859-1': 'windows-1252',
  'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
};

/** The encoding mapping.yaml states for a file, or null. */
export function statedEncoding(mapping: Mapping, file: string): string | null {
  return mapping.encodings.get(file.toLowerCase()) ?? mapping.encodings.get('*') ?? null;
}

export const MAPPING_FILE = 'mapping.yaml';

export function emptyMapping(): Mapping {
  return { columns: new Map(), files: new Map(), values: new Map(), dateOrder: null, maxRejectShare: null, encodings: new Map(), sheets: new Map(), preset: null, detect: [] };
}

export function readMapping(dir: string, entities: readonly EntityDef[]): Mapping {
  return readMappingFile(path.join(dir, MAPPING_FILE), MAPPING_FILE, entities);
}

/** A mapping file (an export's mapping.yaml, or a preset of transforms/load/presets); `label` names it in messages. */
export function readMappingFile(file: string, label: string, entities: readonly EntityDef[]): Mapping {
  const mapping = emptyMapping();
  if (!fs.existsSync(file)) return mapping;
  const fault = (msg: string) => new StructuralFaultError(`${label}: ${msg}`, { file: label });
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw fault(`not valid YAML: ${(e as Error).message}`);
  }
  if (doc == null) return mapping;
  if (!isRecord(doc)) throw fault('expected a mapping of keys');
  const byName = new Map(entities.map((e) => [e.name as string, e]));

  for (const [key, value] of Object.entries(doc)) {
    if (key === 'date_order') {
      const order = String(value).toUpperCase();
      if (order !== 'MDY' && order !== 'DMY') throw fault(`date_order must be MDY or DMY, not ${String(value)}`);
      mapping.dateOrder = order;
    } else if (key === 'max_reject_share') {
      mapping.maxRejectShare = parseShare(value);
      if (mapping.maxRejectShare === null) throw fault(`max_reject_share must be a share from 0 to 1 or a percentage, not ${String(value)}`);
    } else if (key === 'encoding') {
      const stated = typeof value === 'string' ? { '*': value } : stringRecord(value, key, fault);
      for (const [file, name] of Object.entries(stated)) {
        const encoding = ENCODINGS[name.trim().toLowerCase()];
        if (!encoding) throw fault(`encoding: ${name} is not one of ${[...new Set(Object.values(ENCODINGS))].join(', ')}`);
        mapping.encodings.set(file.toLowerCase(), encoding);
      }
    } else if (key === 'sheets') {
      if (!isRecord(value)) throw fault('sheets: expected workbook → sheet name, list of sheet names, or { sheet: entity }');
      for (const [book, spec] of Object.entries(value)) {
        const list = typeof spec === 'string' ? [{ sheet: spec, entity: null }]
          : Array.isArray(spec) ? spec.map((s) => ({ sheet: String(s), entity: null }))
          : Object.entries(stringRecord(spec, `sheets.${book}`, fault)).map(([sheet, entity]) => {
              if (!byName.has(entity)) throw fault(`sheets: ${book} [${sheet}] → unknown entity ${entity}`);
              return { sheet, entity: entity as EntityName };
            });
        mapping.sheets.set(book.toLowerCase(), list);
      }
    } else if (key === 'preset') {
      mapping.preset = String(value).trim().toLowerCase();
    } else if (key === 'detect') {
      if (!Array.isArray(value)) throw fault('detect: expected a list of headers');
      mapping.detect = value.map(String);
    } else if (key === 'source') {
      // a preset's provenance, for people reading it
    } else if (key === 'files') {
      for (const [name, entity] of Object.entries(stringRecord(value, key, fault))) {
        if (!byName.has(entity)) throw fault(`files: ${name} → unknown entity ${entity}`);
        mapping.files.set(name.toLowerCase(), entity as EntityName);
      }
    } else if (key === 'values') {
      if (!isRecord(value)) throw fault('values: expected column → { spelling: value }');
      for (const [column, spellings] of Object.entries(value)) mapping.values.set(column, stringRecord(spellings, `values.${column}`, fault));
    } else if (key === 'columns') {
      const headers = stringRecord(value, key, fault);
      for (const entity of entities) {
        const own = Object.fromEntries(Object.entries(headers).filter(([, col]) => entity.columns.some((c) => c.name === col)));
        addColumns(mapping, entity.name, own);
      }
      for (const [header, col] of Object.entries(headers)) {
        if (!entities.some((e) => e.columns.some((c) => c.name === col))) throw fault(`columns: ${header} → unknown column ${col}`);
      }
    } else if (byName.has(key)) {
      const entity = byName.get(key)!;
      const headers = stringRecord(value, key, fault);
      for (const [header, col] of Object.entries(headers)) {
        if (!entity.columns.some((c) => c.name === col)) throw fault(`${key}: ${header} → ${col} is not a column of ${key}`);
      }
      addColumns(mapping, entity.name, headers);
    } else {
      throw fault(`unknown key ${key} (expected columns, files, sheets, values, date_order, max_reject_share, encoding, preset or an entity name)`);
    }
  }
  return mapping;
}

/** Lay `over` on `base` (a preset under the folder's own mapping.yaml: the folder's entries win). */
export function mergeMapping(base: Mapping, over: Mapping): Mapping {
  const columns = new Map(base.columns);
  for (const [entity, headers] of over.columns) columns.set(entity, { ...(columns.get(entity) ?? {}), ...headers });
  const values = new Map(base.values);
  for (const [column, spellings] of over.values) values.set(column, { ...(values.get(column) ?? {}), ...spellings });
  return {
    columns,
    values,
    files: new Map([...base.files, ...over.files]),
    sheets: new Map([...base.sheets, ...over.sheets]),
    encodings: new Map([...base.encodings, ...over.encodings]),
    dateOrder: over.dateOrder ?? base.dateOrder,
    maxRejectShare: over.maxRejectShare ?? base.maxRejectShare,
    preset: over.preset ?? base.preset,
    detect: [...base.detect, ...over.detect],
  };
}

/** `0.8`, `80%` or `80 %` → 0.8; null when it is no share from 0 to 1. */
export function parseShare(value: unknown): number | null {
  const text = String(value).trim();
  const percent = /^([0-9]+(?:\.[0-9]+)?)\s*%$/.exec(text);
  const share = percent ? Number(percent[1]) / 100 : /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : NaN;
  return share >= 0 && share <= 1 ? share : null;
}

function addColumns(mapping: Mapping, entity: EntityName, headers: Record<string, string>): void {
  mapping.columns.set(entity, { ...(mapping.columns.get(entity) ?? {}), ...headers });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown, key: string, fault: (msg: string) => Error): Record<string, string> {
  if (!isRecord(value)) throw fault(`${key}: expected a mapping`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [String(k), String(v)]));
}
