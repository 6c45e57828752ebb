/**
 * 逾期考核 (docs/policies.md; seed 001 「应收账款管理办法(回款管控与考核)」, seed 002 公司销售回款管理制度):
 * - points per overdue item at month end by months overdue (⌊days_overdue / 30⌋), from a base, 扣完为止;
 * - 3+ months: the commission on that business is withheld (flag here; the money in policy `commission`);
 * - salary deduction of the responsible rep by the worst months overdue, refunded in proportion to what is
 *   later collected of the items that caused it;
 * - bad-debt compensation of a written-off balance split rep / manager / director / company.
 * Per-item data are aggregated per person (and team) and month in SQL first.
 */
import { sql } from 'kysely';
import { Decimal } from '../../money.js';
import { checkOrder, type Fail } from '../config.js';
import { compositeKey, keyParts, type Context } from '../context.js';
import type { ScoreItem } from '../result.js';
import { flagItem, floorAtZero, missingItem, moneyItem, pointsItem, yuan } from '../result.js';
import { forEachUnit, forPersonAndTeam, isDeferred, monthsOverdue, openItems, Params, PERSONS_AND_TEAMS_BY_MONTH, receiptApplications, rowsOf, SHARED_PARAMS, type Kind } from './common.js';

export const BAD_DEBT_ROLES = ['业务员', '销售经理', '销售总监', '公司'] as const;

export interface OverdueParams {
  daysPerMonth: number;
  basePoints: Decimal;
  /** points per item: [0] for 1 month, [1] for 2 months …, the last for that many months and more */
  pointsPerItem: Decimal[];
  floorAtZero: boolean;
  withholdMonths: number;
  /** percent of monthly salary by the worst months overdue, same indexing as pointsPerItem */
  salaryPct: Decimal[];
  refundOnCollection: boolean;
  badDebtShares: Record<string, Decimal>;
  exemptDeferred: boolean;
  /** a team's deductions are divided by its head count (per-person average) */
  teamPerPerson: boolean;
}

export interface Bucket {
  months: number;
  count: number;
  open: Decimal;
}

export function readOverdueParams(values: Record<string, unknown>): OverdueParams {
  const p = new Params(values);
  return {
    daysPerMonth: p.int('days_per_month'),
    basePoints: p.dec('base_points'),
    pointsPerItem: p.decList('points_per_item'),
    floorAtZero: p.bool('floor_at_zero'),
    withholdMonths: p.int('withhold_commission_months'),
    salaryPct: p.decList('salary_deduction_pct'),
    refundOnCollection: p.bool('refund_on_collection'),
    badDebtShares: p.decMap('bad_debt_shares'),
    exemptDeferred: p.bool('exempt_deferred'),
    teamPerPerson: p.bool('team_points_per_person'),
  };
}

const byMonths = <T>(list: T[], months: number): T => list[Math.min(months, list.length) - 1];

/**
 * The deduction items for a unit's overdue items at a month end (buckets with months ≥ 1); `headcount`
 * divides a team's deductions when the policy scores teams per person.
 */
export function overduePointItems(p: OverdueParams, buckets: Bucket[], headcount = 1): ScoreItem[] {
  const items: ScoreItem[] = [pointsItem('基础分', p.basePoints, p.basePoints)];
  const top = p.pointsPerItem.length;
  // merge months beyond the last listed entry into one row "N个月及以上"
  const merged = new Map<number, Bucket>();
  for (const b of buckets) {
    const m = Math.min(b.months, top);
    const cur = merged.get(m);
    merged.set(m, cur ? { months: m, count: cur.count + b.count, open: cur.open.plus(b.open) } : { ...b, months: m });
  }
  for (const b of [...merged.values()].sort((a, c) => a.months - c.months)) {
    const per = byMonths(p.pointsPerItem, b.months);
    const label = b.months === top && top > 1 ? `逾期${b.months}个月及以上` : `逾期${b.months}个月`;
    const perHead = headcount > 1 ? ` ÷ ${headcount}人` : '';
    items.push(pointsItem(label, per.times(b.count).div(headcount).neg(), 0, `${b.count}笔 × ${per}分${perHead}, 未回 ${yuan(b.open)}`));
  }
  const withheld = buckets.filter((b) => b.months >= p.withholdMonths);
  if (withheld.length > 0) {
    const n = withheld.reduce((s, b) => s + b.count, 0);
    const open = withheld.reduce((s, b) => s.plus(b.open), new Decimal(0));
    items.push(flagItem(`停发提成(逾期${p.withholdMonths}个月以上)`, `${n}笔, 未回 ${yuan(open)}: 关联业务取消提成,已发放的从次月扣除(金额见政策 commission)`));
  }
  return p.floorAtZero ? floorAtZero(items) : items;
}

/** Percent of salary deducted for the worst months overdue (null when nothing is a month overdue). */
export function salaryDeductionPct(p: OverdueParams, worstMonths: number): Decimal | null {
  return worstMonths >= 1 ? byMonths(p.salaryPct, worstMonths) : null;
}

/** Refund of a deduction D in proportion to what is collected of the open amount O that caused it. */
export function proportionalRefund(deduction: Decimal, openAtDeduction: Decimal, collected: Decimal): Decimal {
  if (openAtDeduction.lte(0) || collected.lte(0)) return new Decimal(0);
  return deduction.times(Decimal.min(collected, openAtDeduction)).div(openAtDeduction);
}

/** A role's share of a written-off balance, as money the person pays (negative). */
export function badDebtCompensation(shares: Record<string, Decimal>, role: string, writtenOff: Decimal): Decimal {
  return writtenOff.times(shares[role] ?? 0).div(100).neg();
}

function check(values: Record<string, unknown>, fail: Fail): void {
  checkOrder(values.points_per_item as number[], 'ascending', (i) => `points_per_item.value[${i}]`, fail, false);
  checkOrder(values.salary_deduction_pct as number[], 'ascending', (i) => `salary_deduction_pct.value[${i}]`, fail, false);
  (values.salary_deduction_pct as number[]).forEach((v, i) => {
    if (v < 0 || v > 100) fail(`salary_deduction_pct.value[${i}]`, `must be within 0–100, got ${v}`);
  });
  const shares = values.bad_debt_shares as Record<string, number>;
  const sum = Object.values(shares).reduce((s, v) => s.plus(String(v)), new Decimal(0));
  if (!sum.eq(100)) fail('bad_debt_shares.value', `shares must add up to 100, got ${sum}`);
}

interface PersonMoney {
  /** period → items */
  items: Map<string, ScoreItem[]>;
}

/** Salary deductions, refunds and bad-debt compensation per person and month. */
async function personMoney(p: OverdueParams, ctx: Context, worst: Map<string, number>): Promise<Map<string, PersonMoney>> {
  const out = new Map<string, PersonMoney>();
  const push = (personId: string, periodKey: string, item: ScoreItem) => {
    let pm = out.get(personId);
    if (!pm) out.set(personId, (pm = { items: new Map() }));
    const list = pm.items.get(periodKey) ?? [];
    list.push(item);
    pm.items.set(periodKey, list);
  };
  // deductions D_m (unrounded, so refunds are exact in proportion)
  const deductions = new Map<string, Decimal>();
  for (const [key, m] of worst) {
    const [level, personId, periodKey] = keyParts(key);
    if (level !== 'person') continue;
    const person = ctx.persons.get(personId);
    const rate = salaryDeductionPct(p, m)!;
    if (!person || person.salary === null) {
      push(personId, periodKey, missingItem(`逾期扣薪(${rate}%)`, '无月工资(monthly_salary)'));
      continue;
    }
    const d = person.salary.times(rate).div(100);
    deductions.set(compositeKey(personId, periodKey), d);
    push(personId, periodKey, moneyItem(`逾期扣薪(${rate}%)`, d.neg(), `最长逾期${m}个月: 月工资 ${yuan(person.salary)} × ${rate}%, 收回后按比例退还`));
  }
  if (p.refundOnCollection && deductions.size > 0) {
    // the items that triggered a deduction (a person's overdue items at month m), and what receipts later paid of them
    const triggering = openItems(ctx.db)
      .select(['oi.period_key as m_key', 'oi.as_of', 'oi.person_id', 'oi.invoice_id', 'oi.open_amount'])
      .where((eb) => sql<boolean>`${monthsOverdue(eb.ref('oi.days_overdue'), p.daysPerMonth)} >= 1 AND NOT ${isDeferred(eb, p.exemptDeferred)}`)
      .where('oi.person_id', 'is not', null);
    const receipts = receiptApplications(ctx.db).select(['a.invoice_id', 'a.applied_date', 'a.amount']);
    const rows = await rowsOf(
      ctx.db,
      sql<{ person_id: string; m_key: string; n_key: string; c: string; o: string }>`WITH trig AS ${triggering},
       tot AS (SELECT m_key, person_id, sum(open_amount) AS o FROM trig GROUP BY ALL),
       -- per invoice: what triggered (an invoice with instalments may have several overdue lines, or only some of its
       -- open amount overdue) and what receipts paid of it in each later month, counted up to what triggered: money
       -- that went on to pay instalments not yet overdue then refunds nothing
       trig_invoice AS (SELECT m_key, as_of, person_id, invoice_id, sum(open_amount) AS o FROM trig GROUP BY ALL),
       paid AS (
         SELECT t.m_key, t.person_id, t.invoice_id, t.o, strftime(a.applied_date, '%Y-%m') AS n_key, sum(a.amount) AS c
         FROM trig_invoice t JOIN ${receipts} a ON a.invoice_id = t.invoice_id AND a.applied_date > t.as_of
         GROUP BY ALL
       ),
       paid_capped AS (
         SELECT m_key, person_id, n_key,
                least(sum(c) OVER w, o) - least(coalesce(sum(c) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), o) AS c
         FROM paid
         WINDOW w AS (PARTITION BY m_key, person_id, invoice_id ORDER BY n_key)
       ),
       coll AS (SELECT m_key, person_id, n_key, sum(c) AS c FROM paid_capped GROUP BY ALL HAVING sum(c) > 0)
       SELECT coll.person_id, coll.m_key, coll.n_key, CAST(coll.c AS VARCHAR) AS c, CAST(tot.o AS VARCHAR) AS o
       FROM coll JOIN tot USING (m_key, person_id)
       ORDER BY coll.person_id, coll.m_key, coll.n_key`,
    );
    // refund per (person, month n), each deduction refunded at most once in full
    const refunds = new Map<string, { amount: Decimal; months: Set<string> }>();
    const used = new Map<string, Decimal>();
    for (const r of rows) {
      const dKey = compositeKey(r.person_id, r.m_key);
      const d = deductions.get(dKey);
      if (!d) continue;
      const o = new Decimal(r.o);
      const already = used.get(dKey) ?? new Decimal(0);
      const c = Decimal.min(new Decimal(r.c), o.minus(already));
      if (c.lte(0)) continue;
      used.set(dKey, already.plus(c));
      const key = compositeKey(r.person_id, r.n_key);
      const cur = refunds.get(key) ?? { amount: new Decimal(0), months: new Set<string>() };
      cur.amount = cur.amount.plus(proportionalRefund(d, o, c));
      cur.months.add(r.m_key);
      refunds.set(key, cur);
    }
    for (const [key, v] of refunds) {
      const [personId, periodKey] = keyParts(key);
      push(personId, periodKey, moneyItem('扣薪退还', v.amount, `收回逾期款,按收回比例退还 ${[...v.months].sort().join('、')} 的扣薪`));
    }
  }
  // bad-debt compensation: written-off balances by the month of the write-off
  const wo = await ctx.db
    .selectFrom('fct_writeoff')
    .select((eb) => [
      eb.fn<string>('strftime', [eb.ref('writeoff_date'), sql.lit('%Y-%m')]).as('period_key'),
      'person_id',
      'team_id',
      eb.cast<string>(eb.fn.sum('amount'), 'varchar').as('amount'),
    ])
    .groupBy(['period_key', 'person_id', 'team_id'])
    .orderBy('period_key')
    .orderBy('person_id')
    .orderBy('team_id')
    .execute();
  const acc = new Map<string, Decimal>();
  const add = (personId: string | null, periodKey: string, role: string, amount: Decimal) => {
    if (!personId) return;
    const key = compositeKey(personId, periodKey, role);
    acc.set(key, (acc.get(key) ?? new Decimal(0)).plus(amount));
  };
  for (const r of wo) {
    const amount = new Decimal(r.amount);
    const personId = r.person_id;
    const teamId = r.team_id ?? (personId ? (ctx.persons.get(personId)?.teamId ?? null) : null);
    const team = teamId ? ctx.teams.get(teamId) : undefined;
    add(personId, r.period_key, '业务员', amount);
    add(team?.managerId ?? null, r.period_key, '销售经理', amount);
    add(team?.directorId ?? null, r.period_key, '销售总监', amount);
  }
  const short: Record<string, string> = { 业务员: '业务员', 销售经理: '经理', 销售总监: '总监' };
  for (const [key, amount] of [...acc].sort(([a], [b]) => a.localeCompare(b))) {
    const [personId, periodKey, role] = keyParts(key);
    const share = p.badDebtShares[role];
    push(
      personId,
      periodKey,
      moneyItem(`坏账赔偿(${short[role]}${share}%)`, badDebtCompensation(p.badDebtShares, role, amount), `核销坏账 ${yuan(amount)} × ${share}% (公司承担${p.badDebtShares['公司']}%)`),
    );
  }
  return out;
}

/** Σ of the members' money items, item by item (team level). */
export function sumMoneyItems(lists: ScoreItem[][]): ScoreItem[] {
  const by = new Map<string, { amount: Decimal; n: number; missing: number }>();
  for (const list of lists) {
    for (const it of list) {
      const cur = by.get(it.item) ?? { amount: new Decimal(0), n: 0, missing: 0 };
      if (it.amount) cur.amount = cur.amount.plus(it.amount);
      else cur.missing += 1;
      cur.n += 1;
      by.set(it.item, cur);
    }
  }
  return [...by].map(([item, v]) =>
    v.missing === v.n ? missingItem(item, `${v.n}人无月工资`) : moneyItem(item, v.amount, `团队成员合计(${v.n - v.missing}人${v.missing ? `, ${v.missing}人缺数据` : ''})`),
  );
}

export const overdue: Kind = {
  kind: 'overdue',
  ...PERSONS_AND_TEAMS_BY_MONTH,
  scoreBasis: 'points',
  params: {
    days_per_month: SHARED_PARAMS.days_per_month,
    base_points: SHARED_PARAMS.base_points,
    points_per_item: { spec: { type: 'list', of: 'number', minLength: 1 }, doc: 'points deducted per item by months overdue' },
    floor_at_zero: { spec: { type: 'boolean' }, doc: 'deductions stop at 0 (扣完为止)' },
    withhold_commission_months: { spec: { type: 'number', min: 1, integer: true }, doc: 'months overdue from which the commission is withheld' },
    salary_deduction_pct: { spec: { type: 'list', of: 'number', minLength: 1 }, doc: 'percent of monthly salary by months overdue' },
    refund_on_collection: { spec: { type: 'boolean' }, doc: 'refund deductions in proportion to what is collected' },
    bad_debt_shares: { spec: { type: 'map', keys: BAD_DEBT_ROLES }, doc: 'percent of a written-off balance borne by role' },
    exempt_deferred: SHARED_PARAMS.exempt_deferred,
    team_points_per_person: { spec: { type: 'boolean' }, doc: "a team's deductions are divided by its head count" },
  },
  check,
  async evaluate(policy, ctx) {
    const p = readOverdueParams(policy.values);
    const overdueItems = openItems(ctx.db)
      .select((eb) => ['oi.period_key', 'oi.person_id', 'oi.team_id', 'oi.open_amount', monthsOverdue(eb.ref('oi.days_overdue'), p.daysPerMonth).as('m')])
      .where((eb) => sql<boolean>`NOT ${isDeferred(eb, p.exemptDeferred)}`);
    const rows = await rowsOf(
      ctx.db,
      sql<{ level: string; unit_id: string; period_key: string; m: number; n: bigint; open: string }>`WITH oi AS ${overdueItems}
       SELECT level, unit_id, period_key, m, count(*) AS n, CAST(sum(open_amount) AS VARCHAR) AS open
       FROM (${forPersonAndTeam('(SELECT * FROM oi WHERE m >= 1)')}) GROUP BY ALL`,
    );
    const buckets = new Map<string, Bucket[]>();
    const worst = new Map<string, number>();
    for (const r of rows) {
      const key = compositeKey(r.level, r.unit_id, r.period_key);
      const b: Bucket = { months: r.m, count: Number(r.n), open: new Decimal(r.open) };
      buckets.set(key, [...(buckets.get(key) ?? []), b]);
      worst.set(key, Math.max(worst.get(key) ?? 0, b.months));
    }
    const money = await personMoney(p, ctx, worst);
    return forEachUnit(policy, ctx, (unit, period) => {
      // the team's people in the period: those in it at its end
      const members = unit.level === 'team' ? ctx.membersOn(unit.id, period.end).map((m) => m.id) : [];
      const headcount = unit.level === 'team' && p.teamPerPerson ? Math.max(1, members.length) : 1;
      const items = overduePointItems(p, buckets.get(compositeKey(unit.level, unit.id, period.periodKey)) ?? [], headcount);
      if (unit.level === 'person') items.push(...(money.get(unit.id)?.items.get(period.periodKey) ?? []));
      else items.push(...sumMoneyItems(members.map((id) => money.get(id)?.items.get(period.periodKey) ?? [])));
      return { items, grade: null };
    });
  },
};
