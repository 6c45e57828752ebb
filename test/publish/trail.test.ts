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
import type { Warehouse } from '../../transforms/db.js';
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
});
