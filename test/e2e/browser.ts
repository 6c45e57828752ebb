/**
 * The e2e harness: the built site served on 127.0.0.1 by scripts/serve.mjs, opened in Debian's
 * Chromium through playwright-core. Every request to another host is aborted and recorded, console
 * errors and Evidence error boxes are collected, so a test can assert the page worked offline.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Site {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export interface OpenedPage {
  page: Page;
  /** console errors and uncaught exceptions */
  errors: string[];
  /** requests to any host but the local server (all aborted) */
  outside: string[];
  /** the data the page downloaded: source tables (.arrow/.parquet) and prerendered query results (/api/…) */
  data: { url: string; bytes: number }[];
  /** every URL the page requested from the local server */
  requests: string[];
  /** every file the page fetched from the local server by the time it was idle: bytes on the wire, and decoded */
  fetched: { url: string; bytes: number; decodedBytes: number }[];
}

/** Is this URL page data (not code, styles or the duckdb-wasm engine)? */
export function isDataUrl(url: string): boolean {
  const { pathname } = new URL(url);
  return /\.(arrow|parquet)$/.test(pathname) || (pathname.startsWith('/api/') && pathname.endsWith('.json'))
    || pathname === '/data/manifest.json';
}

/** No page may ship more than this much data (source tables + prerendered query results). */
export const MAX_PAGE_DATA_BYTES = 2 * 1024 * 1024;

/**
 * No file a page fetches on load may be larger than this, decoded (issue 14): the duckdb-wasm engine (≈ 6 MB
 * compressed) must wait until an input re-runs a query, and Evidence's libraries come in chunks of their own
 * (echarts, CodeMirror, Arrow: the template's Vite config, patched), not in one 2.5 MB file.
 */
export const MAX_FILE_ON_LOAD_BYTES = 2 * 1024 * 1024;

/** Total bytes of the data a page downloaded. */
export function dataBytes(opened: OpenedPage): number {
  return opened.data.reduce((sum, d) => sum + d.bytes, 0);
}

export async function openSite(root = 'build'): Promise<Site> {
  const server = await serve(root);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update',
    ],
  });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function openPage(site: Site, pathname: string): Promise<OpenedPage> {
  const context = await site.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const outside: string[] = [];
  const data: { url: string; bytes: number }[] = [];
  const requests: string[] = [];
  const sizes: Promise<{ url: string; bytes: number; decodedBytes: number }>[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(site.url + '/')) requests.push(request.url());
  });
  // sizes of what the page fetched on load only: later requests (an input's re-query) are the tests' own, and
  // their bodies may be gone from Chromium's inspector cache by the time they would be read
  let loaded = false;
  page.on('requestfinished', (request) => {
    if (loaded || !request.url().startsWith(site.url + '/')) return;
    sizes.push(
      request.sizes().then(async (s) => {
        // a body Chromium no longer holds counts as its size on the wire (a lower bound)
        const body = await request.response().then((r) => r?.body()).catch(() => undefined);
        return { url: request.url(), bytes: s.responseBodySize, decodedBytes: body?.length ?? s.responseBodySize };
      }),
    );
  });
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(site.url + '/') || !isDataUrl(url)) return;
    data.push({ url, bytes: Number(response.headers()['content-length'] ?? 0) });
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(site.url + '/') || url === site.url) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  await page.goto(site.url + pathname, { waitUntil: 'networkidle' });
  loaded = true;
  const fetched = await Promise.all(sizes);
  return { page, errors, outside, data, requests, fetched };
}

/** Text of Evidence's error boxes (failed queries, broken components) on the page. */
export async function evidenceErrors(page: Page): Promise<string[]> {
  // ErrorChart, BigValueError, ValueError and InlineError all draw a `border-negative/50` box
  // (a red Delta uses border-negative/20, so it does not match).
  return page.locator('[class*="border-negative/50"]').allInnerTexts();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
