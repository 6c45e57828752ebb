/**
 * The bench's site targets (issue 14) and the built-folder measure, on made-up runs: which rows appear for
 * which sizes, where the limits lie, and that a failed build is reported with its step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdown, siteTargets, type BenchResult, type SiteRun } from '../../bench/report.js';
import { builtSite, type PageData } from '../../bench/site.js';
import { logReason, type TreeResult } from '../../bench/proc.js';

const MB = 1e6;
const tree = (ms: number, gb: number): TreeResult => ({ ms, cpuMs: ms, peakTreeRssBytes: gb * 1e9, peakProcessRssBytes: gb * 1e9, processes: 3 });
const page = (p: string, over: Partial<PageData> = {}): PageData => ({
  page: p,
  dataBytes: 0.1 * MB,
  requests: 3,
  largest: { url: '/data/x.arrow', bytes: 0.05 * MB },
  all: { requests: 30, bytes: 2 * MB, wireBytes: 0.6 * MB, largest: { url: '/_app/immutable/a.js', bytes: 1 * MB, wireBytes: 0.3 * MB }, topWire: [] },
  canFetch: null,
  ...over,
});

function run(invoices: number, over: Partial<SiteRun> = {}): SiteRun {
  return {
    invoices,
    customers: Math.max(2000, invoices / 500),
    people: 158,
    defaultSample: invoices === 60_000,
    transform: null,
    siteDb: { stage: 'site-db', ms: 5_000, cpuMs: 5_000, peakRssBytes: 0.5e9, steps: [], processMs: 6_000 },
    siteDbBytes: 50 * MB,
    tables: 35,
    browserTables: ['dim_team'],
    sources: tree(20_000, 1),
    build: tree(100_000, 3),
    built: { buildBytes: 60 * MB, dataBytes: 3 * MB, pages: 2300, largestDataFile: { file: 'data/x.arrow', bytes: MB } },
    browser: { pages: [page('/'), page('/aging/')], home: { runs: [{ visibleMs: 500, fcpMs: 400, renderMs: 500 }], medianMs: 500 } },
    browserError: null,
    failure: null,
    ...over,
  };
}

const byLimit = (checks: ReturnType<typeof siteTargets>) => Object.fromEntries(checks.map((c) => [`${c.target.split(',')[0].split(' (')[0]} ${c.limit}`, c]));

describe('siteTargets', () => {
  it('checks nothing without a site', () => {
    expect(siteTargets([])).toEqual([]);
  });

  it('checks every issue 14 target on the default sample, 1M and 10M', () => {
    const runs = [
      run(60_000),
      run(1_000_000, { built: { buildBytes: 100 * MB, dataBytes: 10 * MB, pages: 2400, largestDataFile: null } }),
      run(10_000_000, { built: { buildBytes: 300 * MB, dataBytes: 40 * MB, pages: 3000, largestDataFile: null }, build: tree(700_000, 3.5) }),
    ];
    const checks = siteTargets(runs);
    expect(checks.every((c) => c.ok === true)).toBe(true);
    expect(checks.map((c) => c.limit)).toEqual([
      'completes', '≤ 4 GB', '≤ 100 MB', '≤ 300 MB', '< 10× (less than linear)', '≤ 3 min', '≤ 15 min', '≤ 2 MB', '≤ 2 MB', '≤ 1.5 MB', '≤ 1.5 s',
    ]);
    const t = byLimit(checks);
    expect(t["Evidence steps' peak RSS ≤ 4 GB"].measured).toBe('3.50 GB');
    expect(t["Evidence steps' peak RSS ≤ 4 GB"].target).toContain('10M');
    expect(t['build/data growth 1M → 10M invoices < 10× (less than linear)'].measured).toBe('4.0×');
    expect(t['site build ≤ 3 min'].measured).toMatch(/^120 s/);
    expect(t['site build ≤ 15 min'].measured).toMatch(/^720 s/);
    expect(t['home page on the wire ≤ 1.5 MB'].measured).toBe('600 kB (2.0 MB decoded, 30 requests)');
  });

  it('fails each limit just past it', () => {
    const big = page('/', { all: { requests: 9, bytes: 9 * MB, wireBytes: 1.6 * MB, largest: { url: '/_app/big.js', bytes: 2.1 * MB, wireBytes: 0.7 * MB }, topWire: [] } });
    const runs = [
      run(60_000, { sources: tree(60_000, 1), build: tree(120_001, 4.1), built: { buildBytes: 200 * MB, dataBytes: 101 * MB, pages: 10, largestDataFile: null } }),
      run(1_000_000, { built: { buildBytes: 400 * MB, dataBytes: 301 * MB, pages: 10, largestDataFile: null } }),
      run(10_000_000, {
        build: tree(900_001, 3),
        built: { buildBytes: 4000 * MB, dataBytes: 3010 * MB, pages: 10, largestDataFile: null },
        browser: { pages: [big], home: { runs: [], medianMs: 1501 } },
      }),
    ];
    const failed = siteTargets(runs).filter((c) => c.ok === false).map((c) => c.limit);
    expect(failed).toEqual(['≤ 4 GB', '≤ 100 MB', '≤ 300 MB', '< 10× (less than linear)', '≤ 3 min', '≤ 15 min', '≤ 2 MB', '≤ 1.5 MB', '≤ 1.5 s']);
    // the largest file is judged by its decoded size and named with its page and size
    const file = siteTargets(runs).find((c) => c.target.startsWith('largest file'))!;
    expect(file.target).toContain('big.js on /, 10M');
    expect(file.measured).toBe('2.1 MB (700 kB on the wire)');
  });

  it('reports a failed build with its step and the memory it reached', () => {
    const failed = run(10_000_000, {
      build: null,
      built: null,
      browser: null,
      failure: {
        step: 'evidence build',
        message: 'evidence build:strict: failed (exit 134) after 500 s; log: /tmp/x/10M-evidence-build.log\nlast lines',
        reason: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
        measured: tree(500_000, 4.4),
        prerendered: 7809,
      },
    });
    const checks = siteTargets([run(1_000_000), failed]);
    expect(checks[0]).toMatchObject({ limit: 'completes', measured: '10M failed at evidence build', ok: false });
    expect(byLimit(checks)["Evidence steps' peak RSS ≤ 4 GB"]).toMatchObject({ measured: '4.40 GB', ok: false });
    // neither the growth nor the 10M build time can be judged
    expect(checks.some((c) => c.target.includes('growth') || c.limit === '≤ 15 min')).toBe(false);
    const md = markdown({
      date: '2026-01-01T00:00:00Z', commit: 'x', sizes: [], growth: [], site: [run(1_000_000), failed], targets: checks,
      machine: { cores: 2, cpu: 'cpu', memoryBytes: 1, os: 'os', node: 'v20', duckdb: 'v1', loadavg: [1] },
      options: { sizes: [], seed: 1, repeat: 1, site: true, duckdb: '' },
    } satisfies BenchResult);
    expect(md).toContain('| 10,000,000 | 20,000 | 5.00 s · 0.50 GB | 20.0 s · 1.00 GB | ✘ failed after 500 s · 4.40 GB |');
    expect(md).toContain(
      '✘ 10M: evidence build failed: `evidence build:strict: failed (exit 134) after 500 s`: `FATAL ERROR: Reached heap limit ' +
        'Allocation failed - JavaScript heap out of memory` (after 500 s, peak RSS 4.40 GB tree / 4.40 GB largest process, 7,809 pages ' +
        `prerendered by then); log \`${path.relative('.', '/tmp/x/10M-evidence-build.log')}\`.`,
    );
  });
});

describe('logReason', () => {
  it('finds the line of a failed step\'s log that says why, not the wrapper\'s exit line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-reason-'));
    try {
      const log = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
      const worker = log(
        'worker.log',
        "[INFO]:  Enabling strict mode\nnode:events:502\n      throw er; // Unhandled 'error' event\n      ^\n\n" +
          'Error [ERR_WORKER_OUT_OF_MEMORY]: Worker terminated due to reaching memory limit: JS heap out of memory\n' +
          '    at [kOnExit] (node:internal/worker:320:26)\nBuild failed\nBuild process exited with code 1\n',
      );
      expect(logReason(worker)).toBe('Error [ERR_WORKER_OUT_OF_MEMORY]: Worker terminated due to reaching memory limit: JS heap out of memory');
      expect(logReason(log('v8.log', '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n'))).toMatch(/^FATAL ERROR/);
      expect(logReason(log('sql.log', 'loading\nBinder Error: Referenced column "x" not found\n'))).toBe('Binder Error: Referenced column "x" not found');
      expect(logReason(log('ok.log', 'all fine\n'))).toBeNull();
      expect(logReason(path.join(dir, 'absent.log'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('builtSite', () => {
  it('counts the folder, its data folder and its HTML pages', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'built-site-'));
    try {
      const write = (rel: string, bytes: number) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), Buffer.alloc(bytes));
      };
      write('index.html', 10);
      write('customers/C00001/index.html', 20);
      write('_app/immutable/a.js', 100);
      write('data/warehouse/dim_team/abc/dim_team.arrow', 300);
      write('data/manifest.json', 5);
      expect(builtSite(root)).toEqual({
        buildBytes: 435,
        dataBytes: 305,
        pages: 2,
        largestDataFile: { file: path.join('data', 'warehouse', 'dim_team', 'abc', 'dim_team.arrow'), bytes: 300 },
      });
      expect(builtSite(path.join(root, 'absent'))).toEqual({ buildBytes: 0, dataBytes: 0, pages: 0, largestDataFile: null });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
