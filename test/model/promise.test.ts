/**
 * 付款承诺 (issue 18; docs/metrics.md, Promises): promises of a hand-made collection log judged against the
 * receipts. The data ends 2025-04-30 (the last document), so promises are judged as of that month end.
 *
 *   K1 (owner P1): IA 1,000.00 (Jan 10), IB 500.00 (Jan 15); R1 pays IA 1,000.00 by name on Mar 10.
 *   K2 (owner P1): IC 2,000.00 (Jan 10); R2 1,999.99 on Mar 15 and R3 0.01 on Mar 20, both FIFO onto IC.
 *   K3 (owner P2): ID 300.00 (Feb 1); R4 100.00 on Apr 30 (FIFO onto ID).
 *   K4 (owner P2): IE 800.00 (Jan 10); R5 500.00 on Mar 5, a refund R6 −200.00 on Mar 6, R7 300.00 on Mar 7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../transforms/db.js';
import { modelWarehouse, rows } from './model-helpers.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await modelWarehouse({
    people: ['P1 张三 T1 华东组 role=业务员', 'P2 李四 T2 华南组 role=业务员'],
    customers: ['K1 甲公司 owner=P1', 'K2 乙公司 owner=P1', 'K3 丙公司 owner=P2', 'K4 丁公司 owner=P2'],
    invoices: ['IA K1 2025-01-10 1000.00', 'IB K1 2025-01-15 500.00', 'IC K2 2025-01-10 2000.00', 'ID K3 2025-02-01 300.00', 'IE K4 2025-01-10 800.00'],
    receipts: [
      'R1 K1 2025-03-10 1000.00 invoice=IA',
      'R2 K2 2025-03-15 1999.99',
      'R3 K2 2025-03-20 0.01',
      'R4 K3 2025-04-30 100.00',
      'R5 K4 2025-03-05 500.00',
      'R6 K4 2025-03-06 -200.00',
      'R7 K4 2025-03-07 300.00',
    ],
    collection_log: [
      // line 2: paid on the promise day, by the named invoice's own receipt → kept on Mar 10
      '2025-03-01 K1 P1 电话 invoice=IA promise=2025-03-10 amount=1000.00 result=承诺付款',
      // line 3: the same money one day after the promise day → broken
      '2025-03-01 K1 P1 电话 promise=2025-03-09 amount=1000.00',
      // line 4: one cent short by the day → partly kept, 0.01 short
      '2025-03-01 K2 P1 上门拜访 promise=2025-03-15 amount=2000.00',
      // line 5: the cent arrives by a later promise day → kept on Mar 20
      '2025-03-01 K2 P1 上门拜访 promise=2025-03-20 amount=2000.00',
      // line 6: a receipt before the contact day does not count (R2 on Mar 15): only R3's 0.01 → partly kept
      '2025-03-16 K2 P1 电话 promise=2025-03-31 amount=2000.00',
      // line 7: the named invoice IB got nothing → broken
      '2025-03-11 K1 P1 电话 invoice=IB promise=2025-03-31 amount=500.00',
      // line 8: promise day after the last month end: 100.00 paid so far → open
      '2025-04-20 K3 P2 电话 promise=2025-05-10 amount=300.00',
      // line 9: promise day = the month end: judged at its end → partly kept
      '2025-04-20 K3 P2 电话 promise=2025-04-30 amount=300.00',
      // line 10: no promise: a contact only
      '2025-04-21 K3 P2 微信 result=未接通',
      // line 11: a receipt on the contact day counts, a refund pays nothing back: 500 + 300 → kept on Mar 7
      '2025-03-05 K4 P2 电话 promise=2025-03-07 amount=800.00',
    ],
  });
});
afterAll(async () => {
  await wh?.close();
});

const promises = () =>
  rows(
    wh,
    `SELECT c.source_line AS line, p.status, p.status_name, p.paid_amount::VARCHAR AS paid, p.shortfall::VARCHAR AS shortfall,
            strftime(p.status_date, '%Y-%m-%d') AS status_date, strftime(p.as_of, '%Y-%m-%d') AS as_of
     FROM fct_promise p JOIN fct_collection_contact c USING (contact_id) ORDER BY c.source_line`,
  );

describe('fct_promise', () => {
  it('kept, partly kept, broken and open, by hand', async () => {
    expect(await promises()).toEqual([
      { line: 2, status: 'kept', status_name: '已兑现', paid: '1000.00', shortfall: '0.00', status_date: '2025-03-10', as_of: '2025-04-30' },
      { line: 3, status: 'broken', status_name: '未兑现', paid: '0.00', shortfall: '1000.00', status_date: '2025-03-09', as_of: '2025-04-30' },
      { line: 4, status: 'partly_kept', status_name: '部分兑现', paid: '1999.99', shortfall: '0.01', status_date: '2025-03-15', as_of: '2025-04-30' },
      { line: 5, status: 'kept', status_name: '已兑现', paid: '2000.00', shortfall: '0.00', status_date: '2025-03-20', as_of: '2025-04-30' },
      { line: 6, status: 'partly_kept', status_name: '部分兑现', paid: '0.01', shortfall: '1999.99', status_date: '2025-03-31', as_of: '2025-04-30' },
      { line: 7, status: 'broken', status_name: '未兑现', paid: '0.00', shortfall: '500.00', status_date: '2025-03-31', as_of: '2025-04-30' },
      { line: 8, status: 'open', status_name: '未到期', paid: '100.00', shortfall: '200.00', status_date: null, as_of: '2025-04-30' },
      { line: 9, status: 'partly_kept', status_name: '部分兑现', paid: '100.00', shortfall: '200.00', status_date: '2025-04-30', as_of: '2025-04-30' },
      { line: 11, status: 'kept', status_name: '已兑现', paid: '800.00', shortfall: '0.00', status_date: '2025-03-07', as_of: '2025-04-30' },
    ]);
  });
});

describe('fct_collection_contact', () => {
  it('every contact, numbered by date, customer and line; a promise only where one was made', async () => {
    const got = await rows(
      wh,
      `SELECT contact_id, strftime(contact_date, '%Y-%m-%d') AS day, customer_id, person_id, team_id, action, has_promise, source_line AS line
       FROM fct_collection_contact ORDER BY contact_id`,
    );
    expect(got.map((r) => `${r.contact_id} ${r.day} ${r.customer_id} ${r.team_id} ${r.has_promise} ${r.line}`)).toEqual([
      'CL000001 2025-03-01 K1 T1 true 2',
      'CL000002 2025-03-01 K1 T1 true 3',
      'CL000003 2025-03-01 K2 T1 true 4',
      'CL000004 2025-03-01 K2 T1 true 5',
      'CL000005 2025-03-05 K4 T2 true 11',
      'CL000006 2025-03-11 K1 T1 true 7',
      'CL000007 2025-03-16 K2 T1 true 6',
      'CL000008 2025-04-20 K3 T2 true 8',
      'CL000009 2025-04-20 K3 T2 true 9',
      'CL000010 2025-04-21 K3 T2 false 10',
    ]);
  });
});
