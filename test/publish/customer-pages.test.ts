/**
 * Which customers get a page of their own (customer_latest.has_page, issue 14 item 6): those with a balance at the
 * latest month end or activity in the 12 months up to it, at most 5,000 of them, the largest balances first, then
 * the largest 12-month sales. A hand-made warehouse of 5,006 customers (test/helpers/marts.ts), worked out below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../transforms/db.js';
import { runPublish } from '../../transforms/publish/index.js';
import { buildMarts, metricsRow, type Row } from '../helpers/marts.js';
import { rows } from '../model/model-helpers.js';

const id = (n: number) => `C${String(n).padStart(5, '0')}`;
const month = (unit_id: string, period_key: string, end_date: string, r: Row) => metricsRow({ period_key, level: 'customer', unit_id, end_date, ...r });

// C00001–C04998: balances 5,000.00 … 3.00 at 2025-12, the latest month end (C0000n holds 5,001 − n yuan).
// C05002: a balance of 1.00; C05003: −50.00 (a credit balance, ranked after the positive ones, before none).
// C04999, C05000, C05001: no balance, sales of 900, 800 and 100 in 2025-06; C05006: only collections (60) in 2025-03.
// C05004: sales in 2024-12 only, 13 months before the latest month end: not active. C05005: no metrics at all.
// The active ranked: the 4,998 balances, C05002, C05003, then by sales C04999, C05000, C05001, C05006: the first
// 5,000 are C00001–C04998, C05002 and C05003.
const customers: Row[] = Array.from({ length: 5006 }, (_, i) => ({
  customer_id: id(i + 1), customer_name: `客户${i + 1}`, customer_type: '普通', credit_limit: 0, credit_days: 30, owner_id: null, owner_team_id: null,
}));
const metrics: Row[] = [
  ...Array.from({ length: 4998 }, (_, i) => month(id(i + 1), '2025-12', '2025-12-31', { ar_balance: 5000 - i })),
  month(id(4999), '2025-06', '2025-06-30', { sales: 900 }),
  month(id(5000), '2025-06', '2025-06-30', { sales: 800 }),
  month(id(5001), '2025-06', '2025-06-30', { sales: 100 }),
  month(id(5002), '2025-12', '2025-12-31', { ar_balance: 1 }),
  month(id(5003), '2025-12', '2025-12-31', { ar_balance: -50 }),
  month(id(5004), '2024-12', '2024-12-31', { sales: 700 }),
  month(id(5006), '2025-03', '2025-03-31', { collections: 60 }),
];

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse();
  await buildMarts(wh.conn, { customers, metrics });
  await runPublish(wh.conn);
}, 60_000);
afterAll(() => wh?.close());

describe('customer_latest.has_page: at most 5,000 customer pages', () => {
  it('builds 5,000 pages: every positive balance, then the largest 12-month sales; the rest are listed without a link', async () => {
    const paged = await rows(wh, `SELECT customer_id FROM customer_latest WHERE has_page ORDER BY customer_id`);
    expect(paged).toHaveLength(5000);
    // ranking of the active: 4,998 balances 5,000 … 3, then C05002 (1.00), then C05003 (−50.00), then NULL balances
    // by sales: C04999 (900), C05000 (800), C05001 (100), C05006 (0). The first 5,000: C00001–C04998, C05002, C05003.
    const without = await rows(wh, `SELECT customer_id, link FROM customer_latest WHERE NOT has_page ORDER BY customer_id`);
    expect(without).toEqual(['04999', '05000', '05001', '05004', '05005', '05006'].map((n) => ({ customer_id: `C${n}`, link: null })));
    const links = await rows(wh, `SELECT customer_id, link FROM customer_latest WHERE customer_id IN ('C00001', 'C04998', 'C05002', 'C05003') ORDER BY 1`);
    expect(links).toEqual([
      { customer_id: 'C00001', link: '/customers/C00001/' },
      { customer_id: 'C04998', link: '/customers/C04998/' },
      { customer_id: 'C05002', link: '/customers/C05002/' },
      { customer_id: 'C05003', link: '/customers/C05003/' },
    ]);
  });

  it('the index search lists every customer, with or without a page', async () => {
    const [n] = await rows(wh, `SELECT count(*)::INTEGER AS customers, count(link)::INTEGER AS pages FROM customer_search`);
    expect(n).toEqual({ customers: 5006, pages: 5000 });
  });
});
