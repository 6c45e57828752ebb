/**
 * A page's queries as Evidence 40 compiles them (@evidence-dev/preprocess extract-queries), then with the
 * runtime templates filled in:
 *
 * 1. Compile: the `queries:` imports (read from queries/) then the page's SQL blocks; every
 *    `${other_query}` naming a query of the page becomes `(its SQL)`, repeatedly (a query may use one that
 *    uses another), up to Evidence's 15 rounds; an import may not use a page block (Evidence's rule).
 * 2. Fill: what is left in `${…}` is JavaScript that the browser evaluates: `${inputs.x.value}`,
 *    `${params.x}` on templated pages. `fillTemplates` replaces each with the text Evidence would insert,
 *    given a value for the input (page-queries/inputs.ts picks the input's default).
 */
import type { ParsedPage } from './markdown.js';

export type QueryOrigin = { kind: 'block'; line: number } | { kind: 'import'; file: string };

export interface PageQuery {
  name: string;
  origin: QueryOrigin;
  /** as written */
  sql: string;
  /** with ${other_query} references replaced by (their SQL) */
  compiled: string;
  /** names of the page queries it uses, directly or through others */
  uses: string[];
  /** a compile error: Evidence shows the query as failed */
  error?: string;
}

/** Evidence declares a query on the page only under a JS identifier name (process-queries IS_VALID_QUERY). */
export const VALID_QUERY_NAME = /^[a-zA-Z_$][a-zA-Z0-9_$]*$/;

const MAX_ROUNDS = 15;

/** `${…}` occurrences that are not escaped as `\${`. */
export function templateRefs(sql: string): { text: string; expr: string; index: number }[] {
  const refs: { text: string; expr: string; index: number }[] = [];
  for (const m of sql.matchAll(/\$\{(.*?)\}/g)) {
    if (m.index! > 0 && sql[m.index! - 1] === '\\') continue;
    refs.push({ text: m[0], expr: m[1].trim(), index: m.index! });
  }
  return refs;
}

function templateSyntaxError(sql: string): string | undefined {
  if (sql.includes('${}')) return 'Query contains an empty template literal (${})';
  const starts = [...sql.matchAll(/(^|[^\\])\$\{/g)].length;
  const valid = [...sql.matchAll(/(^|[^\\])\$\{(?:.|\s)+?\}/g)].length;
  if (starts !== valid) return 'Query contains an invalid template literal (unmatched ${ and })';
  return undefined;
}

export function compileQueries(page: ParsedPage, readImport: (file: string) => string | null): PageQuery[] {
  const queries: PageQuery[] = [];
  for (const imp of page.imports) {
    const query: PageQuery = { name: imp.name, origin: { kind: 'import', file: imp.file }, sql: '', compiled: '', uses: [] };
    if (!imp.file.endsWith('.sql')) {
      query.error = `queries/${imp.file} is not a .sql file: Evidence does not load it`;
    } else {
      const text = readImport(imp.file);
      if (text === null) query.error = `queries/${imp.file} not found (frontmatter queries:)`;
      else query.sql = query.compiled = text.trim();
    }
    queries.push(query);
  }
  for (const block of page.blocks) {
    queries.push({ name: block.name, origin: { kind: 'block', line: block.line }, sql: block.sql, compiled: block.sql, uses: [] });
  }

  const byName = new Map<string, PageQuery>();
  for (const q of queries) {
    if (!VALID_QUERY_NAME.test(q.name)) {
      q.error ??= `query name "${q.name}" is not usable: Evidence only declares names made of letters, digits and _ (not starting with a digit)`;
    } else if (byName.has(q.name)) {
      q.error ??= `two queries are named "${q.name}" on this page`;
    } else {
      byName.set(q.name, q);
    }
  }

  for (const q of queries) {
    if (q.error) continue;
    const syntax = templateSyntaxError(q.sql);
    if (syntax) {
      q.error = syntax;
      continue;
    }
    for (let round = 0; ; round++) {
      const refs = templateRefs(q.compiled).filter((r) => byName.has(r.expr));
      if (refs.length === 0) break;
      if (round >= MAX_ROUNDS) {
        q.error = `circular reference: ${q.name} uses itself (through ${refs.map((r) => r.expr).join(', ')})`;
        break;
      }
      const usedBlock = refs.find((r) => q.origin.kind === 'import' && byName.get(r.expr)!.origin.kind === 'block');
      if (usedBlock) {
        q.error = `Cannot reference inline query from SQL File (${q.name} uses \${${usedBlock.expr}}, a SQL block of the page)`;
        break;
      }
      // replace from the end so earlier indexes stay valid
      let compiled = q.compiled;
      for (const r of [...refs].reverse()) {
        compiled = compiled.slice(0, r.index) + `(${byName.get(r.expr)!.compiled})` + compiled.slice(r.index + r.text.length);
      }
      q.compiled = compiled;
    }
  }
  // uses: direct references, then theirs (a query pasted in already compiled hides its own)
  const direct = new Map(queries.map((q) => [q, templateRefs(q.sql).map((r) => r.expr).filter((n) => byName.has(n))]));
  for (const q of queries) {
    const seen = new Set<string>();
    const visit = (names: string[]) => {
      for (const n of names) {
        if (seen.has(n) || n === q.name) continue;
        seen.add(n);
        visit(direct.get(byName.get(n)!) ?? []);
      }
    };
    visit(direct.get(q) ?? []);
    q.uses = [...seen];
  }
  // a query using a broken one is broken too, with the reason
  for (const q of queries) {
    if (q.error) continue;
    const broken = q.uses.find((u) => byName.get(u)?.error);
    if (broken) q.error = `uses \${${broken}}, which is broken`;
  }
  return queries;
}

/** How a JavaScript value turns into text inside a template literal. */
export function templateText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? '' : templateText(v))).join(',');
  if (typeof value === 'object') {
    const toString = (value as { toString?: unknown }).toString;
    if (typeof toString === 'function' && toString !== Object.prototype.toString) return String(toString.call(value));
    return '[object Object]';
  }
  return String(value);
}

export interface TemplateScope {
  inputs: Record<string, unknown>;
  params: Record<string, unknown>;
}

export type Evaluated = { ok: true; text: string } | { ok: false; reason: string };

/** Evaluate a `${…}` expression of the forms Evidence pages use: inputs.x[.y…], params.x. */
export function evaluateTemplate(expr: string, scope: TemplateScope): Evaluated {
  const m = /^(inputs|params)((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:'[^']*'|"[^"]*")\s*\])*)$/.exec(expr);
  if (!m) return { ok: false, reason: `\${${expr}} is not a query of this page, an input (inputs.…) or a page parameter (params.…)` };
  const path = [...m[2].matchAll(/\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\]/g)].map((p) => p[1] ?? p[2] ?? p[3]);
  const root = m[1] === 'inputs' ? scope.inputs : scope.params;
  if (path.length === 0) return { ok: true, text: templateText(root) };
  const [first, ...rest] = path;
  if (!(first in root)) {
    const kind = m[1] === 'inputs' ? 'no input component on this page has name=' : 'the page path has no parameter ';
    return { ok: false, reason: `\${${expr}}: ${kind}${first}` };
  }
  let value: unknown = root[first];
  for (const key of rest) {
    value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  }
  const text = templateText(value);
  // what the browser would paste in without an error, and a page showing nothing
  if (m[1] === 'inputs' && text === '[object Object]') {
    return { ok: false, reason: `\${${expr}} puts [object Object] in the SQL: this input keeps its value in a field, e.g. \${${expr}.value}` };
  }
  if (m[1] === 'inputs' && text === 'undefined' && rest.length > 0) {
    return { ok: false, reason: `\${${expr}} is undefined: a ButtonGroup, Slider or Checkbox is the value itself, \${inputs.${first}}` };
  }
  return { ok: true, text };
}

/** Replace every remaining `${…}`; collects the ones that cannot be evaluated. */
export function fillTemplates(sql: string, scope: TemplateScope): { sql: string; problems: string[] } {
  const problems: string[] = [];
  let out = sql;
  for (const r of templateRefs(sql).reverse()) {
    const v = evaluateTemplate(r.expr, scope);
    if (!v.ok) problems.push(v.reason);
    out = out.slice(0, r.index) + (v.ok ? v.text : 'NULL') + out.slice(r.index + r.text.length);
  }
  return { sql: out, problems: problems.reverse() };
}
