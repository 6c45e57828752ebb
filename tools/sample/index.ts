/**
 * `writeSample`: a seeded, realistic ERP export of 华东精工机械有限公司 (the input files of transforms/load/README.md, canonical English
 * headers, UTF-8) for the build, the tests and the benchmark. Same seed and arguments → byte-identical
 * files. Files are written as `<name>.partial` and renamed only when all are complete, so an interrupted
 * run never leaves a folder that looks like a finished sample.
 */
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from './prng.js';
import { CsvSink, fmtCents } from './csv.js';
import { ASSIGNMENTS_HEADER, buildOrg, writeAssignments, writePeople, PEOPLE_HEADER } from './org.js';
import { buildCustomers, writeCustomers, CUSTOMERS_HEADER } from './customers.js';
import { COLLECTION_LOG_HEADER, DocumentGenerator, INVOICES_HEADER, RECEIPTS_HEADER, WRITEOFFS_HEADER } from './documents.js';
import { writeTargets, TARGETS_HEADER } from './targets.js';
import { writeKpiInputs, KPI_INPUTS_HEADER } from './kpi.js';
import { DayDistribution } from './seasonality.js';
import { writeLayout, type Layout } from './layout.js';

export const COMPANY_NAME = '华东精工机械有限公司';
export const DEFAULT_SEED = 20250101;
export const DEFAULT_INVOICES = 60_000;

export const SAMPLE_FILES = ['customers.csv', 'people.csv', 'invoices.csv', 'receipts.csv', 'targets.csv', 'writeoffs.csv', 'kpi_inputs.csv', 'collection_log.csv', 'assignments.csv'] as const;
export type SampleFile = (typeof SAMPLE_FILES)[number];

export interface SampleOptions {
  outDir: string;
  seed?: number;
  invoices?: number;
  /** customers (default `customerCount(invoices)`): a wide export has many customers for its documents */
  customers?: number;
  /** the sales force's size, about (default: the default organisation's ≈ 150 people in 12 teams) */
  people?: number;
  /** plain (the default: one CSV per entity, canonical headers) or the layout of a Kingdee / Yonyou export (layout.ts) */
  layout?: Layout;
}

export interface SampleStats {
  outDir: string;
  seed: number;
  /** data rows per file (header excluded) */
  rows: Record<SampleFile, number>;
  regions: number;
  teams: number;
  creditNotes: number;
  explicitDueDates: number;
  deferrals: number;
  refunds: number;
  explicitReceipts: number;
  unappliedReceipts: number;
  /** file totals as '1234.50' (exact, from integer cents) */
  amounts: { invoices: string; receipts: string; writeoffs: string; acceptanceReceipts: string };
  elapsedMs: number;
}

const HEADERS: Record<SampleFile, readonly string[]> = {
  'customers.csv': CUSTOMERS_HEADER,
  'people.csv': PEOPLE_HEADER,
  'invoices.csv': INVOICES_HEADER,
  'receipts.csv': RECEIPTS_HEADER,
  'targets.csv': TARGETS_HEADER,
  'writeoffs.csv': WRITEOFFS_HEADER,
  'kpi_inputs.csv': KPI_INPUTS_HEADER,
  'collection_log.csv': COLLECTION_LOG_HEADER,
  'assignments.csv': ASSIGNMENTS_HEADER,
};

const PARTIAL = '.partial';

function checkOptions(seed: number, invoices: number, customers: number | undefined, people: number | undefined): void {
  if (people !== undefined && (!Number.isInteger(people) || people < 1)) throw new Error(`people must be a positive integer, got ${people}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in 0…4294967295, got ${seed}`);
  if (!Number.isInteger(invoices) || invoices < 1) throw new Error(`invoices must be a positive integer, got ${invoices}`);
  if (customers !== undefined && (!Number.isInteger(customers) || customers < 1)) throw new Error(`customers must be a positive integer, got ${customers}`);
}

export async function writeSample(opts: SampleOptions): Promise<SampleStats> {
  const started = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const invoices = opts.invoices ?? DEFAULT_INVOICES;
  checkOptions(seed, invoices, opts.customers, opts.people);
  await mkdir(opts.outDir, { recursive: true });
  const sinks = Object.fromEntries(SAMPLE_FILES.map((f) => [f, new CsvSink(opts.outDir, f + PARTIAL, HEADERS[f])])) as Record<SampleFile, CsvSink>;

  const rng = new Rng(seed);
  const days = new DayDistribution();
  const org = buildOrg(rng.fork('org'), opts.people);
  await writePeople(org, sinks['people.csv']);
  await writeAssignments(org, sinks['assignments.csv']);
  const customers = buildCustomers(rng.fork('customers'), org, invoices, days, opts.customers);
  await writeCustomers(customers, org, sinks['customers.csv']);

  const maxPerCustomer = customers.reduce((m, c) => Math.max(m, c.invoices), 0);
  const docs = new DocumentGenerator(
    rng.fork('documents'),
    org,
    days,
    { invoices: sinks['invoices.csv'], receipts: sinks['receipts.csv'], writeoffs: sinks['writeoffs.csv'], collectionLog: sinks['collection_log.csv'] },
    Math.max(5, String(invoices).length),
    maxPerCustomer,
    rng.fork('collection_log'),
  );
  for (const c of customers) await docs.customer(c);
  await writeTargets(rng.fork('targets'), org, docs.activity, sinks['targets.csv']);
  await writeKpiInputs(rng.fork('kpi'), org, sinks['kpi_inputs.csv']);

  for (const sink of Object.values(sinks)) await sink.close();
  for (const f of SAMPLE_FILES) await rename(join(opts.outDir, f + PARTIAL), join(opts.outDir, f));
  if (opts.layout && opts.layout !== 'plain') await writeLayout(opts.outDir, opts.layout);

  const s = docs.stats;
  return {
    outDir: opts.outDir,
    seed,
    rows: Object.fromEntries(SAMPLE_FILES.map((f) => [f, sinks[f].rows])) as Record<SampleFile, number>,
    regions: org.regions.length,
    teams: org.teams.length,
    creditNotes: s.creditNotes,
    explicitDueDates: s.explicitDueDates,
    deferrals: s.deferrals,
    refunds: s.refunds,
    explicitReceipts: s.explicitReceipts,
    unappliedReceipts: s.unappliedReceipts,
    amounts: {
      invoices: fmtCents(s.invoiceCents),
      receipts: fmtCents(s.receiptCents),
      writeoffs: fmtCents(s.writeoffCents),
      acceptanceReceipts: fmtCents(s.acceptanceCents),
    },
    elapsedMs: Math.round(performance.now() - started),
  };
}
