/**
 * The bench's results: their shape (the JSON), the targets of issues 9 (transform) and 14 (site) checked
 * against them, and the printed / markdown tables (bench/results/*.md and the README's Performance section).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StageReport, TreeResult } from './proc.js';
import type { PageData, PublishResult, SiteResult } from './site.js';

export const TRANSFORM_STAGES = ['load', 'model', 'policies'] as const;
export type TransformStage = (typeof TRANSFORM_STAGES)[number];
export type StageResult = StageReport & { processMs: number };

export interface Machine {
  cores: number;
  cpu: string;
  memoryBytes: number;
  os: string;
  node: string;
  duckdb: string;
  /** 1-minute load average when each size started and when the run ended: the cores are shared */
  loadavg: number[];
}

export interface SizeResult {
  invoices: number;
  seed: number;
  /** data rows per sample file */
  rows: Record<string, number>;
  csvBytes: number;
  /** sample generation (not a stage; 0 when a kept sample was reused) */
  sampleMs: number;
  stages: Record<TransformStage | 'floor', StageResult>;
  transform: { ms: number; cpuMs: number; peakRssBytes: number };
  /** transform ÷ floor, wall time and CPU time */
  ratio: number;
  cpuRatio: number;
  warehouseBytes: number;
  /** every table's key (TABLE_KEY) checked on this size's warehouse: the tables checked, those whose key repeats */
  keys?: { tables: number; repeated: string[]; ms: number };
  /** the wide export's units (customers and people asked for); absent for the sizes' default shape */
  shape?: { customers: number; people: number };
}

export interface Growth {
  from: number;
  to: number;
  /** to ÷ from invoices */
  size: number;
  /** wall time */
  transform: number;
  floor: number;
  /** CPU time (steadier when other work shares the cores) */
  transformCpu: number;
}

/** The site published from one size's warehouse (as `npm run build` would) and measured. */
export interface SiteRun {
  invoices: number;
  /** rows of the export's customers.csv and people.csv */
  customers: number;
  people: number;
  /** the default sample, the one `npm run build` makes */
  defaultSample: boolean;
  /** the transform that made the warehouse, when this size is not in the transform table (the default sample) */
  transform: { ms: number; peakRssBytes: number } | null;
  /** the site database step (prepareSite) in its own process; null when it failed */
  siteDb: StageResult | null;
  siteDbBytes: number;
  /** source tables in the site database, and those shipped for the browser's re-queries */
  tables: number;
  browserTables: string[];
  /** the Evidence steps as process trees (null: not reached, or failed: see failure) */
  sources: TreeResult | null;
  build: TreeResult | null;
  built: Pick<PublishResult, 'buildBytes' | 'dataBytes' | 'pages' | 'largestDataFile'> | null;
  /** the site in Chromium (null: not built, or the browser failed: see browserError) */
  browser: SiteResult | null;
  browserError: string | null;
  /**
   * where the site build stopped: the step, its error, the line of its log that says why, what it cost until
   * then, and (evidence build) how many pages it had prerendered
   */
  failure: { step: SiteStep; message: string; reason?: string | null; measured: TreeResult | null; prerendered?: number | null } | null;
}

export type SiteStep = 'site database' | 'evidence sources' | 'evidence build';

export interface TargetCheck {
  target: string;
  limit: string;
  measured: string;
  ok: boolean | null;
}

export interface BenchResult {
  date: string;
  commit: string;
  machine: Machine;
  options: { sizes: number[]; seed: number; repeat: number; site: boolean; /** DuckDB settings of the stages ('' = defaults) */ duckdb: string };
  sizes: SizeResult[];
  /** issue 21's cost against units: the wide export (WIDE_SHAPE), run when the sizes include 1 M; absent otherwise */
  wide?: SizeResult | null;
  growth: Growth[];
  /** one per size the site was built from (the default sample first when it is not a size); [] with --no-site */
  site: SiteRun[];
  targets: TargetCheck[];
}

const GB = 1e9;
const MB = 1e6;

/** Issue 21's export for cost against units: few documents, many customers and people (next to the 1 M export). */
export const WIDE_SHAPE = { invoices: 200_000, customers: 20_000, people: 1_000 } as const;
/** the wide export's transform is compared with this size's */
export const WIDE_COMPARED_WITH = 1_000_000;

export const fmtCount = (n: number) => n.toLocaleString('en');
export const fmtSize = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
const sec = (ms: number) => (ms >= 100_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`);
const gb = (bytes: number) => `${(bytes / GB).toFixed(2)} GB`;
const mb = (bytes: number) => (bytes < MB ? `${Math.round(bytes / 1e3)} kB` : `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB`);
const times = (x: number) => `${x.toFixed(1)}×`;
/** the last part of a URL path ('/' for the root) */
const fileName = (url: string) => url.split('/').filter(Boolean).pop() ?? url;

export function growthOf(sizes: SizeResult[]): Growth[] {
  const sorted = [...sizes].sort((a, b) => a.invoices - b.invoices);
  return sorted.slice(1).map((s, i) => ({
    from: sorted[i].invoices,
    to: s.invoices,
    size: s.invoices / sorted[i].invoices,
    transform: s.transform.ms / sorted[i].transform.ms,
    floor: s.stages.floor.ms / sorted[i].stages.floor.ms,
    transformCpu: s.transform.cpuMs / sorted[i].transform.cpuMs,
  }));
}

/** Issue 9's targets, checked where the run measured them (null: not measured in this run). */
export function checkTargets(r: Omit<BenchResult, 'targets'>): TargetCheck[] {
  const out: TargetCheck[] = [];
  const largest = [...r.sizes].sort((a, b) => b.invoices - a.invoices)[0];
  if (largest) {
    const n = fmtSize(largest.invoices);
    out.push({ target: `transform ÷ floor, ${n} invoices`, limit: '≤ 3×', measured: `${times(largest.ratio)} (CPU ${times(largest.cpuRatio)})`, ok: largest.ratio <= 3 });
    out.push({ target: `transform peak RSS, ${n} invoices`, limit: '≤ 6 GB', measured: gb(largest.transform.peakRssBytes), ok: largest.transform.peakRssBytes <= 6 * GB });
  }
  // issue 9 asks 1 M → 10 M ≤ 11×: a 10× step at most 10 % worse than linear
  const g = r.growth.find((x) => x.from === 1_000_000 && x.to === 10_000_000) ?? r.growth[r.growth.length - 1];
  if (g) {
    const limit = 1.1 * g.size;
    // wall time swings with the machine's other work: the growth must hold in CPU time as well
    out.push({
      target: `growth ${fmtSize(g.from)} → ${fmtSize(g.to)} (transform, wall and CPU time)`,
      limit: `≤ ${limit.toFixed(1)}×`,
      measured: `${times(g.transform)} (CPU ${times(g.transformCpu)})`,
      ok: g.transform <= limit && g.transformCpu <= limit,
    });
  }
  // a key that repeats only at millions of rows (contact ids cut to six digits did) is a wrong answer at that size
  const keyed = r.sizes.filter((s) => s.keys);
  if (keyed.length) {
    const repeated = keyed.flatMap((s) => s.keys!.repeated.map((t) => `${fmtSize(s.invoices)}: ${t}`));
    out.push({
      target: `every table's key unique (TABLE_KEY), at ${keyed.map((s) => fmtSize(s.invoices)).join(', ')}`,
      limit: 'none repeated',
      measured: repeated.length ? repeated.join('; ') : `${Math.max(...keyed.map((s) => s.keys!.tables))} tables, none repeated`,
      ok: repeated.length === 0,
    });
  }
  const wide = r.wide;
  const base = r.sizes.find((s) => s.invoices === WIDE_COMPARED_WITH);
  if (wide && base) {
    const q = wide.transform.ms / base.transform.ms;
    out.push({
      target: `transform of the wide export (${wideLabel(wide)}) ÷ the ${fmtSize(base.invoices)} export's`,
      limit: '≤ 2×',
      measured: `${sec(wide.transform.ms)} ÷ ${sec(base.transform.ms)} = ${times(q)}`,
      ok: q <= 2,
    });
  }
  out.push(...siteTargets(r.site));
  return out;
}

const wideLabel = (s: SizeResult) =>
  `${fmtCount(s.invoices)} invoices, ${fmtCount(s.rows['customers.csv'] ?? 0)} customers, ${fmtCount(s.rows['people.csv'] ?? 0)} people`;

const evidenceSteps = (run: SiteRun) => [run.sources, run.build, run.failure?.measured ?? null].filter((t): t is TreeResult => t !== null);
const siteBuildMs = (run: SiteRun) => (run.sources && run.build ? run.sources.ms + run.build.ms : null);
const sizeOf = (run: SiteRun) => (run.defaultSample ? `${fmtSize(run.invoices)} (default sample)` : fmtSize(run.invoices));
/** the largest of `xs` by `by`, with the run it came from */
function worst<T>(runs: SiteRun[], pick: (run: SiteRun) => T[], by: (x: T) => number): { run: SiteRun; x: T } | null {
  let best: { run: SiteRun; x: T } | null = null;
  for (const run of runs) for (const x of pick(run)) if (!best || by(x) > by(best.x)) best = { run, x };
  return best;
}

/** Issue 14's targets for the site, checked on the sizes the run built it from (none: not measured). */
export function siteTargets(runs: SiteRun[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  if (!runs.length) return out;
  const failed = runs.filter((x) => x.failure);
  out.push({
    target: `site built from every size's warehouse (${runs.map(sizeOf).join(', ')})`,
    limit: 'completes',
    measured: failed.length ? failed.map((x) => `${sizeOf(x)} failed at ${x.failure!.step}`).join('; ') : `${runs.length} of ${runs.length}`,
    ok: failed.length === 0,
  });
  const rss = worst(runs, (run) => evidenceSteps(run), (t) => t.peakTreeRssBytes);
  if (rss) out.push({ target: `Evidence steps' peak RSS (process tree), largest at ${sizeOf(rss.run)}`, limit: '≤ 4 GB', measured: gb(rss.x.peakTreeRssBytes), ok: rss.x.peakTreeRssBytes <= 4 * GB });
  const byInvoices = (n: number) => runs.find((x) => x.invoices === n && x.built);
  const data = (run: SiteRun | undefined, label: string, limit: number) => {
    if (run?.built) out.push({ target: `build/data, ${label}`, limit: `≤ ${limit} MB`, measured: mb(run.built.dataBytes), ok: run.built.dataBytes <= limit * MB });
  };
  data(runs.find((x) => x.defaultSample && x.built), `default sample (${fmtSize(runs.find((x) => x.defaultSample)?.invoices ?? 0)})`, 100);
  data(byInvoices(1_000_000), '1M invoices', 300);
  const [m1, m10] = [byInvoices(1_000_000), byInvoices(10_000_000)];
  if (m1?.built && m10?.built) {
    const g = m10.built.dataBytes / m1.built.dataBytes;
    out.push({ target: 'build/data growth 1M → 10M invoices', limit: '< 10× (less than linear)', measured: times(g), ok: g < 10 });
  }
  const time = (run: SiteRun | undefined, label: string, limitMin: number) => {
    const ms = run ? siteBuildMs(run) : null;
    if (run && ms !== null) out.push({ target: `site build (evidence sources + build), ${label}`, limit: `≤ ${limitMin} min`, measured: `${sec(ms)} (site database ${run.siteDb ? sec(run.siteDb.ms) : 'n/a'} more)`, ok: ms <= limitMin * 60_000 });
  };
  time(runs.find((x) => x.defaultSample), 'default sample', 3);
  time(runs.find((x) => x.invoices === 10_000_000), '10M invoices', 15);
  const measured = runs.filter((x) => x.browser);
  const file = worst(measured, (run) => run.browser!.pages.flatMap((p) => (p.all.largest ? [{ page: p.page, f: p.all.largest }] : [])), (x) => x.f.bytes);
  if (file) {
    out.push({
      target: `largest file a page fetches on load (any kind; ${fileName(file.x.f.url)} on ${file.x.page}, ${sizeOf(file.run)})`,
      limit: '≤ 2 MB',
      measured: `${mb(file.x.f.bytes)} (${mb(file.x.f.wireBytes)} on the wire)`,
      ok: file.x.f.bytes <= 2 * MB,
    });
  }
  // the worst case of a page's data: what it loads, or what its inputs can make it fetch, whichever is more
  const worstOf = (p: PageData) => Math.max(p.dataBytes, p.canFetch?.bytes ?? 0);
  const page = worst(measured, (run) => run.browser!.pages, worstOf);
  if (page) {
    out.push({
      target: `data per page, on load / with its inputs (largest: ${page.x.page}, ${sizeOf(page.run)})`,
      limit: '≤ 2 MB',
      measured: `${mb(page.x.dataBytes)} / ${page.x.canFetch ? mb(page.x.canFetch.bytes) : 'n/a'}`,
      ok: worstOf(page.x) <= 2 * MB,
    });
  }
  const home = worst(measured, (run) => run.browser!.pages.filter((p) => p.page === '/'), (p) => p.all.wireBytes);
  if (home) {
    out.push({
      target: `home page on the wire (compressed, all requests), largest at ${sizeOf(home.run)}`,
      limit: '≤ 1.5 MB',
      measured: `${mb(home.x.all.wireBytes)} (${mb(home.x.all.bytes)} decoded, ${home.x.all.requests} requests)`,
      ok: home.x.all.wireBytes <= 1.5 * MB,
    });
  }
  const render = worst(measured, (run) => (run.browser!.home ? [run.browser!.home] : []), (h) => h.medianMs);
  if (measured.length) {
    out.push({
      target: `home page first value visible (median), slowest at ${render ? sizeOf(render.run) : 'n/a'}`,
      limit: '≤ 1.5 s',
      measured: render ? `${render.x.medianMs} ms` : 'no BigValue',
      ok: render ? render.x.medianMs <= 1500 : null,
    });
  }
  return out;
}

function table(header: string[], rows: string[][], right: boolean[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(right.map((r) => (r ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

/** The stage rows of one size: where the time went, the slowest steps first. */
function topSteps(s: StageResult, n: number): string {
  return [...s.steps]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((x) => `${x.name} ${sec(x.ms)}`)
    .join(', ');
}

export function markdown(r: BenchResult): string {
  const m = r.machine;
  const load = m.loadavg.length ? `${Math.min(...m.loadavg).toFixed(1)}–${Math.max(...m.loadavg).toFixed(1)}` : 'n/a';
  const lines: string[] = [];
  lines.push(
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${r.commit}\`: ${m.cores} cores (${m.cpu}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ` +
      `${m.os}, Node ${m.node}, DuckDB ${m.duckdb}. 1-minute load average during the run ${load} ` +
      `(the cores are shared with other builds: times are upper bounds).` +
      (r.options.duckdb ? ` **DuckDB settings of this run: ${r.options.duckdb}** (not the pipeline's defaults).` : '') +
      (r.options.repeat > 1 ? ` Fastest of ${r.options.repeat} runs per stage.` : ''),
    '',
  );
  if (r.sizes.length) {
    lines.push('**Transform** (sample export, seed ' + r.options.seed + '; each stage in its own process; wall time, peak RSS of that process):', '');
    lines.push(
      table(
        ['invoices', 'receipts', 'CSV', 'load', 'model', 'policies', 'transform', 'floor', 'transform ÷ floor', 'CPU ÷ floor CPU', 'peak RSS load / model / policies / floor'],
        r.sizes.map((s) => [
          fmtCount(s.invoices),
          fmtCount(s.rows['receipts.csv'] ?? 0),
          mb(s.csvBytes),
          sec(s.stages.load.ms),
          sec(s.stages.model.ms),
          sec(s.stages.policies.ms),
          `**${sec(s.transform.ms)}**`,
          sec(s.stages.floor.ms),
          `**${times(s.ratio)}**`,
          times(s.cpuRatio),
          [...TRANSFORM_STAGES, 'floor' as const].map((k) => gb(s.stages[k].peakRssBytes)).join(' / '),
        ]),
        [true, true, true, true, true, true, true, true, true, true, false],
      ),
      '',
    );
    if (r.wide) {
      const w = r.wide;
      lines.push(
        `Cost against units (issue 21): the wide export, ${wideLabel(w)} (${mb(w.csvBytes)} CSV): load ${sec(w.stages.load.ms)}, ` +
          `model ${sec(w.stages.model.ms)}, policies ${sec(w.stages.policies.ms)}, transform **${sec(w.transform.ms)}** (floor ${sec(w.stages.floor.ms)}, ` +
          `${times(w.ratio)}), peak RSS ${gb(w.transform.peakRssBytes)}.`,
        '',
      );
    }
    if (r.growth.length) {
      lines.push(
        'Growth: ' +
          r.growth.map((g) => `${fmtSize(g.from)} → ${fmtSize(g.to)} (×${g.size}): transform ${times(g.transform)} (CPU ${times(g.transformCpu)}), floor ${times(g.floor)}`).join('; ') +
          '.',
        '',
      );
    }
  }
  if (r.site.length) lines.push(...siteMarkdown(r.site));
  if (r.targets.length) {
    lines.push('**Targets** (issue 9: transform; issue 14: site):', '');
    lines.push(table(['target', 'limit', 'measured', ''], r.targets.map((t) => [t.target, t.limit, t.measured, t.ok === null ? '–' : t.ok ? '✔' : '✘']), [false, true, true, false]), '');
  }
  const largest = [...r.sizes].sort((a, b) => b.invoices - a.invoices)[0];
  if (largest) {
    lines.push(`**Where the time goes** at ${fmtCount(largest.invoices)} invoices (slowest steps of each stage):`, '');
    for (const k of [...TRANSFORM_STAGES, 'floor' as const]) lines.push(`- ${k}: ${topSteps(largest.stages[k], 6)}`);
    lines.push('');
  }
  return lines.join('\n');
}

const stepCell = (t: { ms: number } | null, rss: number | null) => (t ? `${sec(t.ms)} · ${gb(rss ?? 0)}` : '–');

/** The site section: one row per size (build, then the browser), the pages of the largest size, the failures. */
function siteMarkdown(runs: SiteRun[]): string[] {
  const lines: string[] = [];
  const dflt = runs.find((x) => x.defaultSample && x.transform);
  lines.push(
    '**Site** at every size: published from that size\'s warehouse as `npm run build` does (transforms/publish/site.ts, the default ' +
      'audience): the site database (prepareSite, in its own process: time · its peak RSS), then `evidence sources --strict` (only the ' +
      'tables that inputs re-query) and `evidence build:strict`, each as a process tree (time · peak of the Σ RSS of its processes, ' +
      'sampled every 100 ms). Site build = sources + build, the site database not included.' +
      (dflt?.transform ? ` The default sample's warehouse: transform ${sec(dflt.transform.ms)}, ${gb(dflt.transform.peakRssBytes)}.` : ''),
    '',
  );
  const failedAfter = (run: SiteRun, step: SiteStep) =>
    run.failure?.step === step ? `✘ failed${run.failure.measured ? ` after ${sec(run.failure.measured.ms)} · ${gb(run.failure.measured.peakTreeRssBytes)}` : ''}` : '–';
  lines.push(
    table(
      ['invoices', 'customers', 'site database', 'evidence sources', 'evidence build', 'site build', 'largest process (sources / build)', 'build/', 'build/data', 'HTML pages', 'site database file'],
      runs.map((run) => [
        run.defaultSample ? `${fmtCount(run.invoices)} (default sample)` : fmtCount(run.invoices),
        fmtCount(run.customers),
        run.siteDb ? stepCell(run.siteDb, run.siteDb.peakRssBytes) : failedAfter(run, 'site database'),
        run.sources ? stepCell(run.sources, run.sources.peakTreeRssBytes) : failedAfter(run, 'evidence sources'),
        run.build ? stepCell(run.build, run.build.peakTreeRssBytes) : failedAfter(run, 'evidence build'),
        siteBuildMs(run) === null ? '–' : `**${sec(siteBuildMs(run)!)}**`,
        run.sources ? `${gb(run.sources.peakProcessRssBytes)} / ${run.build ? gb(run.build.peakProcessRssBytes) : '–'}` : '–',
        run.built ? mb(run.built.buildBytes) : '–',
        run.built ? `**${mb(run.built.dataBytes)}**` : '–',
        run.built ? fmtCount(run.built.pages) : '–',
        run.siteDbBytes ? mb(run.siteDbBytes) : '–',
      ]),
      [false, true, true, true, true, true, true, true, true, true, true],
    ),
    '',
  );
  for (const run of runs.filter((x) => x.failure)) {
    const f = run.failure!;
    // "<label>: failed (exit 1) after 701 s[: reason]; log: /abs/path" → the message, the reason, the log's path
    const [first] = f.message.split('\n');
    const log = /; log: (\S+)$/.exec(first)?.[1];
    const said = log ? first.slice(0, first.length - `; log: ${log}`.length) : first;
    lines.push(
      `✘ ${sizeOf(run)}: ${f.step} failed: \`${said}\`` +
        (f.reason && !said.includes(f.reason) ? `: \`${f.reason}\`` : '') +
        (f.measured ? ` (after ${sec(f.measured.ms)}, peak RSS ${gb(f.measured.peakTreeRssBytes)} tree / ${gb(f.measured.peakProcessRssBytes)} largest process` : '') +
        (f.measured && typeof f.prerendered === 'number' ? `, ${fmtCount(f.prerendered)} pages prerendered by then)` : f.measured ? ')' : '') +
        (log ? `; log \`${path.relative('.', log)}\`` : '') +
        '.',
      '',
    );
  }
  const measured = runs.filter((x) => x.browser);
  if (measured.length) {
    lines.push(
      'In Chromium (the site served by scripts/serve.mjs with brotli/gzip, a new context per page, every page of the site but one per ' +
        'templated route; decoded = the response bodies the page gets, on the wire = as sent, compressed):',
      '',
    );
    lines.push(
      table(
        ['invoices', 'largest file a page fetches on load (decoded / on the wire)', 'largest data a page loads', 'largest data a page\'s inputs can fetch', 'home page: requests, decoded / on the wire', 'home first value (median of 5)'],
        measured.map((run) => {
          const pages = run.browser!.pages;
          const file = worst([run], () => pages.flatMap((p) => (p.all.largest ? [{ page: p.page, f: p.all.largest }] : [])), (x) => x.f.bytes)?.x;
          const load = worst([run], () => pages, (p) => p.dataBytes)?.x;
          const inputs = worst([run], () => pages.filter((p) => p.canFetch), (p) => p.canFetch!.bytes)?.x;
          const home = pages.find((p) => p.page === '/');
          return [
            run.defaultSample ? `${fmtCount(run.invoices)} (default sample)` : fmtCount(run.invoices),
            file ? `${mb(file.f.bytes)} / ${mb(file.f.wireBytes)}: ${fileName(file.f.url)} (${file.page})` : '–',
            load ? `${mb(load.dataBytes)} (${load.page})` : '–',
            inputs ? `${mb(inputs.canFetch!.bytes)} (${inputs.page})` : '–',
            home
              ? `${home.all.requests}, ${mb(home.all.bytes)} / **${mb(home.all.wireBytes)}**` +
                (home.all.topWire.length ? ` (most: ${home.all.topWire.slice(0, 2).map((f) => `${fileName(f.url)} ${mb(f.wireBytes)}`).join(', ')})` : '')
              : '–',
            run.browser!.home ? `**${run.browser!.home.medianMs} ms**` : 'no BigValue',
          ];
        }),
        [false, false, false, false, true, true],
      ),
      '',
    );
    for (const run of runs.filter((x) => x.browserError)) lines.push(`${sizeOf(run)}: browser measurements skipped: ${run.browserError}`, '');
    const last = measured[measured.length - 1];
    lines.push(`Every page at ${sizeOf(last)} invoices:`, '');
    lines.push(
      table(
        ['page', 'requests', 'decoded / on the wire', 'largest file', 'data fetched on load', 'largest data response', 'tables its inputs can fetch (.arrow)'],
        last.browser!.pages.map((pg) => [
          pg.page,
          String(pg.all.requests),
          `${mb(pg.all.bytes)} / ${mb(pg.all.wireBytes)}`,
          pg.all.largest ? `${fileName(pg.all.largest.url)} ${mb(pg.all.largest.bytes)} / ${mb(pg.all.largest.wireBytes)}` : '',
          `${mb(pg.dataBytes)} (${pg.requests})`,
          pg.largest ? `${fileName(pg.largest.url)} ${mb(pg.largest.bytes)}` : '',
          !pg.canFetch ? 'n/a' : pg.canFetch.tables.length === 0 ? 'none' : `${mb(pg.canFetch.bytes)}: ${pg.canFetch.tables.map((t) => `${t.table} ${mb(t.bytes)}`).join(', ')}`,
        ]),
        [false, true, true, false, true, false, false],
      ),
      '',
    );
    lines.push(
      'Home page first render (a new context each run): navigation start → the first frame that shows the first BigValue\'s value ' +
        '(the later of: the value laid out, first contentful paint), each run: ' +
        measured
          .filter((run) => run.browser!.home)
          .map((run) => `${sizeOf(run)} ${run.browser!.home!.runs.map((x) => x.renderMs).join(', ')} ms`)
          .join('; ') +
        '.',
      '',
    );
  }
  return lines;
}

/** Plain-text table for the terminal. */
export function consoleTable(r: BenchResult): string {
  const rows = r.sizes.map((s) => [
    fmtCount(s.invoices),
    sec(s.stages.load.ms),
    sec(s.stages.model.ms),
    sec(s.stages.policies.ms),
    sec(s.transform.ms),
    sec(s.stages.floor.ms),
    times(s.ratio),
    gb(s.transform.peakRssBytes),
  ]);
  const header = ['invoices', 'load', 'model', 'policies', 'transform', 'floor', '÷ floor', 'peak RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [fmt(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)];
  if (r.wide) out.push(`wide (${wideLabel(r.wide)}): transform ${sec(r.wide.transform.ms)}, ${times(r.wide.ratio)} floor, peak RSS ${gb(r.wide.transform.peakRssBytes)}`);
  for (const g of r.growth) out.push(`growth ${fmtSize(g.from)} → ${fmtSize(g.to)}: transform ${times(g.transform)} (CPU ${times(g.transformCpu)}), floor ${times(g.floor)}`);
  for (const run of r.site) {
    const step = (t: TreeResult | StageResult | null) => (t ? `${sec(t.ms)} ${gb('peakTreeRssBytes' in t ? t.peakTreeRssBytes : t.peakRssBytes)}` : 'n/a');
    out.push(
      `site ${sizeOf(run)}: site database ${step(run.siteDb)}; evidence sources ${step(run.sources)}; evidence build ${step(run.build)}` +
        (run.built ? `; build/ ${mb(run.built.buildBytes)}, build/data ${mb(run.built.dataBytes)}, ${fmtCount(run.built.pages)} HTML pages` : '') +
        (run.failure ? `; ✘ ${run.failure.step} failed: ${run.failure.message.split('\n')[0]}` : ''),
    );
  }
  for (const t of r.targets) out.push(`${t.ok === null ? '–' : t.ok ? '✔' : '✘'} ${t.target}: ${t.measured} (${t.limit})`);
  return out.join('\n');
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** Replaces the README's section between the bench markers; false when the markers are missing. */
export function updateReadme(file: string, md: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(README_START);
  const b = text.indexOf(README_END);
  if (a < 0 || b < a) return false;
  fs.writeFileSync(file, `${text.slice(0, a + README_START.length)}\n${md.trim()}\n${text.slice(b)}`);
  return true;
}
