/**
 * The model against a public dataset: IBM's accounts-receivable sample (2,466 invoices of 100 customers,
 * 2012-01 … 2013-12, each settled in full on SettledDate, due 30 days after the invoice). Two routes in:
 * the stg_* tables built straight from the CSV (test/helpers/ibm-staging.ts), and the file converted to an ERP
 * export folder (test/helpers/ibm-export.ts) read by the loader. The expected values are computed here independently,
 * straight from the CSV text with decimal.js: at month end t an invoice is open when InvoiceDate ≤ t <
 * SettledDate, overdue when also DueDate < t, and it ages by t − DueDate (due basis) and t − InvoiceDate.
 */
import { Decimal } from 'decimal.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { runModel } from '../../transforms/model/index.js';
import { loadExport } from '../../transforms/load/index.js';
import { writeIbmExport } from '../helpers/ibm-export.js';
import { IBM_CSV, loadIbmStaging } from '../helpers/ibm-staging.js';
import { rows } from './model-helpers.js';

interface IbmInvoice {
  customer: string;
  invoiced: number;
  due: number;
  settled: number;
  amount: Decimal;
}

/** M/D/YYYY → days since 1970-01-01. */
const day = (mdy: string) => {
  const [m, d, y] = mdy.split('/').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

function readIbm(): IbmInvoice[] {
  const [header, ...lines] = readFileSync(IBM_CSV, 'utf8').trim().split(/\r?\n/);
  const col = Object.fromEntries(header.split(',').map((h, i) => [h, i]));
  return lines.map((line) => {
    const f = line.split(',');
    return {
      customer: f[col.customerID],
      invoiced: day(f[col.InvoiceDate]),
      due: day(f[col.DueDate]),
      settled: day(f[col.SettledDate]),
      amount: new Decimal(f[col.InvoiceAmount]),
    };
  });
}

const DUE_BUCKETS: [string, number][] = [['not_due', 0], ['1-30', 30], ['31-60', 60], ['61-90', 90], ['91-180', 180], ['181-365', 365], ['365+', Infinity]];
const AGE_BUCKETS: [string, number][] = [['0-30', 30], ['31-60', 60], ['61-90', 90], ['91-180', 180], ['181-365', 365], ['1-2y', 730], ['2-3y', 1095], ['3y+', Infinity]];
const bucketOf = (buckets: [string, number][], days: number) => buckets.find(([, max]) => days <= max)![0];

interface MonthEnd {
  key: string;
  ar: Decimal;
  overdue: Decimal;
  customers: number;
  due: Record<string, string>;
  age: Record<string, string>;
}

/** The independent computation: every month end 2012-01 … 2013-12, invoice by invoice. */
function expectedMonthEnds(invoices: IbmInvoice[]): MonthEnd[] {
  const out: MonthEnd[] = [];
  for (let y = 2012; y <= 2013; y++) {
    for (let m = 1; m <= 12; m++) {
      const t = Date.UTC(y, m, 0) / 86_400_000; // last day of month m
      const due = Object.fromEntries(DUE_BUCKETS.map(([b]) => [b, { amount: new Decimal(0), items: 0 }]));
      const age = Object.fromEntries(AGE_BUCKETS.map(([b]) => [b, { amount: new Decimal(0), items: 0 }]));
      let ar = new Decimal(0);
      let overdue = new Decimal(0);
      const customers = new Set<string>();
      for (const inv of invoices) {
        if (!(inv.invoiced <= t && inv.settled > t)) continue;
        ar = ar.plus(inv.amount);
        customers.add(inv.customer);
        if (inv.due < t) overdue = overdue.plus(inv.amount);
        for (const [buckets, days] of [[due, t - inv.due], [age, t - inv.invoiced]] as const) {
          const b = buckets[bucketOf(buckets === due ? DUE_BUCKETS : AGE_BUCKETS, days)];
          b.amount = b.amount.plus(inv.amount);
          b.items += 1;
        }
      }
      const fmt = (bs: Record<string, { amount: Decimal; items: number }>) =>
        Object.fromEntries(Object.entries(bs).map(([b, v]) => [b, `${v.amount.toFixed(2)}/${v.items}`]));
      out.push({ key: `${y}-${String(m).padStart(2, '0')}`, ar, overdue, customers: customers.size, due: fmt(due), age: fmt(age) });
    }
  }
  return out;
}

const ROUTES: [string, (wh: Warehouse) => Promise<void>][] = [
  ['stg tables from the CSV', (wh) => loadIbmStaging(wh.conn)],
  [
    'export folder through the loader',
    async (wh) => {
      const dir = mkdtempSync(join(tmpdir(), 'ibm-export-'));
      try {
        await writeIbmExport(dir);
        await loadExport(wh.conn, dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  ],
];

const invoices = readIbm();
const expected = expectedMonthEnds(invoices);

describe.each(ROUTES)('IBM accounts-receivable sample: %s', (_route, load) => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await openWarehouse();
    await load(wh);
    await runModel(wh.conn);
  });
  afterAll(async () => {
    await wh?.close();
  });

  it('reads the whole file', () => {
    expect(invoices).toHaveLength(2466);
    expect(expected).toHaveLength(24);
    expect(expected.filter((e) => e.ar.gt(0))).toHaveLength(24);
  });

  it('month-end AR, overdue amount and customers with open AR equal the independent computation, 2012-01 … 2013-12', async () => {
    const got = await rows(
      wh,
      `SELECT period_key, ar_balance, overdue_amount, current_amount, customers_open FROM mart_ar_metrics
       WHERE grain = 'month' AND level = 'company' AND period_key BETWEEN '2012-01' AND '2013-12' ORDER BY period_key`,
    );
    expect(got).toEqual(
      expected.map((e) => ({
        period_key: e.key,
        ar_balance: e.ar.toFixed(2),
        overdue_amount: e.overdue.toFixed(2),
        current_amount: e.ar.minus(e.overdue).toFixed(2),
        customers_open: e.customers,
      })),
    );
  });

  it('the due-date and invoice-date aging of every month equal the independent computation', async () => {
    const got = await rows(
      wh,
      `SELECT period_key, basis, bucket, amount, items FROM mart_aging
       WHERE grain = 'month' AND level = 'company' AND period_key BETWEEN '2012-01' AND '2013-12'
       ORDER BY period_key, basis DESC, bucket_order`,
    );
    const actual = new Map<string, { due: Record<string, string>; age: Record<string, string> }>();
    for (const r of got) {
      const m = actual.get(String(r.period_key)) ?? { due: {}, age: {} };
      m[r.basis as 'due' | 'age'][String(r.bucket)] = `${r.amount}/${r.items}`;
      actual.set(String(r.period_key), m);
    }
    for (const e of expected) {
      expect(actual.get(e.key)?.due, `${e.key} due`).toEqual(e.due);
      expect(actual.get(e.key)?.age, `${e.key} age`).toEqual(e.age);
    }
  });

  it('every receipt is applied to its invoice on its settlement date, nothing left unapplied', async () => {
    const [r] = await rows(
      wh,
      `SELECT count(*)::INTEGER AS n,
              (count(*) FILTER (WHERE rule = 'explicit' AND 'R' || invoice_id = source_id AND applied_date = source_date))::INTEGER AS own,
              (SELECT count(*) FROM fct_unapplied)::INTEGER AS unapplied
       FROM fct_application`,
    );
    expect(r).toEqual({ n: 2466, own: 2466, unapplied: 0 });
  });
});
