/**
 * `npm run sample -- [--out DIR] [--seed N] [--invoices N] [--customers N] [--people N] [--layout L]`: write the seeded sample ERP export.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_INVOICES, DEFAULT_SEED, writeSample } from './index.js';
import { LAYOUTS, type Layout } from './layout.js';

const HELP = `Usage: npm run sample -- [--out DIR] [--seed N] [--invoices N] [--customers N] [--people N] [--layout plain|kingdee|yonyou]

Writes a realistic, seeded ERP export of a Chinese machinery maker (regions, sales teams, reps,
customers of every credit type, 36 months 2023-01…2025-12 of invoices, credit notes, partial and late
receipts, acceptance notes, refunds, write-offs, targets, scorecard inputs and the collectors' log of
contacts and promises) as UTF-8 CSV files:
customers.csv people.csv invoices.csv receipts.csv targets.csv writeoffs.csv kpi_inputs.csv collection_log.csv

Options:
  --out DIR       output folder (default: sample)
  --seed N        random seed, 0…4294967295 (default: ${DEFAULT_SEED}); same seed and options → identical files
  --invoices N    invoice rows, credit notes included (default: ${DEFAULT_INVOICES}); receipts ≈ invoices,
                  customers = max(2000, N / 500) unless --customers says otherwise
  --customers N   customers (default max(2000, invoices / 500)); a wide export: many customers, few documents each
  --people N      the sales force's size, about (default ≈ 150 people in 12 teams): more teams of the same size
  --layout L      plain (default), or the same data as finance staff save it from 金蝶 (kingdee: XLSX
                  workbooks, a workbook with two sheets, titles, merged two-row headers, 合计 rows, customers
                  as "code name") or 用友 (yonyou: GBK CSV, titles, two-row headers, 小计/总计 rows); the
                  warehouse built from it equals the plain sample's
  -h, --help      show this help
`;

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'sample' },
      seed: { type: 'string' },
      invoices: { type: 'string' },
      customers: { type: 'string' },
      people: { type: 'string' },
      layout: { type: 'string', default: 'plain' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!(LAYOUTS as readonly string[]).includes(values.layout!)) throw new Error(`--layout must be one of ${LAYOUTS.join(', ')}, got ${values.layout}`);
  const stats = await writeSample({
    layout: values.layout as Layout,
    outDir: values.out!,
    seed: integer('seed', values.seed, DEFAULT_SEED),
    invoices: integer('invoices', values.invoices, DEFAULT_INVOICES),
    customers: values.customers === undefined ? undefined : integer('customers', values.customers, 0),
    people: values.people === undefined ? undefined : integer('people', values.people, 0),
  });
  const rows = Object.entries(stats.rows).map(([f, n]) => `  ${f.padEnd(16)} ${String(n).padStart(10)}`);
  process.stdout.write(
    `sample written to ${stats.outDir} (seed ${stats.seed}) in ${(stats.elapsedMs / 1000).toFixed(1)} s\n${rows.join('\n')}\n` +
      `  sales ¥${stats.amounts.invoices}, receipts ¥${stats.amounts.receipts}, write-offs ¥${stats.amounts.writeoffs}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`sample: ${err instanceof Error ? err.message : String(err)}\n${HELP}`);
  process.exit(1);
});
