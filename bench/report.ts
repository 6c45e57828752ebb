/**
 * The bench's results: their shape (the JSON), the targets of issue 9 checked against them, and the
 * printed / markdown tables (bench/results/*.md and the README's Performance section).
 */
import fs from 'node:fs';
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

export interface SiteBench {
  sample: { invoices: number; seed: number; rows: Record<string, number> };
  transform: { ms: number; peakRssBytes: number };
  publish: PublishResult;
  site: SiteResult | null;
}

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
  growth: Growth[];
  site: SiteBench | null;
  targets: TargetCheck[];
}

const GB = 1e9;
const MB = 1e6;

export const fmtCount = (n: number) => n.toLocaleString('en');
export const fmtSize = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
const sec = (ms: number) => (ms >= 100_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`);
const gb = (bytes: number) => `${(bytes / GB).toFixed(2)} GB`;
const mb = (bytes: number) => (bytes < MB ? `${Math.round(bytes / 1e3)} kB` : `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB`);
const times = (x: number) => `${x.toFixed(1)}×`;

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
  const site = r.site;
  if (site) {
    const b = site.publish.build;
    out.push({ target: 'site build time (evidence build)', limit: '≤ 3 min', measured: sec(b.ms), ok: b.ms <= 180_000 });
    out.push({ target: 'site build peak RSS (process tree)', limit: '≤ 4 GB', measured: gb(b.peakTreeRssBytes), ok: b.peakTreeRssBytes <= 4 * GB });
    if (site.site) {
      // the worst case of a page: what it loads, or what its inputs can make it fetch, whichever is more
      const worstOf = (p: PageData) => Math.max(p.dataBytes, p.canFetch?.bytes ?? 0);
      const worst = site.site.pages.reduce<PageData | null>((m, p) => (!m || worstOf(p) > worstOf(m) ? p : m), null);
      if (worst) out.push({ target: `site data per page (largest: ${worst.page}, on load / with its inputs)`, limit: '≤ 2 MB', measured: `${mb(worst.dataBytes)} / ${worst.canFetch ? mb(worst.canFetch.bytes) : 'n/a'}`, ok: worstOf(worst) <= 2 * MB });
      const home = site.site.home;
      out.push({
        target: 'home page first render (first BigValue visible)',
        limit: '≤ 1.5 s',
        measured: home ? `${home.medianMs} ms` : 'no BigValue',
        ok: home ? home.medianMs <= 1500 : null,
      });
    }
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
    if (r.growth.length) {
      lines.push(
        'Growth: ' +
          r.growth.map((g) => `${fmtSize(g.from)} → ${fmtSize(g.to)} (×${g.size}): transform ${times(g.transform)} (CPU ${times(g.transformCpu)}), floor ${times(g.floor)}`).join('; ') +
          '.',
        '',
      );
    }
  }
  if (r.site) {
    const s = r.site;
    const p = s.publish;
    lines.push(
      `**Site** (the default sample, as \`npm run build\` makes it: ${fmtCount(s.sample.invoices)} invoices, ${fmtCount(s.sample.rows['people.csv'] ?? 0)} people; ` +
        `transform ${sec(s.transform.ms)}, ${gb(s.transform.peakRssBytes)}). Peak RSS of a process tree: Σ RSS of its processes sampled every 100 ms; ` +
        'largest process: the highest VmHWM of any one of them.',
      '',
    );
    const row = (name: string, t: TreeResult) => [name, sec(t.ms), t.cpuMs === null ? 'n/a' : sec(t.cpuMs), gb(t.peakTreeRssBytes), gb(t.peakProcessRssBytes)];
    lines.push(table(['step', 'time', 'CPU', 'peak RSS (tree)', 'largest process'], [row('evidence sources --strict', p.sources), row('evidence build:strict', p.build)], [false, true, true, true, true]), '');
    lines.push(
      `build/: ${mb(p.buildBytes)}, of it data ${mb(p.dataBytes)}` +
        (p.largestDataFile ? `; largest data file ${p.largestDataFile.file.split('/').pop()} ${mb(p.largestDataFile.bytes)}` : '') +
        '.',
      '',
    );
    if (s.site) {
      lines.push(
        table(
          ['page', 'data fetched on load', 'requests', 'largest response', 'tables its inputs can fetch (.arrow)'],
          s.site.pages.map((pg) => [
            pg.page,
            mb(pg.dataBytes),
            String(pg.requests),
            pg.largest ? `${pg.largest.url.split('/').pop()} ${mb(pg.largest.bytes)}` : '',
            !pg.canFetch ? 'n/a' : pg.canFetch.tables.length === 0 ? 'none' : `${mb(pg.canFetch.bytes)}: ${pg.canFetch.tables.map((t) => `${t.table} ${mb(t.bytes)}`).join(', ')}`,
          ]),
          [false, true, true, false, false],
        ),
        '',
      );
      const h = s.site.home;
      if (h) {
        lines.push(
          `Home page first render (Chromium, local server, a new context each run): navigation start → the first frame that shows the first BigValue's value ` +
            `(the later of: the value laid out, first contentful paint): median ${h.medianMs} ms of ${h.runs.map((x) => x.renderMs).join(', ')} ms ` +
            `(laid out ${h.runs.map((x) => x.visibleMs).join(', ')} ms; first contentful paint ${h.runs.map((x) => x.fcpMs ?? 'n/a').join(', ')} ms).`,
          '',
        );
      }
    }
  }
  if (r.targets.length) {
    lines.push('**Targets** (issue 9):', '');
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
  for (const g of r.growth) out.push(`growth ${fmtSize(g.from)} → ${fmtSize(g.to)}: transform ${times(g.transform)} (CPU ${times(g.transformCpu)}), floor ${times(g.floor)}`);
  if (r.site) {
    const p = r.site.publish;
    out.push(`evidence sources ${sec(p.sources.ms)} ${gb(p.sources.peakTreeRssBytes)}; evidence build ${sec(p.build.ms)} ${gb(p.build.peakTreeRssBytes)}`);
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
