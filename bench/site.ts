/**
 * The publish stages and the built site, measured: `evidence sources --strict` and `evidence build:strict`
 * as process trees (bench/proc.ts runTree), then the site in Chromium (test/e2e/browser.ts openSite):
 * every page's data bytes and the home page's first render.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openSite, type Site } from '../test/e2e/browser.js';
import { runTree, type TreeResult } from './proc.js';

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
  /** bytes of build/ and of its data files */
  buildBytes: number;
  dataBytes: number;
  /** the largest data file (.arrow or .parquet) of the build */
  largestDataFile: { file: string; bytes: number } | null;
}

/** Runs the two Evidence steps on the project's warehouse.duckdb, as `npm run build` does. */
export async function publish(logDir: string, timeoutMs: number): Promise<PublishResult> {
  const env = userEnv();
  const sources = await runTree('evidence sources --strict', EVIDENCE_BIN, ['sources', '--strict'], {
    env,
    timeoutMs,
    logFile: path.join(logDir, 'evidence-sources.log'),
  });
  // Evidence copies into build/ without clearing it (as transforms/cli/build.ts does)
  fs.rmSync('build', { recursive: true, force: true });
  const build = await runTree('evidence build:strict', EVIDENCE_BIN, ['build:strict'], {
    env,
    timeoutMs,
    logFile: path.join(logDir, 'evidence-build.log'),
  });
  const files = walk('build');
  const data = files.filter((f) => /\.(arrow|parquet)$/.test(f.file));
  const largest = data.reduce<{ file: string; bytes: number } | null>((m, f) => (!m || f.bytes > m.bytes ? f : m), null);
  return {
    sources,
    build,
    buildBytes: files.reduce((s, f) => s + f.bytes, 0),
    dataBytes: data.reduce((s, f) => s + f.bytes, 0),
    largestDataFile: largest,
  };
}

function walk(dir: string): Array<{ file: string; bytes: number }> {
  const out: Array<{ file: string; bytes: number }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push({ file: full, bytes: fs.statSync(full).size });
  }
  return out;
}

/** The site's pages: every prerendered index.html of build/ but SvelteKit's and Evidence's own. */
export function sitePages(root = 'build'): string[] {
  const skip = new Set(['_app', 'api', 'data', 'explore', 'settings', '_evidence']);
  const pages: string[] = [];
  const visit = (dir: string, url: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !skip.has(entry.name)) visit(path.join(dir, entry.name), `${url}${entry.name}/`);
      else if (entry.isFile() && entry.name === 'index.html') pages.push(url);
    }
  };
  visit(root, '/');
  return pages.sort();
}

export interface PageData {
  page: string;
  /** bytes of the page's data responses (/data/…, /api/…) while it loads to network idle */
  dataBytes: number;
  requests: number;
  largest: { url: string; bytes: number } | null;
  /**
   * what the page can fetch once its inputs re-query in the browser: the .arrow file of every source
   * table its SQL names (the patched client fetches a table the first time a query names it)
   */
  canFetch: { bytes: number; tables: Array<{ table: string; bytes: number }> } | null;
}

export interface FirstRender {
  /** navigation start → the first BigValue's value visible, per run (fresh browser context each) */
  runsMs: number[];
  medianMs: number;
  /** first contentful paint, median */
  fcpMs: number | null;
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

async function pageData(site: Site, pathname: string): Promise<PageData> {
  const page = await freshPage(site);
  const sizes: Array<Promise<{ url: string; bytes: number }>> = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!isData(url.pathname)) return;
    sizes.push(response.body().then((b) => ({ url: url.pathname, bytes: b.length }), () => ({ url: url.pathname, bytes: 0 })));
  });
  await page.goto(site.url + pathname, { waitUntil: 'networkidle' });
  const all = await Promise.all(sizes);
  await page.context().close();
  const largest = all.reduce<{ url: string; bytes: number } | null>((m, r) => (!m || r.bytes > m.bytes ? r : m), null);
  return { page: pathname, dataBytes: all.reduce((s, r) => s + r.bytes, 0), requests: all.length, largest, canFetch: fetchable(pathname) };
}

/** The markdown a built page comes from: pages/<path>.md or pages/<path>/index.md (templated pages: null). */
function pageSource(pathname: string): string | null {
  const rel = pathname.replace(/^\/|\/$/g, '');
  for (const candidate of rel ? [`pages/${rel}.md`, `pages/${rel}/index.md`] : ['pages/index.md']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The source tables a page's SQL names (its own and its frontmatter `queries:`), with their .arrow sizes. */
function fetchable(pathname: string): PageData['canFetch'] {
  const source = pageSource(pathname);
  if (!source) return null;
  let text = fs.readFileSync(source, 'utf8');
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  for (const q of front.matchAll(/^\s*-\s*(?:\w+\s*:\s*)?([\w./-]+\.sql)\s*$/gm)) {
    const file = path.join('queries', q[1]);
    if (fs.existsSync(file)) text += fs.readFileSync(file, 'utf8');
  }
  const names = [...new Set([...text.matchAll(/\bwarehouse\.(\w+)/g)].map((m) => m[1]))].sort();
  const tables = names.map((table) => {
    const arrow = walk('build/data/warehouse').filter((f) => path.basename(f.file) === `${table}.arrow`);
    return { table, bytes: arrow.reduce((s, f) => s + f.bytes, 0) };
  });
  return { bytes: tables.reduce((s, t) => s + t.bytes, 0), tables };
}

/** The value of a BigValue (core-components _BigValue.svelte: `div.text-xl.font-medium`). */
const BIG_VALUE = 'main div.text-xl.font-medium';

async function firstRender(site: Site, runs: number): Promise<FirstRender | null> {
  const times: number[] = [];
  const fcps: number[] = [];
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
    times.push(Math.round((await handle.jsonValue()) as number));
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    if (fcp !== null) fcps.push(Math.round(fcp));
    await page.context().close();
  }
  return { runsMs: times, medianMs: median(times), fcpMs: fcps.length ? median(fcps) : null };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
}

/** Every page's data and the home page's first render (median of `runs`). */
export async function measureSite(runs = 5): Promise<SiteResult> {
  const site = await openSite('build');
  try {
    const pages: PageData[] = [];
    for (const p of sitePages()) pages.push(await pageData(site, p));
    // one warm-up load: the first navigation of a new browser pays for its start-up
    await (await freshPage(site)).goto(site.url + '/', { waitUntil: 'load' }).catch(() => {});
    return { pages, home: await firstRender(site, runs) };
  } finally {
    await site.close();
  }
}
