/**
 * The tables the browser needs: those named by a page query that an input re-runs, or that an input takes its
 * options from.
 *
 * The site's queries are run while it is built, against the site database, and only their results are
 * shipped; a query whose SQL reads `${inputs.…}` (itself or through a query it uses) runs again in the
 * browser's duckdb-wasm when the input changes, and that needs the tables it names as data files. The browser
 * loads a table when a query names it as a whole identifier outside comments (patches/: universal-sql
 * client-duckdb/arrow-tables.js `tablesReferencedBy`); this module finds the same names from the page files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileQueries, templateRefs } from './compile.js';
import { injectPartials, parsePage, type ParsedPage } from './markdown.js';
import { dataQueryName, INPUT_COMPONENTS } from './inputs.js';
import { SHIPPABLE_MAX_ROWS, SHIPPABLE_SCALES, tableScale } from '../../warehouse.js';

export interface InputQuery {
  /** the page file, relative to the project */
  page: string;
  query: string;
  line?: number;
  /** the source tables it names */
  tables: string[];
}

export interface ProjectDirs {
  root?: string;
  pagesDir?: string;
  queriesDir?: string;
  partialsDir?: string;
}

/** The SQL without its `--` and `/* … *\/` comments (quoted strings and identifiers kept), as the browser reads it. */
export function withoutComments(sql: string): string {
  return sql.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (match, quoted: string | undefined) => quoted ?? (match.startsWith('/*') ? ' ' : ''));
}

/** The names in `tables` that `sql` names as whole identifiers outside comments. */
export function tablesNamedIn(sql: string, tables: Iterable<string>): string[] {
  const code = withoutComments(sql);
  return [...tables].filter((t) => new RegExp(`(^|[^A-Za-z0-9_])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`, 'i').test(code));
}

function pageFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const p = path.join(dir, entry);
      return statSync(p).isDirectory() ? pageFiles(p) : entry.endsWith('.md') ? [p] : [];
    });
}

/** Reads a page's `queries:` import from the queries folder (null when absent). */
export function readQueryFile(queriesDir: string): (file: string) => string | null {
  return (f) => {
    const p = path.join(queriesDir, f);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
}

/**
 * The queries of one page that run in the browser, with the tables (of `tables`) each names: those an input re-runs
 * (they read `${inputs…}`), and those an input component takes its options from (`<Dropdown data={q}>`: Evidence
 * queries the options in the browser).
 */
export function pageInputQueries(page: ParsedPage, readImport: (file: string) => string | null, tables: Iterable<string>, pageName: string): InputQuery[] {
  const names = [...tables];
  const optionQueries = new Set(page.tags.filter((t) => INPUT_COMPONENTS.includes(t.component)).map(dataQueryName));
  return compileQueries(page, readImport)
    // Evidence fills (and so re-runs on) an ${inputs…} even inside a comment
    .filter((q) => !q.error && (optionQueries.has(q.name) || templateRefs(q.compiled).some((r) => /^inputs\b/.test(r.expr))))
    .map((q) => ({
      page: pageName,
      query: q.name,
      line: q.origin.kind === 'block' ? q.origin.line : undefined,
      tables: tablesNamedIn(q.compiled, names),
    }));
}

/** Every page query that an input re-runs in the browser, with the tables (of `tables`) it names. */
export function inputDrivenQueries(tables: Iterable<string>, dirs: ProjectDirs = {}): InputQuery[] {
  const root = path.resolve(dirs.root ?? '.');
  const pagesDir = path.resolve(root, dirs.pagesDir ?? 'pages');
  const queriesDir = path.resolve(root, dirs.queriesDir ?? 'queries');
  const partialsDir = path.resolve(root, dirs.partialsDir ?? 'partials');
  const names = [...tables];
  return pageFiles(pagesDir).flatMap((file) => {
    const text = injectPartials(readFileSync(file, 'utf8'), (name) => readFileSync(path.join(partialsDir, name), 'utf8'));
    return pageInputQueries(parsePage(text), readQueryFile(queriesDir), names, path.relative(root, file).split(path.sep).join('/'));
  });
}

export interface ShippingProblem extends InputQuery {
  table: string;
  rows: number;
  reason: string;
}

/**
 * The input-driven queries that would ship a table the browser must not download: one that grows with
 * documents or with customers × periods (TABLE_SCALE), or any above SHIPPABLE_MAX_ROWS rows.
 */
export function shippingProblems(queries: InputQuery[], rows: ReadonlyMap<string, number>): ShippingProblem[] {
  const problems: ShippingProblem[] = [];
  for (const q of queries) {
    for (const table of q.tables) {
      const n = rows.get(table) ?? 0;
      const scale = tableScale(table);
      const reason =
        scale && !SHIPPABLE_SCALES.includes(scale)
          ? `${table} whole, a table that grows with ${scale === 'documents' ? 'documents' : 'customers × periods'} (${n.toLocaleString('en-US')} rows)`
          : n > SHIPPABLE_MAX_ROWS
            ? `${table} whole, ${n.toLocaleString('en-US')} rows (more than ${SHIPPABLE_MAX_ROWS.toLocaleString('en-US')})`
            : null;
      if (reason) problems.push({ ...q, table, rows: n, reason });
    }
  }
  return problems;
}

/** Why the browser must not download the table (check-pages and the build print it after the query's place). */
export function shippingMessage(p: ShippingProblem): string {
  return (
    `re-run by an input in the browser, it would download ${p.reason}. ` +
    'Read a page-shaped table bounded by units × periods instead (see docs/analyst-guide.md, "Inputs"), or drop the input.'
  );
}

/** `pages/x.md:12 › query: …` */
export function formatShippingProblem(p: ShippingProblem): string {
  return `${p.page}${p.line ? `:${p.line}` : ''} › ${p.query}: ${shippingMessage(p)}`;
}
