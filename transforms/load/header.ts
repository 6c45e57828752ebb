/**
 * Header → canonical column matching. Headers from Kingdee/Yonyou exports differ in case, spacing,
 * full-width punctuation, `*` required-markers and unit suffixes like `(元)`, so both sides are
 * normalised the same way before comparing.
 */
import type { ColumnDef, EntityDef } from './types.js';
import { StructuralFaultError } from './types.js';

/** `" Customer ID* "` → `customerid`; `金额（元）` → `金额(元)`. Case, width, spaces, `_ - . * :` do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.*:："'`]+/g, '');
}

/** The header without parenthesised parts: `价税合计(本位币)` → `价税合计`; null when there are none. */
export function stripParenthesised(normalized: string): string | null {
  const stripped = normalized.replace(/[([{【][^)\]}】]*[)\]}】]/g, '');
  return stripped !== normalized && stripped !== '' ? stripped : null;
}

export interface HeaderMatch {
  /** canonical column → index of the header cell it is read from */
  columns: Map<string, number>;
  /** header cells not used, with why */
  ignored: string[];
}

interface Candidate {
  index: number;
  /** lower is better: -1 mapping.yaml, 0 canonical name, 1.. alias position */
  rank: number;
}

/**
 * Match a file's header cells to the entity's columns. `extra` maps more headers (from mapping.yaml) to
 * canonical names and beats every alias. Throws a StructuralFaultError when a header cannot be told
 * apart (two cells equally good for one column) or a required column is missing.
 */
export function matchHeaders(file: string, entity: EntityDef, headers: string[], extra: Record<string, string> = {}): HeaderMatch {
  const lookup = aliasLookup(entity.columns, extra);
  const best = new Map<string, Candidate>();
  const unmatched: string[] = [];
  const outranked: Array<{ index: number; column: string }> = [];
  headers.forEach((header, index) => {
    const norm = normalizeHeader(header);
    if (norm === '') return;
    const hit = lookup.get(norm) ?? lookup.get(stripParenthesised(norm) ?? '\0');
    if (!hit) {
      unmatched.push(header);
      return;
    }
    const current = best.get(hit.column);
    if (!current || hit.rank < current.rank) {
      if (current) outranked.push({ index: current.index, column: hit.column });
      best.set(hit.column, { index, rank: hit.rank });
    } else if (hit.rank === current.rank) {
      throw new StructuralFaultError(
        `${file}: columns "${headers[current.index]}" and "${header}" both mean ${hit.column}; rename one or map it in mapping.yaml`,
        { file, column: hit.column },
      );
    } else {
      outranked.push({ index, column: hit.column });
    }
  });

  for (const col of entity.columns) {
    if (col.required && !best.has(col.name) && !(col.requiredUnless?.length && col.requiredUnless.every((n) => best.has(n)))) throw missingColumn(file, col);
  }
  for (const group of entity.anyOf ?? []) {
    if (!group.some((name) => best.has(name))) {
      throw new StructuralFaultError(`${file}: missing required column: one of ${group.join(' / ')}`, { file, column: group.join('/') });
    }
  }
  // a generic header beside a more specific one of the same column may mean another column (价税合计 beside
  // 价税合计本位币 is the 原币 amount): the earliest such header takes it, when nothing else did
  for (const o of [...outranked]) {
    const def = entity.columns.find((c) => c.name === o.column)?.outrankedTo;
    const target = def && best.has(def.when) ? def.column : null;
    // only the winner's own stem: 价税合计 beside 价税合计本位币, 金额 beside 本币金额 (never 金额 beside 价税合计)
    const winner = normalizeHeader(headers[best.get(o.column)!.index]);
    if (target && !best.has(target) && winner.includes(normalizeHeader(headers[o.index]))) {
      best.set(target, { index: o.index, rank: Number.MAX_SAFE_INTEGER });
      outranked.splice(outranked.indexOf(o), 1);
    }
  }
  const columns = new Map([...best].map(([name, c]) => [name, c.index]));
  const ignored = [
    ...unmatched.map((h) => `${h} (unknown column)`),
    ...outranked.map(({ index, column }) => `${headers[index]} (${headers[columns.get(column)!]} used for ${column})`),
  ];
  return { columns, ignored };
}

function missingColumn(file: string, col: ColumnDef): StructuralFaultError {
  const accepted = [col.name, ...col.aliases].slice(0, 8).join(', ');
  return new StructuralFaultError(`${file}: missing required column ${col.name}${col.label ? ` (${col.label})` : ''}; accepted headers: ${accepted}…`, {
    file,
    column: col.name,
  });
}

/**
 * The canonical columns a row of cells would match (each counted once): how the layout finder tells
 * the header row from title, filter and data rows.
 */
export function knownColumns(entity: EntityDef, cells: string[], extra: Record<string, string> = {}): Set<string> {
  const lookup = aliasLookup(entity.columns, extra);
  const found = new Set<string>();
  for (const cell of cells) {
    const norm = normalizeHeader(cell);
    if (norm === '') continue;
    const hit = lookup.get(norm) ?? lookup.get(stripParenthesised(norm) ?? '\0');
    if (hit) found.add(hit.column);
  }
  return found;
}

function aliasLookup(columns: ColumnDef[], extra: Record<string, string>): Map<string, { column: string; rank: number }> {
  const lookup = new Map<string, { column: string; rank: number }>();
  const add = (header: string, column: string, rank: number) => {
    const key = normalizeHeader(header);
    const seen = lookup.get(key);
    if (!seen || rank < seen.rank) lookup.set(key, { column, rank });
  };
  for (const col of columns) {
    add(col.name, col.name, 0);
    col.aliases.forEach((alias, i) => add(alias, col.name, i + 1));
  }
  for (const [header, column] of Object.entries(extra)) add(header, column, -1);
  return lookup;
}
