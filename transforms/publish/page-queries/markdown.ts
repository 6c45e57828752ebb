/**
 * Reading an Evidence page (pages/**.md) the way Evidence 40 does, without Evidence: the frontmatter
 * (`queries:` imports from queries/), the named SQL blocks (```sql name … ```), partials
 * ({@partial "x.md"} from partials/), and the component tags that define inputs or consume query data.
 * Pure functions over text. The build runs what this finds to choose the tables the browser needs
 * (browser-tables.ts); check-pages (tools/page-check/) runs it against the warehouse.
 */
import { parse as parseYaml } from 'yaml';

export interface SqlBlock {
  /** the name after ```sql; Evidence declares a query only when it is a JS identifier */
  name: string;
  sql: string;
  /** 1-based line of the first SQL line in the page */
  line: number;
}

export interface QueryImport {
  /** the query name on the page: `name: file.sql`, or Evidence's name for a bare `file.sql` */
  name: string;
  /** path inside queries/, as written */
  file: string;
}

export interface Tag {
  component: string;
  /** raw attribute values: quotes removed, `{…}` kept with its braces; `true` for a bare attribute */
  attrs: Record<string, string | true>;
  line: number;
  selfClosing: boolean;
  /** DropdownOption / ButtonGroupItem / Column … inside a non-self-closing tag: its parent */
  parent?: Tag;
  children: Tag[];
}

export interface ParsedPage {
  frontmatter: Record<string, unknown>;
  imports: QueryImport[];
  blocks: SqlBlock[];
  tags: Tag[];
  /** a <script> block can define variables that queries and components use */
  hasScript: boolean;
  /** names bound by {#each … as name} blocks (a component's data={name} may be one) */
  eachAliases: string[];
  /** page-level problems found while parsing (bad frontmatter, malformed imports) */
  problems: string[];
}

/** Evidence's name for a bare import: `area/file.sql` → `area_file` (first separator only), lower case. */
export function evidenceImportName(file: string): string {
  return file.split('.sql')[0].replace('/', '_').replace('\\', '_').toLowerCase();
}

/** `{@partial "x.md"}` replaced by the file's text, as Evidence's preprocessor does before anything else. */
export function injectPartials(text: string, readPartial: (name: string) => string): string {
  return text.replace(/\{@partial\s+"(.*?)"\s*\}/g, (_, name: string) => readPartial(name));
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function splitFrontmatter(text: string): { yaml: string | null; body: string; bodyLine: number } {
  const m = FRONTMATTER.exec(text);
  if (!m) return { yaml: null, body: text, bodyLine: 1 };
  return { yaml: m[1], body: text.slice(m[0].length), bodyLine: m[0].split('\n').length };
}

interface Fence {
  char: string;
  length: number;
  indent: number;
  info: string;
  startLine: number;
  lines: string[];
}

/** Fenced code blocks (CommonMark rules: ``` or ~~~, closed by the same character at least as long). */
function fencedBlocks(lines: string[], firstLine: number): { fences: Fence[]; outside: boolean[] } {
  const fences: Fence[] = [];
  const outside = lines.map(() => true);
  let open: Fence | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (open) {
      outside[i] = false;
      const close = /^( {0,3})(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[2][0] === open.char && close[2].length >= open.length) {
        fences.push(open);
        open = null;
      } else {
        open.lines.push(line.replace(new RegExp(`^ {0,${open.indent}}`), ''));
      }
      return;
    }
    const start = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
    if (start && !(start[2][0] === '`' && start[3].includes('`'))) {
      outside[i] = false;
      open = { char: start[2][0], length: start[2].length, indent: start[1].length, info: start[3].trim(), startLine: firstLine + i, lines: [] };
    }
  });
  // an unclosed fence runs to the end of the document (CommonMark)
  if (open) fences.push(open);
  return { fences, outside };
}

const INPUT_OR_DATA_TAG = /<([A-Z][A-Za-z0-9]*)(?=[\s/>])/g;

/** Parse `<Component a=b c="d" e={f} g>` attributes starting right after the component name. */
function parseAttributes(text: string, from: number): { attrs: Record<string, string | true>; end: number; selfClosing: boolean } {
  const attrs: Record<string, string | true> = {};
  let i = from;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (text.startsWith('/>', i)) return { attrs, end: i + 2, selfClosing: true };
    if (text[i] === '>') return { attrs, end: i + 1, selfClosing: false };
    if (text[i] === '{') {
      // {...spread} or {shorthand}
      const close = matchBrace(text, i);
      const inner = text.slice(i + 1, close).trim();
      if (/^[A-Za-z_$][\w$]*$/.test(inner)) attrs[inner] = `{${inner}}`;
      i = close + 1;
      continue;
    }
    const nameMatch = /^[^\s=/>{}]+/.exec(text.slice(i));
    if (!nameMatch) {
      i++;
      continue;
    }
    const name = nameMatch[0];
    i += name.length;
    while (i < n && /[ \t]/.test(text[i])) i++;
    if (text[i] !== '=') {
      attrs[name] = true;
      continue;
    }
    i++;
    while (i < n && /\s/.test(text[i])) i++;
    const q = text[i];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, i + 1);
      const end = close === -1 ? n : close;
      attrs[name] = text.slice(i + 1, end);
      i = end + 1;
    } else if (q === '{') {
      const close = matchBrace(text, i);
      attrs[name] = text.slice(i, close + 1);
      i = close + 1;
    } else {
      const bare = /^[^\s>]+?(?=\/?>|\s|$)/.exec(text.slice(i));
      const value = bare ? bare[0] : '';
      attrs[name] = value;
      i += Math.max(value.length, 1);
    }
  }
  return { attrs, end: n, selfClosing: false };
}

function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return text.length - 1;
      i = close;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length - 1;
}

/** Component tags of the page body (outside code fences), children attached to their open parent. */
function componentTags(body: string, bodyLine: number, outside: boolean[]): Tag[] {
  const lines = body.split('\n');
  const text = lines.map((l, i) => (outside[i] ? l : '')).join('\n');
  const lineAt = (offset: number) => bodyLine + text.slice(0, offset).split('\n').length - 1;
  const tags: Tag[] = [];
  const stack: Tag[] = [];
  const events: { at: number; close?: string; tag?: Tag }[] = [];
  for (const m of text.matchAll(INPUT_OR_DATA_TAG)) {
    const { attrs, selfClosing } = parseAttributes(text, m.index! + m[0].length);
    events.push({ at: m.index!, tag: { component: m[1], attrs, line: lineAt(m.index!), selfClosing, children: [] } });
  }
  for (const m of text.matchAll(/<\/([A-Z][A-Za-z0-9]*)\s*>/g)) events.push({ at: m.index!, close: m[1] });
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    if (e.close) {
      const idx = stack.map((t) => t.component).lastIndexOf(e.close);
      if (idx !== -1) stack.length = idx;
      continue;
    }
    const tag = e.tag!;
    const parent = stack.at(-1);
    if (parent) {
      tag.parent = parent;
      parent.children.push(tag);
    }
    tags.push(tag);
    if (!tag.selfClosing) stack.push(tag);
  }
  return tags;
}

export function parsePage(text: string): ParsedPage {
  const problems: string[] = [];
  const { yaml, body, bodyLine } = splitFrontmatter(text);
  let frontmatter: Record<string, unknown> = {};
  if (yaml !== null) {
    try {
      const parsed = parseYaml(yaml);
      if (parsed && typeof parsed === 'object') frontmatter = parsed as Record<string, unknown>;
    } catch (e) {
      problems.push(`frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  const imports: QueryImport[] = [];
  const q = frontmatter.queries;
  if (q !== undefined && q !== null) {
    if (!Array.isArray(q)) {
      problems.push('frontmatter `queries:` must be a list, e.g.\n  queries:\n    - region_months: regions/region_months.sql');
    } else {
      for (const entry of q) {
        if (typeof entry === 'string') {
          imports.push({ name: evidenceImportName(entry), file: entry });
        } else if (entry && typeof entry === 'object') {
          const [name, file] = Object.entries(entry)[0] ?? [];
          if (typeof name === 'string' && typeof file === 'string') imports.push({ name: name.toLowerCase(), file });
          else problems.push(`frontmatter \`queries:\` entry ${JSON.stringify(entry)} is not \`name: path.sql\``);
        } else {
          problems.push(`frontmatter \`queries:\` entry ${JSON.stringify(entry)} is not \`name: path.sql\``);
        }
      }
    }
  }

  const lines = body.split('\n');
  const { fences, outside } = fencedBlocks(lines, bodyLine);
  const blocks: SqlBlock[] = [];
  for (const f of fences) {
    const [lang, ...rest] = f.info.split(/\s+/);
    if (lang.toLowerCase() !== 'sql') continue;
    const name = rest.join(' ').trim();
    if (!name) continue; // ```sql without a name is shown as code, not run
    blocks.push({ name, sql: f.lines.join('\n').trim(), line: f.startLine + 1 });
  }
  const hasScript = lines.some((l, i) => outside[i] && /<script[\s>]/.test(l));
  const outsideText = lines.filter((_, i) => outside[i]).join('\n');
  const eachAliases = [...outsideText.matchAll(/\{#each\s[^}]*?\sas\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  return { frontmatter, imports, blocks, tags: componentTags(body, bodyLine, outside), hasScript, eachAliases, problems };
}
