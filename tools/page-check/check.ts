/**
 * check-pages: every page's queries and every queries/ file run against the warehouse in DuckDB, the
 * way the built site would run them, in seconds instead of a two-minute `evidence build`.
 *
 * 1. Sources: each `sources/<source>/<name>.sql` of a duckdb source runs against its database file
 *    (attached read-only) into the table `<source>.<name>` of an in-memory DuckDB — what `evidence
 *    sources` writes for the site — with Evidence's types: numbers (DECIMAL, integers) → DOUBLE,
 *    DATE/TIMESTAMP → TIMESTAMP, BOOLEAN kept (all-NULL date/boolean columns → DOUBLE), the rest → VARCHAR.
 *    The database files are detached afterwards: a page sees the source tables and nothing else.
 * 2. Pages: frontmatter `queries:` imports and ```sql name``` blocks compiled as Evidence does
 *    (transforms/publish/page-queries/compile.ts, the build's own reader: check-pages and the build must
 *    find the same queries), `${inputs…}` / `${params…}` filled with what the page shows first (inputs.ts), and
 *    each query run as `select * from (…) limit 1`. Components' `data={query}` must name a query and the
 *    columns they name (x=, y=, value=, <Column id=…>) must be in its result.
 * 3. queries/**.sql: each file on its own (a `${name}` of a file beside it resolved to that file), so
 *    shared SQL is checked even before a page imports it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse as parseYaml } from 'yaml';
import { compileQueries, fillTemplates, templateRefs, type PageQuery, type TemplateScope } from '../../transforms/publish/page-queries/compile.js';
import { injectPartials, parsePage, type ParsedPage, type Tag } from '../../transforms/publish/page-queries/markdown.js';
import { dataQueryName, inputValues } from '../../transforms/publish/page-queries/inputs.js';
import { pageInputQueries, readQueryFile, shippingMessage, shippingProblems } from '../../transforms/publish/page-queries/browser-tables.js';
import { AUDIENCES, copySourceTable, sourceFiles, sourceSql, type Audience } from '../../transforms/publish/site-database.js';
import { ident as quoteId, sqlString as quoteStr } from '../../transforms/load/sql.js';
import { PAY_DATA } from '../../transforms/warehouse.js';

export { siteType } from '../../transforms/publish/site-database.js';

export interface CheckOptions {
  /** the project folder: pages/, queries/, sources/, partials/ are looked up in it */
  root?: string;
  pagesDir?: string;
  queriesDir?: string;
  sourcesDir?: string;
  partialsDir?: string;
  /** the database file of the `warehouse` source instead of the one its connection.yaml names */
  warehouse?: string;
  /** check only these page files (paths) */
  only?: string[];
  /**
   * the sites whose data the pages are checked against (default both): every query must run for each; a
   * component may name a pay column (PAY_DATA) that only the management site's data has
   */
  audiences?: Audience[];
}

export interface Finding {
  severity: 'error' | 'warning';
  /** relative to the project folder: pages/x.md, queries/a/b.sql, sources/warehouse/t.sql */
  file: string;
  line?: number;
  /** the query name on the page */
  query?: string;
  /** for an imported query: its queries/ file */
  via?: string;
  message: string;
  /** a source's database file does not exist: the check stops after the sources */
  missingDatabase?: boolean;
}

export interface CheckResult {
  findings: Finding[];
  pages: number;
  pageQueries: number;
  queryFiles: number;
  sources: number;
  databases: string[];
  ms: number;
}

const PARAM_VALUE = 'check-pages';

/** Columns a component names, by attribute (charts take a list in y={['a','b']}). */
const COLUMN_ATTRS: Record<string, string[]> = {
  BigValue: ['value', 'comparison', 'sparkline'],
  Value: ['column'],
  LineChart: ['x', 'y', 'y2', 'series'],
  AreaChart: ['x', 'y', 'series'],
  BarChart: ['x', 'y', 'y2', 'series'],
  ScatterPlot: ['x', 'y', 'series', 'tooltipTitle'],
  BubbleChart: ['x', 'y', 'series', 'size', 'tooltipTitle'],
  Histogram: ['x'],
  FunnelChart: ['nameCol', 'valueCol'],
  SankeyDiagram: ['sourceCol', 'targetCol', 'valueCol'],
  Heatmap: ['x', 'y', 'value'],
  CalendarHeatmap: ['date', 'value'],
  DataTable: ['groupBy', 'link', 'sort'],
  Dropdown: ['value', 'label'],
  ButtonGroup: ['value', 'label'],
  DateRange: ['dates'],
  DateInput: ['dates'],
};

function walk(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...walk(p, ext));
    else if (entry.endsWith(ext)) out.push(p);
  }
  return out;
}

function cleanMessage(error: unknown): string {
  return String((error as Error)?.message ?? error).trim();
}

/** SQL of a query made runnable as a subquery: without a trailing semicolon. */
function subquery(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

interface SourceTable {
  source: string;
  name: string;
  file: string;
  rows: number;
}

async function loadSources(conn: DuckDBConnection, rel: (p: string) => string, sourcesDir: string, options: CheckOptions, audience: Audience, findings: Finding[]): Promise<{ tables: SourceTable[]; databases: string[] }> {
  const tables: SourceTable[] = [];
  const databases: string[] = [];
  if (!existsSync(sourcesDir)) return { tables, databases };
  for (const source of readdirSync(sourcesDir).sort()) {
    const dir = path.join(sourcesDir, source);
    if (!statSync(dir).isDirectory()) continue;
    const connPath = ['connection.yaml', 'connection.yml'].map((f) => path.join(dir, f)).find(existsSync);
    if (!connPath) {
      findings.push({ severity: 'warning', file: rel(dir), message: 'no connection.yaml: source not checked' });
      continue;
    }
    const conf = parseYaml(readFileSync(connPath, 'utf8')) as { type?: string; options?: { filename?: string } };
    if (conf?.type !== 'duckdb') {
      findings.push({ severity: 'warning', file: rel(connPath), message: `source type ${conf?.type}: only duckdb sources are checked; pages using ${source}.… will fail here` });
      continue;
    }
    const file = source === 'warehouse' && options.warehouse ? path.resolve(options.warehouse) : path.resolve(dir, conf.options?.filename ?? ':memory:');
    if (!existsSync(file)) {
      findings.push({
        severity: 'error',
        file: rel(connPath),
        message: `database ${rel(file)} not found: build it first (npm run build, or npm run transform -- --from DIR), or pass --warehouse FILE; no page checked`,
        missingDatabase: true,
      });
      continue;
    }
    databases.push(rel(file));
    const alias = `__source_${source}`;
    await conn.run(`ATTACH ${quoteStr(file)} AS ${quoteId(alias)} (READ_ONLY)`);
    await conn.run(`CREATE SCHEMA IF NOT EXISTS memory.${quoteId(source)}`);
    await conn.run(`USE ${quoteId(alias)}`);
    try {
      for (const { name, file } of sourceFiles(dir)) {
        const where = rel(file);
        const sql = sourceSql(file);
        if (templateRefs(sql).length) {
          findings.push({ severity: 'warning', file: where, message: 'contains ${…}: Evidence fills it from EVIDENCE_VAR__ environment variables; not checked' });
          continue;
        }
        try {
          const rows = await copySourceTable(conn, name, sql, `memory.${quoteId(source)}.${quoteId(name)}`, audience);
          tables.push({ source, name, file: where, rows });
        } catch (e) {
          findings.push({ severity: 'error', file: where, query: `${source}.${name}`, message: cleanMessage(e) });
        }
      }
    } finally {
      await conn.run('USE memory');
      await conn.run(`DETACH ${quoteId(alias)}`);
    }
  }
  return { tables, databases };
}

interface RunOutcome {
  columns?: string[];
  error?: string;
}

async function runQuery(conn: DuckDBConnection, sql: string): Promise<RunOutcome> {
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM (\n${subquery(sql)}\n) LIMIT 1`);
    return { columns: reader.columnNames() };
  } catch (e) {
    return { error: cleanMessage(e) };
  }
}

function attrColumns(tag: Tag, attr: string): string[] {
  const raw = tag.attrs[attr];
  if (typeof raw !== 'string') return [];
  if (!raw.startsWith('{')) return [raw];
  const inner = raw.slice(1, -1).trim();
  // a literal or a list of literals; anything else is an expression we cannot read
  if (!/^(\[\s*)?(['"][^'"]*['"]\s*,?\s*)+\]?$/.test(inner)) return [];
  return [...inner.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]);
}

function closest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => c.includes(name) || name.includes(c));
}

/** Page path → template parameters: pages/people/[person].md → { person }. */
function pageParams(relPage: string): Record<string, string> {
  return Object.fromEntries([...relPage.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => [m[1], PARAM_VALUE]));
}

function originOf(q: PageQuery): { line?: number; via?: string } {
  return q.origin.kind === 'block' ? { line: q.origin.line } : { via: `queries/${q.origin.file}` };
}

/** A path as the report shows it: relative to the project, or folder/… for a folder outside it (a test's copy). */
function displayPath(root: string, dirs: string[], p: string): string {
  const r = path.relative(root, p);
  if (!r.startsWith('..')) return r.split(path.sep).join('/');
  const dir = dirs.find((d) => !path.relative(d, p).startsWith('..'));
  return dir ? [path.basename(dir), path.relative(dir, p)].join('/').split(path.sep).join('/') : p;
}

/**
 * DuckDB's `LINE n:` counts lines of the query it ran (the wrapper, other queries pasted in): say which line
 * of the file it is, found by the line's text in the SQL as written (left as it is when not there: the error
 * is inside a query pasted in).
 */
function fileLines(message: string, written: string, firstLine: number): string {
  return message.replace(/^LINE (\d+):(.*)\n( *)\^/m, (all, n: string, text: string, pad: string) => {
    const lines = written.split('\n');
    const at = lines.findIndex((l) => l.trimEnd() === text.slice(1).trimEnd());
    if (at === -1 || lines.findIndex((l, i) => i > at && l.trimEnd() === text.slice(1).trimEnd()) !== -1) return all;
    const label = `line ${firstLine + at}:`;
    const shift = label.length - `LINE ${n}:`.length;
    return `${label}${text}\n${' '.repeat(Math.max(0, pad.length + shift))}^`;
  });
}

async function checkPage(conn: DuckDBConnection, file: string, pageFile: string, page: ParsedPage, queriesDir: string, absentColumns: Set<string>, all: Finding[]): Promise<number> {
  const findings: Finding[] = [];
  try {
    return await checkPageQueries(conn, file, pageFile, page, queriesDir, absentColumns, findings);
  } finally {
    // in page order
    all.push(...findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
}

async function checkPageQueries(conn: DuckDBConnection, file: string, pageFile: string, page: ParsedPage, queriesDir: string, absentColumns: Set<string>, findings: Finding[]): Promise<number> {
  for (const problem of page.problems) findings.push({ severity: 'error', file, message: problem });
  const queries = compileQueries(page, readQueryFile(queriesDir));
  const byName = new Map(queries.map((q) => [q.name, q]));

  const params = pageParams(file);
  const fill = (sql: string, inputs: Record<string, unknown>) => fillTemplates(sql, { inputs, params } satisfies TemplateScope);
  const inputs = await inputValues(page.tags, async (name, columns, known, order) => {
    const q = byName.get(name);
    if (!q || q.error) return null;
    const { sql, problems } = fill(q.compiled, known);
    if (problems.length) return null;
    try {
      const cols = columns.map(quoteId).join(', ');
      const rows = (await conn.runAndReadAll(`SELECT ${cols} FROM (\n${subquery(sql)}\n)${order ? ` ORDER BY ${order}` : ''} LIMIT 1`)).getRowObjectsJson();
      return (rows[0] as Record<string, unknown>) ?? null;
    } catch {
      return null;
    }
  });

  const results = new Map<string, RunOutcome>();
  // a query's uses before it (A uses B ⇒ A uses more queries than B)
  for (const q of [...queries].sort((a, b) => a.uses.length - b.uses.length)) {
    if (q.origin.kind === 'block') {
      for (const t of templatesInComments(q.sql)) {
        findings.push({ severity: 'warning', file, query: q.name, line: q.origin.line, message: `${t} in a -- comment: Evidence fills it like any \${…}; write it without the $` });
      }
    }
    const at = { file, query: q.name, ...originOf(q) };
    if (q.error) {
      findings.push({ severity: 'error', ...at, message: q.error });
      continue;
    }
    const { sql, problems } = fill(q.compiled, inputs);
    if (problems.length) {
      findings.push({ severity: page.hasScript ? 'warning' : 'error', ...at, message: problems.join('; ') + (page.hasScript ? ' (the page has a <script>: it may define it; filled with NULL)' : '') });
      if (!page.hasScript) continue;
    }
    const failedUse = q.uses.find((u) => results.get(u)?.error);
    if (failedUse) {
      results.set(q.name, { error: `uses \${${failedUse}}, which fails` });
      findings.push({ severity: 'error', ...at, message: `uses \${${failedUse}}, which fails (above)` });
      continue;
    }
    const outcome = await runQuery(conn, sql);
    results.set(q.name, outcome);
    if (outcome.error) {
      const message = fileLines(outcome.error, q.sql, q.origin.kind === 'block' ? q.origin.line : 1);
      findings.push({ severity: 'error', ...at, message });
    }
  }

  // components: data={name} must be a query; the columns they name must be in its result
  const eachAliases = new Set(page.eachAliases);
  for (const tag of page.tags) {
    const raw = tag.attrs.data;
    if (typeof raw !== 'string') continue;
    const name = dataQueryName(tag);
    if (!name) continue;
    if (!byName.has(name)) {
      if (!page.hasScript && !eachAliases.has(name)) {
        const known = [...byName.keys()];
        findings.push({ severity: 'error', file, line: tag.line, message: `<${tag.component} data={${name}}>: no query named ${name} on this page${known.length ? ` (queries: ${known.join(', ')})` : ''}` });
      }
      continue;
    }
    const columns = results.get(name)?.columns;
    if (!columns) continue;
    const named: { attr: string; column: string; tag: Tag }[] = [];
    for (const attr of COLUMN_ATTRS[tag.component] ?? []) {
      for (const column of attrColumns(tag, attr)) {
        // DataTable's sort takes a direction too: sort="period_key desc"
        named.push({ attr, column: attr === 'sort' ? column.replace(/\s+(asc|desc)$/i, '') : column, tag });
      }
    }
    if (tag.component === 'DataTable') {
      for (const child of tag.children.filter((c) => c.component === 'Column')) for (const column of attrColumns(child, 'id')) named.push({ attr: 'id', column, tag: child });
    }
    for (const n of named) {
      if (columns.includes(n.column) || absentColumns.has(n.column)) continue;
      const hint = closest(n.column, columns);
      findings.push({
        severity: 'error',
        file,
        line: n.tag.line,
        query: name,
        message: `<${n.tag.component} ${n.attr}=${n.column}>: ${name} has no column "${n.column}"${hint ? ` (did you mean "${hint}"?)` : ''}; its columns: ${columns.join(', ')}`,
      });
    }
  }
  return queries.length;
}

/** `${…}` inside a `--` comment: Evidence fills (or chains) it all the same, which surprises. */
function templatesInComments(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.slice(line.indexOf('--') + 1 || line.length))
    .flatMap((comment) => templateRefs(' ' + comment).map((r) => r.text));
}

/** Each queries/ file alone; `${x}` resolved to a file x.sql beside it (or with Evidence's import name x). */
async function checkQueryFiles(conn: DuckDBConnection, display: (p: string) => string, queriesDir: string, findings: Finding[]): Promise<number> {
  const files = walk(queriesDir, '.sql');
  const relQ = (p: string) => path.relative(queriesDir, p).split(path.sep).join('/');
  for (const f of files) {
    const rel = relQ(f);
    const sql = readFileSync(f, 'utf8');
    for (const t of templatesInComments(sql)) {
      findings.push({ severity: 'warning', file: display(f), message: `${t} in a -- comment: Evidence fills it like any \${…} (a query name is pasted in, an input makes the query re-run); write it without the $` });
    }
    const names = [...new Set(templateRefs(sql).map((r) => r.expr))];
    if (names.some((n) => /^(inputs|params)\b/.test(n))) {
      findings.push({ severity: 'warning', file: display(f), message: 'uses inputs/params: checked on the pages that import it, not alone' });
      continue;
    }
    const imports: { name: string; file: string }[] = [];
    let unresolved: string | undefined;
    const resolve = (name: string, from: string, seen: Set<string>) => {
      if (seen.has(name)) return;
      seen.add(name);
      const beside = path.posix.join(path.posix.dirname(from), `${name}.sql`);
      const target = existsSync(path.join(queriesDir, beside)) ? beside : files.map(relQ).find((r) => r.split('.sql')[0].replace('/', '_').toLowerCase() === name);
      if (!target) {
        unresolved ??= name;
        return;
      }
      imports.push({ name, file: target });
      for (const r of templateRefs(readFileSync(path.join(queriesDir, target), 'utf8'))) resolve(r.expr, target, seen);
    };
    const seen = new Set<string>();
    for (const n of names) resolve(n, rel, seen);
    if (unresolved) {
      findings.push({ severity: 'warning', file: display(f), message: `uses \${${unresolved}}, which is no file beside it: checked on the pages that import both` });
      continue;
    }
    const self = '__this_file';
    const page: ParsedPage = { frontmatter: {}, imports: [...imports, { name: self, file: rel }], blocks: [], tags: [], hasScript: false, eachAliases: [], problems: [] };
    const q = compileQueries(page, (p) => readFileSync(path.join(queriesDir, p), 'utf8')).find((x) => x.name === self)!;
    const runError = q.error ? undefined : (await runQuery(conn, q.compiled)).error;
    const error = q.error ?? (runError ? fileLines(runError, sql, 1) : undefined);
    if (error) findings.push({ severity: 'error', file: display(f), message: error });
  }
  return files.length;
}

export async function checkSite(options: CheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const root = path.resolve(options.root ?? '.');
  const dirs = {
    pagesDir: path.resolve(root, options.pagesDir ?? 'pages'),
    queriesDir: path.resolve(root, options.queriesDir ?? 'queries'),
    sourcesDir: path.resolve(root, options.sourcesDir ?? 'sources'),
    partialsDir: path.resolve(root, options.partialsDir ?? 'partials'),
  };
  const display = (p: string) => displayPath(root, [dirs.pagesDir, dirs.queriesDir, dirs.sourcesDir], p);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let result: Omit<CheckResult, 'findings' | 'ms'> | undefined;
  for (const audience of options.audiences ?? AUDIENCES) {
    const own: Finding[] = [];
    result = await checkAudience(options, audience, dirs, display, own);
    // the same finding for both sites is reported once
    for (const f of own) {
      const key = formatFinding(f);
      if (!seen.has(key)) findings.push(f);
      seen.add(key);
    }
    // a source that fails fails for every audience: the pages were not checked
    if (own.some((f) => f.file.startsWith('sources/') && f.severity === 'error')) break;
  }
  return { findings, ...result!, ms: performance.now() - started };
}

/** The pages and queries/ files against the sources as `audience`'s site has them. */
async function checkAudience(
  options: CheckOptions,
  audience: Audience,
  dirs: { pagesDir: string; queriesDir: string; sourcesDir: string; partialsDir: string },
  display: (p: string) => string,
  findings: Finding[],
): Promise<Omit<CheckResult, 'findings' | 'ms'>> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await instance.connect();
  try {
    const { tables, databases } = await loadSources(conn, display, dirs.sourcesDir, options, audience, findings);
    // without a source's database every page query would fail for that one reason: say it once and stop
    if (findings.some((f) => f.missingDatabase)) return { pages: 0, pageQueries: 0, queryFiles: 0, sources: tables.length, databases };
    const pageFiles = options.only?.length ? options.only.map((p) => path.resolve(p)) : walk(dirs.pagesDir, '.md');
    // a pay column is absent from the default site's data: a page names it only for the management site
    const absentColumns = new Set(audience === 'sales' ? Object.values(PAY_DATA).flatMap((p) => p.columns ?? []) : []);
    const rows = new Map(tables.filter((t) => t.source === 'warehouse').map((t) => [t.name, t.rows]));
    let pageQueries = 0;
    for (const pageFile of pageFiles) {
      let text: string;
      try {
        text = readFileSync(pageFile, 'utf8');
        text = injectPartials(text, (name) => readFileSync(path.join(dirs.partialsDir, name), 'utf8'));
      } catch (e) {
        findings.push({ severity: 'error', file: display(pageFile), message: cleanMessage(e) });
        continue;
      }
      const page = parsePage(text);
      pageQueries += await checkPage(conn, display(pageFile), pageFile, page, dirs.queriesDir, absentColumns, findings);
      // the tables inputs make the browser download must stay small
      for (const problem of shippingProblems(pageInputQueries(page, readQueryFile(dirs.queriesDir), rows.keys(), display(pageFile)), rows)) {
        findings.push({ severity: 'error', file: problem.page, line: problem.line, query: problem.query, message: shippingMessage(problem) });
      }
    }
    const queryFiles = await checkQueryFiles(conn, display, dirs.queriesDir, findings);
    return { pages: pageFiles.length, pageQueries, queryFiles, sources: tables.length, databases };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** `pages/x.md:12 › query (queries/a.sql): message`, the message's further lines indented. */
export function formatFinding(f: Finding): string {
  const where = `${f.file}${f.line ? `:${f.line}` : ''}${f.query ? ` › ${f.query}` : ''}${f.via ? ` (${f.via})` : ''}`;
  const [first, ...rest] = f.message.split('\n');
  return [`${f.severity === 'error' ? '✘' : '⚠'} ${where}: ${first}`, ...rest.filter((l) => l.trim()).map((l) => `    ${l}`)].join('\n');
}

export function formatResult(r: CheckResult): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  const lines = r.findings.map(formatFinding);
  lines.push(
    `check-pages: ${r.pages} pages (${r.pageQueries} queries), ${r.queryFiles} queries/ files, ${r.sources} source tables` +
      `${r.databases.length ? ` of ${r.databases.join(', ')}` : ''} in ${(r.ms / 1000).toFixed(1)} s — ` +
      (errors ? `${errors} error${errors > 1 ? 's' : ''}` : 'all queries ran') +
      (warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''),
  );
  return lines.join('\n');
}
