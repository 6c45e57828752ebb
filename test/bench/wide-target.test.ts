/**
 * Issue 21's cost against units in the bench: the wide export's transform is checked against the 1 M export's
 * (≤ 2×), on made-up results; without a 1 M size or without the wide run there is no such row.
 */
import { describe, expect, it } from 'vitest';
import { checkTargets, markdown, type BenchResult, type SizeResult, type StageResult } from '../../bench/report.js';

const stage = (name: string, ms: number): StageResult => ({ stage: name, ms, cpuMs: ms, peakRssBytes: 1e9, steps: [], processMs: ms });

function size(invoices: number, transformMs: number, rows: Record<string, number> = {}): SizeResult {
  return {
    invoices,
    seed: 1,
    rows: { 'receipts.csv': invoices, 'customers.csv': 2000, 'people.csv': 158, ...rows },
    csvBytes: invoices * 200,
    sampleMs: 0,
    stages: { load: stage('load', transformMs / 4), model: stage('model', transformMs / 2), policies: stage('policies', transformMs / 4), floor: stage('floor', transformMs / 10) },
    transform: { ms: transformMs, cpuMs: transformMs, peakRssBytes: 1e9 },
    ratio: 10,
    cpuRatio: 10,
    warehouseBytes: 1e8,
  };
}

function result(sizes: SizeResult[], wide: SizeResult | null): Omit<BenchResult, 'targets'> {
  const machine = { cores: 2, cpu: 'x', memoryBytes: 24e9, os: 'Linux', node: 'v20', duckdb: 'v1.4.2', loadavg: [] };
  return { date: '2026-12-03T07:00:00Z', commit: 'abc', machine, options: { sizes: sizes.map((s) => s.invoices), seed: 1, repeat: 1, site: false, duckdb: '' }, sizes, wide, growth: [], site: [] };
}

const wideRow = (r: Omit<BenchResult, 'targets'>) => checkTargets(r).find((t) => t.target.startsWith('transform of the wide export'));
const wide = (ms: number) => ({ ...size(200_000, ms, { 'customers.csv': 20_000, 'people.csv': 940 }), shape: { customers: 20_000, people: 1_000 } });

describe('the wide export target', () => {
  it('passes at twice the 1 M transform and fails just above, naming the export as generated', () => {
    const at = wideRow(result([size(1_000_000, 40_000)], wide(80_000)));
    expect(at).toMatchObject({ limit: '≤ 2×', ok: true, measured: '80.0 s ÷ 40.0 s = 2.0×' });
    expect(at!.target).toBe("transform of the wide export (200,000 invoices, 20,000 customers, 940 people) ÷ the 1M export's");
    expect(wideRow(result([size(1_000_000, 40_000)], wide(80_400)))).toMatchObject({ ok: false, measured: '80.4 s ÷ 40.0 s = 2.0×' });
  });

  it('is not checked without the 1 M size or without the wide run, and the report says what the wide run cost', () => {
    expect(wideRow(result([size(100_000, 9_000)], wide(80_000)))).toBeUndefined();
    expect(wideRow(result([size(1_000_000, 40_000)], null))).toBeUndefined();
    const md = markdown({ ...result([size(1_000_000, 40_000)], wide(60_000)), targets: [] });
    expect(md).toContain('Cost against units (issue 21): the wide export, 200,000 invoices, 20,000 customers, 940 people (40 MB CSV): load 15.0 s, model 30.0 s, policies 15.0 s, transform **60.0 s**');
  });
});
