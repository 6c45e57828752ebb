/**
 * The month bands computed in SQL: months overdue = ⌊days_overdue / 30⌋, and the ar_total bands
 * (3 months → warning, 4–9 → monthly penalty, > 9 → 呆坏账), each at, just above and just below its edge.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openWarehouse, queryRows } from '../../transforms/db.js';
import { runPolicies } from '../../transforms/policies/index.js';
import { monthsOverdue } from '../../transforms/policies/kinds/common.js';
import { buildMarts, metricsRow, openItem } from '../helpers/marts.js';
import { POLICIES_DIR } from './shipped.js';

describe('months overdue in SQL', () => {
  it('⌊days / 30⌋, 0 when not overdue', async () => {
    const wh = await openWarehouse();
    try {
      const days = [-5, 0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 91, 299, 300, 301];
      const { rows } = await sql<{ m: number }>`SELECT ${monthsOverdue(sql.ref('d'), 30)} AS m FROM (VALUES ${sql.raw(days.map((d) => `(${d})`).join(', '))}) t(d)`.execute(wh.db);
      expect(rows.map((r) => r.m)).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 9, 10, 10]);
    } finally {
      await wh.close();
    }
  });
});

describe('ar_total bands', () => {
  it('warning at 3 months, penalty months 4–9, 呆坏账 past 9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-ar-'));
    copyFileSync(join(POLICIES_DIR, 'ar_total.yaml'), join(dir, 'ar_total.yaml'));
    const asOf = '2025-06-30';
    const due = (days: number) => new Date(Date.parse(asOf) - days * 86_400_000).toISOString().slice(0, 10);
    // one customer per item so each band is visible: days 89 (2 months), 90 and 119 (3: warning),
    // 120 and 299 (4 and 9: penalty), 300 (10: 呆坏账), each open 1000
    const items = [89, 90, 119, 120, 299, 300].map((d) =>
      openItem({ as_of: asOf, invoice_id: `I${d}`, customer_id: `C${d}`, person_id: 'R1', team_id: 'T1', due_date: due(d), open_amount: 1000 }),
    );
    const wh = await openWarehouse();
    try {
      await buildMarts(wh.conn, {
        teams: [{ team_id: 'T1', team_name: '销售一部', manager_id: null, director_id: null, person_count: 1 }],
        persons: [{ person_id: 'R1', person_name: '张三', team_id: 'T1', team_name: '销售一部', role: '业务员', monthly_salary: 10000 }],
        metrics: [metricsRow({ period_key: '2025-06', level: 'person', unit_id: 'R1', sales: 10000, ar_balance: 6000 })],
        invoices: items.map((i) => ({ invoice_id: i.invoice_id, customer_id: i.customer_id, person_id: 'R1', team_id: 'T1', invoice_date: i.due_date, due_date: i.due_date, amount: 1000, cost_amount: 700, is_credit_note: false })),
        openItems: items,
      });
      await runPolicies(wh, dir);
      const rows = await queryRows<{ item: string; amount: string | null; note: string }>(
        wh.conn,
        `SELECT item, CAST(amount AS VARCHAR) AS amount, note FROM mart_scores WHERE unit_id = 'R1' AND period_key = '2025-06' AND level = 'person' ORDER BY item_order`,
      );
      const by = (name: string) => rows.filter((r) => r.item === name);
      // warning: days 90 and 119
      expect(by('不良应收警告')[0].note).toContain('2笔');
      // penalty: customers of days 120 and 299 → arrears 2000 × 0.2% = 4
      expect(by('不良应收处罚')[0].amount).toBe('-4.00');
      expect(by('不良应收处罚')[0].note).toContain('2家客户');
      // 呆坏账: only the 300-day item: cost 700 × 30% = 210
      expect(by('呆坏账处罚').map((r) => r.amount)).toEqual(['-210.00']);
      // it leaves the AR test: (6000 − 1000) / (2 × 10000) = 25% → ≤ 70% → 10000 × 0.16% = 16
      expect(by('应收总额考核')[0].amount).toBe('16.00');
    } finally {
      await wh.close();
    }
  });
});
