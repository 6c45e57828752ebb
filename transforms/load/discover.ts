/**
 * Which file of an export folder holds which entity: `<entity>.csv|.xlsx`, a Chinese name (客户.csv,
 * 销售发票.xlsx …) or a name given in mapping.yaml `files:`, in any case.
 */
import path from 'node:path';
import type { EntityDef, EntityName } from './types.js';
import { StructuralFaultError } from './types.js';
import { MAPPING_FILE } from './mapping.js';

export interface Discovery {
  /** entity → its files, sorted by name */
  files: Map<EntityName, string[]>;
  /** files that are no entity's */
  unrecognised: string[];
}

/** .xls too: its bytes decide (a real Excel 97-2003 workbook stops the load; an XLSX or CSV saved as .xls is read) */
const DATA_EXTENSIONS = new Set(['.csv', '.xlsx', '.xls']);

/**
 * The entity a file name stands for, or null: the entity's name or one of its file names, alone or
 * followed by a period suffix (`invoices_2025Q4`, `invoices-2024`, `销售发票2025年`, `收款单 (1)`): an
 * export split by period is several files of one entity. The longest matching name wins
 * (`回款任务2025` is targets, not 回款 = receipts).
 */
export function entityOfFile(name: string, entities: readonly EntityDef[], mappedFiles: Map<string, EntityName> = new Map()): EntityName | null {
  const mapped = mappedFiles.get(name.toLowerCase());
  if (mapped) return mapped;
  const ext = path.extname(name).toLowerCase();
  if (!DATA_EXTENSIONS.has(ext)) return null;
  const base = path.basename(name, path.extname(name)).normalize('NFKC').trim().toLowerCase();
  let best: { entity: EntityName; length: number } | null = null;
  for (const entity of entities) {
    for (const n of [entity.name, ...entity.fileNames].map((f) => f.toLowerCase())) {
      const matches = base === n || (base.startsWith(n) && PERIOD_SUFFIX.test(base.slice(n.length)));
      if (matches && (!best || n.length > best.length)) best = { entity: entity.name, length: n.length };
    }
  }
  return best ? best.entity : null;
}

/** What may follow an entity's file name: a separator or a digit, then anything. */
const PERIOD_SUFFIX = /^(?:[\s_\-.(（]|[0-9])/;

export function discoverFiles(
  names: string[],
  entities: readonly EntityDef[],
  mappedFiles: Map<string, EntityName> = new Map(),
  /** workbooks whose sheets hold entities (workbook.ts planWorkbooks): file → those entities */
  bySheets: Map<string, EntityName[]> = new Map(),
): Discovery {
  const files = new Map<EntityName, string[]>();
  const unrecognised: string[] = [];
  for (const name of [...names].sort()) {
    if (name.startsWith('.') || name === MAPPING_FILE) continue;
    const sheetEntities = bySheets.get(name);
    if (sheetEntities?.length) {
      for (const entity of new Set(sheetEntities)) files.set(entity, [...(files.get(entity) ?? []), name]);
      continue;
    }
    const entity = entityOfFile(name, entities, mappedFiles);
    if (!entity) {
      unrecognised.push(name);
      continue;
    }
    files.set(entity, [...(files.get(entity) ?? []), name]);
  }
  for (const entity of entities) {
    if (entity.required && !files.has(entity.name)) {
      const names = [entity.name, ...entity.fileNames.filter((n) => /[^\x00-\x7f]/.test(n))].slice(0, 4);
      throw new StructuralFaultError(`missing required file for ${entity.name}: ${names.map((n) => `${n}.csv`).join(' / ')} (or .xlsx)`, {
        file: `${entity.name}.csv`,
      });
    }
  }
  return { files, unrecognised };
}
