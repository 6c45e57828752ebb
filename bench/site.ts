/**
 * The site of one size, published and measured:
 * - the site database (transforms/publish/site.ts prepareSite) in its own process (bench/stage.ts site-db:
 *   time and that process's peak RSS), then `evidence sources` and `evidence build:strict` through
 *   publishSite, each as a process tree (bench/proc.ts runTree), exactly as `npm run build` runs them;
 * - the built folder: bytes of build/ and build/data, HTML pages, the largest data file;
 * - the site in Chromium (test/e2e/browser.ts openSite, served compressed by scripts/serve.mjs): every page's
 *   requests (bytes decoded and on the wire), and the home page's first render.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { openSite, type Site } from '../test/e2e/browser.js';
import { ChildFailedError, runTree, type TreeResult } from './proc.js';
import { evidenceEnv } from '../transforms/cli/steps.js';
import { publishSite, type SitePlan } from '../transforms/publish/site.js';

const EVIDENCE_BIN = path.resolve('node_modules', '.bin', 'evidence');

/** The environment a user's build sees (vitest's variables make Evidence build in a debug mode). */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST') && key !== 'TEST'),
  );
}

export interface PublishResult {
  sources: TreeResult;
  build: TreeResult;
  /** bytes of the site folder (build/), and of its build/data (the shipped source tables) */
  buildBytes: number;
  dataBytes: number;
  /** HTML files of the site folder: the prerendered pages */
  pages: number;
  /** the largest file of build/data */
  largestDataFile: { file: string; bytes: number } | null;
}

/** An Evidence step that failed: which, why, and what it cost until then. */
export class PublishStepError extends Error {
  constructor(
    readonly step: 'sources' | 'build',
    message: string,
    readonly measured: TreeResult | null,
    /** the steps that completed before it */
    readonly done: Partial<Pick<PublishResult, 'sources' | 'build'>>,
    /** the line of its log that says what went wrong */
    readonly reason: string | null,
    /** a failed build: the pages it had prerendered by then */
    readonly prerendered: number | null,
  ) {
    super(message);
  }
}

/** Where SvelteKit writes the pages it prerenders, before Evidence copies them into the site folder. */
const PRERENDERED_DIR = '.evidence/template/.svelte-kit/output/prerendered';

/** HTML files under `dir` written since `since` (ms since the epoch). */
function htmlSince(dir: string, since: number): number {
  return walkStat(dir).filter((f) => f.file.endsWith('.html') && f.mtimeMs >= since).length;
}

/**
 * Steps 3–4 of the build (transforms/publish/site.ts publishSite) for a plan made by prepareSite: the two
 * Evidence steps as measured process trees, with the environment `npm run build` gives them.
 */
export async function publish(plan: SitePlan, logDir: string, tag: string, timeoutMs: number): Promise<PublishResult> {
  const done: Partial<Pick<PublishResult, 'sources' | 'build'>> = {};
  try {
    await publishSite(plan, async (step, args, env) => {
      const started = Date.now();
      try {
        const r = await runTree(`evidence ${args.join(' ')}`, EVIDENCE_BIN, args, {
          env: evidenceEnv({ ...userEnv(), ...env }),
          timeoutMs,
          logFile: path.join(logDir, `${tag}-evidence-${step}.log`),
        });
        done[step] = r;
        return r;
      } catch (err) {
        const failed = err instanceof ChildFailedError ? err : null;
        const prerendered = step === 'build' ? htmlSince(PRERENDERED_DIR, started) : null;
        throw new PublishStepError(step, (err as Error).message, failed?.measured ?? null, { ...done }, failed?.reason ?? null, prerendered);
      }
    });
  } catch (err) {
    if (err instanceof PublishStepError) throw err;
    // publishSite's own work between the steps (clearing folders)
    throw new PublishStepError(done.sources ? 'build' : 'sources', (err as Error).message, null, { ...done }, null, null);
  }
  return { sources: done.sources!, build: done.build!, ...builtSite(plan.buildDir) };
}

/** What a built site folder holds. */
export function builtSite(root: string): Pick<PublishResult, 'buildBytes' | 'dataBytes' | 'pages' | 'largestDataFile'> {
  const files = walk(root);
  const dataDir = path.join(root, 'data') + path.sep;
  const data = files.filter((f) => f.file.startsWith(dataDir));
  const largest = data.reduce<{ file: string; bytes: number } | null>((m, f) => (!m || f.bytes > m.bytes ? f : m), null);
  return {
    buildBytes: files.reduce((s, f) => s + f.bytes, 0),
    dataBytes: data.reduce((s, f) => s + f.bytes, 0),
    pages: files.filter((f) => f.file.endsWith('.html')).length,
    largestDataFile: largest && { file: path.relative(root, largest.file), bytes: largest.bytes },
  };
}

function walkStat(dir: string): Array<{ file: string; bytes: number; mtimeMs: number }> {
  if (!fs.existsSync(dir)) return [];
  const out: Array<{ file: string; bytes: number; mtimeMs: number }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkStat(full));
    else if (entry.isFile()) {
      const st = fs.statSync(full);
      out.push({ file: full, bytes: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

const walk = (dir: string): Array<{ file: string; bytes: number }> => walkStat(dir);

/** The site's pages: every prerendered index.html of build/ but SvelteKit's and Evidence's own. */
export function sitePages(root = 'build', sources = 'pages'): string[] {
  const skip = new Set(['_app', 'api', 'data', 'explore', 'settings', '_evidence']);
  const pages: string[] = [];
  // A templated route (pages/customers/[customer].md) builds one page per value: 2,000+ pages on the default
  // sample, ≥ 2 s each to network idle. They share their queries, so one instance stands for the route:
  // the first in name order that is not a page of its own (customers/index.md, …).
  const templated = (rel: string): Set<string> | null => {
    const dir = path.join(sources, rel);
    if (!fs.existsSync(dir)) return null;
    const files = fs.readdirSync(dir);
    if (!files.some((f) => /^\[[^\]]+\]\.md$/.test(f))) return null;
    return new Set(files.filter((f) => !f.startsWith('[')).map((f) => f.replace(/\.md$/, '')));
  };
  const visit = (dir: string, url: string, rel: string) => {
    const own = templated(rel);
    let instance = false;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() && !skip.has(entry.name)) {
        if (own && !own.has(entry.name) && !fs.existsSync(path.join(sources, rel, entry.name))) {
          if (instance) continue;
          instance = true;
        }
        visit(path.join(dir, entry.name), `${url}${entry.name}/`, path.join(rel, entry.name));
      } else if (entry.isFile() && entry.name === 'index.html') pages.push(url);
    }
  };
  visit(root, '/', '');
  return pages.sort();
}

/** One file a page fetched: its path, the bytes of its body (decoded) and as sent (compressed, body only). */
export interface Fetched {
  url: string;
  bytes: number;
  wireBytes: number;
}

export interface PageData {
  page: string;
  /** bytes of the page's data responses (/data/…, /api/…) while it loads to network idle (decoded) */
  dataBytes: number;
  requests: number;
  largest: { url: string; bytes: number } | null;
  /**
   * every response while it loads (HTML, scripts, styles, wasm, data, …): decoded, and on the wire (bodies as
   * sent); the largest by decoded size, and the five that took the most bytes on the wire
   */
  all: { requests: number; bytes: number; wireBytes: number; largest: Fetched | null; topWire: Fetched[] };
  /** what the page can fetch when its inputs re-run queries in the browser (see fetchable) */
  canFetch: { bytes: number; tables: Array<{ table: string; bytes: number }> } | null;
}

export interface FirstRender {
  /**
   * per run (a fresh browser context each), from navigation start: the first BigValue's value laid out
   * with text and a box, the first contentful paint, and the first frame that shows the value = the later
   * of the two (a value laid out before the first paint appears with it)
   */
  runs: Array<{ visibleMs: number; fcpMs: number | null; renderMs: number }>;
  /** median of renderMs */
  medianMs: number;
}

export interface SiteResult {
  pages: PageData[];
  home: FirstRender | null;
}

/** Opens a page in a fresh context with every outside request blocked. */
async function freshPage(site: Site): Promise<Page> {
  const context = await site.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    route.request().url().startsWith(site.url) ? route.continue() : route.abort('blockedbyclient'),
  );
  return page;
}

const isData = (pathname: string) => pathname.startsWith('/data/') || pathname.startsWith('/api/');

/**
 * A finished request's body: decoded (what the page gets; a body Chromium does not keep, e.g. the wasm a worker
 * compiles while streaming, is the served file's size) and as sent (Chromium's encoded body size).
 */
async function fetched(request: Request, root: string): Promise<Fetched> {
  const url = new URL(request.url()).pathname;
  const response = await request.response();
  const [body, sizes] = await Promise.all([
    response ? response.body().then((b) => b.length, () => null) : null,
    request.sizes().then((s) => s.responseBodySize, () => 0),
  ]);
  // a response from the memory cache reports a negative size: nothing came over the wire
  return { url, bytes: body ?? servedFileBytes(root, url), wireBytes: Math.max(0, sizes) };
}

/** The size of the file the server sends for `pathname` (scripts/serve.mjs: a folder's index.html), 0 if none. */
function servedFileBytes(root: string, pathname: string): number {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  for (const candidate of [path.join(root, rel), path.join(root, rel, 'index.html')]) {
    try {
      const st = fs.statSync(candidate);
      if (st.isFile()) return st.size;
    } catch {
      /* not this one */
    }
  }
  return 0;
}

const largestOf = <T extends { bytes: number }>(xs: T[]): T | null => xs.reduce<T | null>((m, x) => (!m || x.bytes > m.bytes ? x : m), null);

async function pageData(site: Site, root: string, pathname: string): Promise<PageData> {
  const page = await freshPage(site);
  const done: Array<Promise<Fetched>> = [];
  let pending = 0;
  let lastEvent = Date.now();
  const local = (request: Request) => request.url().startsWith(site.url);
  page.on('request', (request) => {
    if (!local(request)) return;
    pending++;
    lastEvent = Date.now();
  });
  const settled = () => {
    pending--;
    lastEvent = Date.now();
  };
  page.on('requestfailed', (request) => local(request) && settled());
  page.on('requestfinished', (request) => {
    if (!local(request)) return;
    done.push(fetched(request, root).finally(settled));
  });
  await page.goto(site.url + pathname, { waitUntil: 'networkidle' });
  // queries that depend on an input run once the page has hydrated, which on a busy machine can be after
  // "network idle": wait until no request is open and none has started for 2 s (at most 30 s)
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (pending > 0 || Date.now() - lastEvent < 2_000)) await page.waitForTimeout(250);
  const all = await Promise.all(done);
  await page.context().close();
  const data = all.filter((r) => isData(r.url));
  const largest = largestOf(data);
  return {
    page: pathname,
    dataBytes: data.reduce((s, r) => s + r.bytes, 0),
    requests: data.length,
    largest: largest && { url: largest.url, bytes: largest.bytes },
    all: {
      requests: all.length,
      bytes: all.reduce((s, r) => s + r.bytes, 0),
      wireBytes: all.reduce((s, r) => s + r.wireBytes, 0),
      largest: largestOf(all),
      topWire: [...all].sort((a, b) => b.wireBytes - a.wireBytes).slice(0, 5),
    },
    canFetch: fetchable(root, pathname),
  };
}

/** The markdown a built page comes from: pages/<path>.md or pages/<path>/index.md (templated pages: null). */
function pageSource(pathname: string): string | null {
  const rel = pathname.replace(/^\/|\/$/g, '');
  for (const candidate of rel ? [`pages/${rel}.md`, `pages/${rel}/index.md`] : ['pages/index.md']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The source tables a page can fetch in the browser, with their .arrow sizes. A query without inputs is
 * prerendered and never re-run; one that names `${inputs…}`, or a query that does, re-runs when an input
 * changes, with every query it names (`${other}`), and the patched client then fetches every source table
 * they name. (The page's own SQL blocks; `queries:` files from the frontmatter count as blocks.)
 */
function fetchable(root: string, pathname: string): PageData['canFetch'] {
  const source = pageSource(pathname);
  if (!source) return null;
  const text = fs.readFileSync(source, 'utf8');
  const blocks = new Map<string, string>();
  for (const m of text.matchAll(/^```sql\s+(\w+)\s*\n([\s\S]*?)^```/gm)) blocks.set(m[1], m[2]);
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  for (const q of front.matchAll(/^\s*-\s*(?:(\w+)\s*:\s*)?([\w./-]+)\.sql\s*$/gm)) {
    const file = path.join('queries', `${q[2]}.sql`);
    if (fs.existsSync(file)) blocks.set(q[1] ?? path.basename(q[2]), fs.readFileSync(file, 'utf8'));
  }
  const live = new Set([...blocks].filter(([, sql]) => sql.includes('${inputs')).map(([name]) => name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, sql] of blocks) {
      if (!live.has(name) && [...live].some((l) => sql.includes(`\${${l}}`))) {
        live.add(name);
        grew = true;
      }
    }
  }
  // a re-run query runs with the queries it names (`from ${other}` is inlined): their tables are fetched too
  const run = new Set(live);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...run]) {
      for (const other of blocks.keys()) {
        if (!run.has(other) && blocks.get(name)!.includes(`\${${other}}`)) {
          run.add(other);
          grew = true;
        }
      }
    }
  }
  const names = [...new Set([...run].flatMap((name) => [...blocks.get(name)!.matchAll(/\bwarehouse\.(\w+)/g)].map((m) => m[1])))].sort();
  const arrows = walk(path.join(root, 'data', 'warehouse'));
  const tables = names.map((table) => ({
    table,
    bytes: arrows.filter((f) => path.basename(f.file) === `${table}.arrow`).reduce((sum, f) => sum + f.bytes, 0),
  }));
  return { bytes: tables.reduce((s, t) => s + t.bytes, 0), tables };
}

/** The value of a BigValue (core-components _BigValue.svelte: `div.text-xl.font-medium`). */
const BIG_VALUE = 'main div.text-xl.font-medium';

async function firstRender(site: Site, runs: number): Promise<FirstRender | null> {
  const out: FirstRender['runs'] = [];
  for (let i = 0; i < runs; i++) {
    const page = await freshPage(site);
    await page.goto(site.url + '/', { waitUntil: 'commit' });
    // performance.now() in the page counts from its navigation start
    const handle = await page.waitForFunction(
      (selector) => {
        const el = document.querySelector(selector) as HTMLElement | null;
        if (!el || !/\d/.test(el.innerText)) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? performance.now() : false;
      },
      BIG_VALUE,
      { polling: 'raf', timeout: 60_000 },
    ).catch(() => null);
    if (!handle) {
      await page.context().close();
      return null; // the home page has no BigValue
    }
    const visibleMs = Math.round((await handle.jsonValue()) as number);
    // the paint entry is queued after the frame: wait for it briefly
    const fcp = await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false, undefined, { timeout: 5_000 })
      .then((h) => h.jsonValue() as Promise<number>, () => null);
    const fcpMs = fcp === null ? null : Math.round(fcp);
    out.push({ visibleMs, fcpMs, renderMs: Math.max(visibleMs, fcpMs ?? visibleMs) });
    await page.context().close();
  }
  return { runs: out, medianMs: median(out.map((r) => r.renderMs)) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
}

/** Every page's requests and the home page's first render (median of `runs`), of the site in `root`. */
export async function measureSite(root = 'build', runs = 5): Promise<SiteResult> {
  const site = await openSite(root);
  try {
    const pages: PageData[] = [];
    for (const p of sitePages(root)) pages.push(await pageData(site, root, p));
    // one warm-up load: the first navigation of a new browser pays for its start-up
    const warm = await freshPage(site);
    await warm.goto(site.url + '/', { waitUntil: 'load' }).catch(() => {});
    await warm.context().close();
    return { pages, home: await firstRender(site, runs) };
  } finally {
    await site.close();
  }
}
