/**
 * The hand-made export of test/model/hand.test.ts: 3 customers, 2 people in 2 teams, 22 documents over
 * January–April 2025 (2025 is not a leap year: Jan 31, Feb 28, Mar 31, Apr 30 days; Q1 = 90 days).
 *
 * What each document is there for:
 *   C1 (owner P1): I01, I02 in January; R01 pays 300 of I02 by name (explicit, partial payment);
 *     R02 1200 is spread FIFO over I01 (1000) and I02 (200); I03 is sold by P2 (person override), so the
 *     FIFO receipt R03 is credited to P2 (谁放货谁清收) and R03 is an acceptance note; I04 is dated on a
 *     month end (Mar 31); W02 is a write-off naming no invoice, dated on a month end, reducing I03 FIFO.
 *   C2 (owner P2): I05 dated on a month end (Jan 31); R04 pays I05 and part of I06 FIFO; credit note I07
 *     is applied to I06 like a receipt; R05 pays I06 and I08 and leaves 400 unapplied; refund R06 takes
 *     150 of it back, leaving 250 unapplied cash at Apr 30.
 *   C3 (owner P1): R07 is paid before C3's first invoice I09 (prepayment, applied on I09's date); I09 has an
 *     explicit due date; W01 writes off I09's last 50 by name; R09 pays I10 and leaves 100 unapplied at
 *     Mar 31, consumed by I11 when it arrives on Apr 10.
 */
import type { StagingData } from '../helpers/staging.js';

export const HAND_EXPORT: StagingData = {
  people: ['P1 张三 T1 华东组 role=业务员 salary=8000', 'P2 李四 T2 华南组 role=业务员 salary=9000'],
  customers: ['C1 甲公司 owner=P1 days=30', 'C2 乙公司 owner=P2 days=30', 'C3 丙公司 owner=P1 days=30'],
  invoices: [
    'I01 C1 2025-01-05 1000.00',
    'I02 C1 2025-01-20 500.00',
    'I03 C1 2025-02-10 800.00 person=P2',
    'I04 C1 2025-03-31 600.00',
    'I05 C2 2025-01-31 2000.00',
    'I06 C2 2025-02-15 1200.00',
    'I07 C2 2025-03-10 -300.00',
    'I08 C2 2025-04-05 700.00',
    'I09 C3 2025-01-10 400.00 due=2025-01-25',
    'I10 C3 2025-02-20 900.00',
    'I11 C3 2025-04-10 300.00',
  ],
  receipts: [
    'R01 C1 2025-01-25 300.00 invoice=I02 method=cash',
    'R02 C1 2025-02-20 1200.00 method=cash',
    'R03 C1 2025-03-15 500.00 method=bank_acceptance',
    'R04 C2 2025-03-05 2500.00',
    'R05 C2 2025-04-20 1500.00',
    'R06 C2 2025-04-25 -150.00',
    'R07 C3 2025-01-08 250.00',
    'R08 C3 2025-02-05 100.00',
    'R09 C3 2025-03-28 1000.00',
  ],
  writeoffs: ['W01 C3 2025-03-20 50.00 invoice=I09', 'W02 C1 2025-04-30 100.00'],
  targets: [
    '2025-01 P1 1000 sales=2000',
    '2025-02 P1 1500',
    '2025-03 P1 2000',
    '2025-04 P1 1000',
    '2025-Q1 P1 5000',
    '2025-01 P2 500',
    '2025-02 P2 1000',
    '2025-03 P2 3000',
    '2025-04 P2 1500',
    '2025-Q1 team:T1 6000',
  ],
};
