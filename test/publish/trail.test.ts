/**
 * customer_trail on the hand-made export of test/model/hand-export.ts (latest month end Apr 30, 2025), worked
 * out by hand for customer C1:
 *   I01 1000 (Jan 5) and I02 500 (Jan 20) are paid by Feb 20 (R01 300 names I02; R02 1200 FIFO: I01 1000, I02 200):
 *     closed, so not in the invoice section.
 *   I03 800 (Feb 10, due Mar 12): R03 500 FIFO on Mar 15 → 300; W02 100 FIFO (oldest due open) on Apr 30 → 200.
 *     Month ends: Feb 28 800 (first), Mar 31 300, Apr 30 200.
 *   I04 600 (Mar 31): nothing applied; month ends Mar 31 600 (first), Apr 30 600 (unchanged: not repeated).
 *   Receipts of the 6 months up to Apr 30: R01 (Jan 25) → I02 300; R02 (Feb 20) → I01 1000, I02 200; R03 (Mar 15)
 *   → I03 500; none leaves anything unapplied. C2's R05 1500 (Apr 20) pays I06 400 and I08 700 and leaves 400.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { readPublishFiles } from '../../transforms/publish/index.js';
import { HAND_EXPORT } from '../model/hand-export.js';
import { modelWarehouse, rows } from '../model/model-helpers.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await modelWarehouse(HAND_EXPORT);
  const file = readPublishFiles().find((f) => f.name === 'customer_trail')!;
  await wh.conn.run(readFileSync(file.path, 'utf8'));
});
afterAll(async () => {
  await wh?.close();
});

/** One line per row: doc, event, date, counterpart, rule, amount, open amount. */
async function trail(customer: string, section: string): Promise<string[]> {
  const got = await rows(
    wh,
    `SELECT doc_id, event, strftime(event_date, '%Y-%m-%d') AS d, counterpart_id, rule, amount, open_amount
     FROM customer_trail WHERE customer_id = '${customer}' AND section = '${section}'`,
  );
  return got.map((r) => [r.doc_id, r.event, r.d, r.counterpart_id ?? '', r.rule ?? '', r.amount ?? '', r.open_amount ?? ''].join(' ').trim());
}

describe('customer_trail', () => {
  it("C1's open invoices at Apr 30: each with its invoice, applications, write-offs and changed month-end open amounts", async () => {
    expect(await trail('C1', 'invoice')).toEqual([
      // newest document first
      'I04 开票 2025-03-31   600.00',
      'I04 月末未收 2025-03-31    600.00',
      'I03 开票 2025-02-10   800.00',
      'I03 月末未收 2025-02-28    800.00',
      'I03 收款核销 2025-03-15 R03 fifo 500.00',
      'I03 月末未收 2025-03-31    300.00',
      'I03 坏账核销 2025-04-30 W02 fifo 100.00',
      'I03 月末未收 2025-04-30    200.00',
    ]);
    const [i03] = await rows(wh, `SELECT DISTINCT doc_amount, doc_open_amount, strftime(due_date, '%Y-%m-%d') AS due FROM customer_trail WHERE doc_id = 'I03'`);
    expect(i03).toEqual({ doc_amount: '800.00', doc_open_amount: '200.00', due: '2025-03-12' });
  });

  it("C1's receipts of the 6 months with the invoices each paid", async () => {
    expect(await trail('C1', 'receipt')).toEqual([
      'R03 收款 2025-03-15  bank_acceptance 500.00',
      'R03 核销 2025-03-15 I03 fifo 500.00',
      'R02 收款 2025-02-20  cash 1200.00',
      'R02 核销 2025-02-20 I01 fifo 1000.00',
      'R02 核销 2025-02-20 I02 fifo 200.00',
      'R01 收款 2025-01-25  cash 300.00',
      'R01 核销 2025-01-25 I02 explicit 300.00',
    ]);
  });

  it('a receipt that leaves money unapplied shows the rest', async () => {
    const r05 = (await trail('C2', 'receipt')).filter((l) => l.startsWith('R05'));
    expect(r05).toEqual(['R05 收款 2025-04-20   1500.00', 'R05 核销 2025-04-20 I06 fifo 400.00', 'R05 核销 2025-04-20 I08 fifo 700.00', 'R05 未核销 2025-04-20   400.00']);
  });

  it('C1 lists all of its documents: nothing left out, nothing owed by unlisted ones', async () => {
    const got = await rows(
      wh,
      `SELECT section, min(section_docs) AS docs, max(section_docs) AS docs_max, count(DISTINCT doc_id) AS listed,
              min(section_rest_amount) AS rest, max(section_rest_amount) AS rest_max
       FROM customer_trail WHERE customer_id = 'C1' GROUP BY section ORDER BY section`,
    );
    expect(got).toEqual([
      { section: 'invoice', docs: 2, docs_max: 2, listed: "2", rest: '0.00', rest_max: '0.00' },
      { section: 'receipt', docs: 3, docs_max: 3, listed: "3", rest: '0.00', rest_max: '0.00' },
    ]);
  });
});

describe('customer_trail bound: 50 documents per customer and section', () => {
  let big: Warehouse;
  beforeAll(async () => {
    // 53 open invoices of one customer at Jun 30, 2025, invoice k due Jan k (k = 1…53: due dates run into Feb), open 100 + k;
    // 55 receipts of 10.00 … 64.00 on distinct days of the 6 months up to Jun 30, none applied
    big = await openWarehouse(':memory:');
    await big.conn.run(`
      CREATE TABLE fct_open_item AS
        SELECT DATE '2025-06-30' AS as_of, 'CB' AS customer_id, printf('B%02d', k) AS invoice_id, DATE '2024-12-01' AS invoice_date,
               DATE '2024-12-31' + CAST(k AS INTEGER) AS due_date, CAST(1000 AS DECIMAL(18,2)) AS amount, CAST(100 + k AS DECIMAL(18,2)) AS open_amount
        FROM range(1, 54) t(k);
      CREATE TABLE fct_application (invoice_id VARCHAR, applied_date DATE, source_type VARCHAR, source_id VARCHAR, rule VARCHAR, amount DECIMAL(18,2));
      CREATE TABLE fct_writeoff (invoice_id VARCHAR, effective_date DATE, writeoff_id VARCHAR, rule VARCHAR, amount DECIMAL(18,2));
      CREATE TABLE fct_receipt AS
        SELECT 'CB' AS customer_id, printf('S%02d', k) AS receipt_id, DATE '2025-01-05' + CAST(3 * k AS INTEGER) AS receipt_date,
               CAST(9 + k AS DECIMAL(18,2)) AS amount, 'cash' AS method
        FROM range(1, 56) t(k);`);
    const file = readPublishFiles().find((f) => f.name === 'customer_trail')!;
    await big.conn.run(readFileSync(file.path, 'utf8'));
  });
  afterAll(async () => {
    await big?.close();
  });

  it('lists the 50 earliest-due open invoices and says the other 3 still owe 151 + 152 + 153 = 456.00', async () => {
    const got = await rows(
      big,
      `SELECT count(DISTINCT doc_id) AS listed, min(doc_id) AS first, max(doc_id) AS last,
              min(section_docs) AS docs, min(section_rest_amount) AS rest, max(section_rest_amount) AS rest_max
       FROM customer_trail WHERE section = 'invoice'`,
    );
    expect(got).toEqual([{ listed: "50", first: 'B01', last: 'B50', docs: 53, rest: "456.00", rest_max: "456.00" }]);
  });

  it('lists the 50 latest receipts and says the 5 earliest (10 + 11 + 12 + 13 + 14 = 60.00) are not listed', async () => {
    const got = await rows(
      big,
      `SELECT count(DISTINCT doc_id) AS listed, min(doc_id) AS first, max(doc_id) AS last,
              min(section_docs) AS docs, min(section_rest_amount) AS rest
       FROM customer_trail WHERE section = 'receipt'`,
    );
    expect(got).toEqual([{ listed: "50", first: 'S06', last: 'S55', docs: 55, rest: '60.00' }]);
  });
});
