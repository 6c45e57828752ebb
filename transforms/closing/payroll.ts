/**
 * The payroll file (`npm run export-payroll`): a closed period's pay, from the closed store only (what was
 * frozen is what is paid), as an XLSX for HR and finance: one row per person and pay item — every
 * person-level mart_scores row of the period with an amount (commission, deduction, refund, reward,
 * compensation), with the policy, the rule (the item), the base amount and the rate where the rule's note
 * states them (`¥base × r%`), the seed clause of the parameter behind that rate, and the amount; a total row;
 * a sheet of the adjustments found since the close (closed_adjustments of the current warehouse); a sheet of
 * the close's record (versions, who, when, why).
 *
 * Management data: never written under the default site's folder (build/).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openWarehouse, queryRows } from '../db.js';
import { sqlString } from '../load/sql.js';
import { Decimal, toDecimal } from '../money.js';
import { SITE_OUTPUT } from '../publish/site-database.js';
import { frozenFile, verifyStore, type ClosedVersion } from './store.js';

/** The period is not closed, or --out is not allowed: exit 1 (nothing written). */
export class PayrollRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayrollRefusedError';
  }
}

export interface PayrollOptions {
  period: string;
  store: string;
  out: string;
  /** the current warehouse, for the adjustments sheet (absent: the sheet says so) */
  warehouse?: string;
}

export interface PayrollLine {
  person_id: string;
  person_name: string | null;
  team_name: string | null;
  role: string | null;
  policy: string;
  policy_name: string | null;
  item: string;
  note: string | null;
  base: Decimal | null;
  rate: string | null;
  clause: string | null;
  amount: Decimal;
}

export const PAYROLL_HEADERS = ['人员编号', '姓名', '团队', '岗位', '考核制度', '考核项目(规则)', '计算基数(元)', '比例', '金额(元)', '计算说明', '条款出处'];

/** `… ¥60,000.00 × 50% × 3% …` → base 60000.00, rate '50% × 3%' (the notes the evaluators write, result.ts yuan(),
 * with thousands separators since the notes were written for a finance reader; without them too). */
export function baseAndRate(note: string | null): { base: Decimal | null; rate: string | null; percents: string[] } {
  if (!note) return { base: null, rate: null, percents: [] };
  // `¥base × r%`; else a rate alone (`净处罚 × 20%`: the base is another person's, named in the note)
  const m = /¥(-?\d[\d,]*(?:\.\d+)?)((?:\s*×\s*\d+(?:\.\d+)?%)+)/.exec(note) ?? /()((?:\s*×\s*\d+(?:\.\d+)?%)+)/.exec(note);
  if (!m) return { base: null, rate: null, percents: [] };
  const percents = [...m[2].matchAll(/(\d+(?:\.\d+)?)%/g)].map((x) => x[1]);
  return { base: m[1] ? new Decimal(m[1].replace(/,/g, '')) : null, rate: percents.map((p) => `${p}%`).join(' × '), percents };
}

/** Refuses an --out inside the default site's folder: the sales site must never hold pay data. */
export function checkPayrollOut(out: string): void {
  const site = path.resolve(SITE_OUTPUT.sales.buildDir);
  const target = path.resolve(out);
  if (target === site || target.startsWith(site + path.sep)) {
    throw new PayrollRefusedError(`--out ${out}: 工资数据不能写入默认网站目录 ${SITE_OUTPUT.sales.buildDir}/ (pay data never goes into the sales site)`);
  }
}

/** The pay lines of a closed version, read from its frozen files. */
export async function payrollLines(v: ClosedVersion): Promise<PayrollLine[]> {
  const w = await openWarehouse();
  try {
    // the frozen files are the warehouse's tables as they were: each as a view of its name, read through the typed Database
    for (const table of ['mart_scores', 'dim_person', 'dim_team', 'policy_catalog', 'policy_parameters'] as const) {
      await w.conn.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet(${sqlString(frozenFile(v, table))})`);
    }
    const rows = await w.db
      .selectFrom('mart_scores as s')
      .leftJoin('dim_person as p', 'p.person_id', 's.unit_id')
      .leftJoin('dim_team as t', 't.team_id', 'p.team_id')
      .leftJoin('policy_catalog as c', 'c.policy', 's.policy')
      .select((eb) => ['s.unit_id as person_id', 'p.person_name', 't.team_name', 'p.role', 's.policy', 'c.name as policy_name', 's.item', 's.note', eb.cast<string>('s.amount', 'varchar').as('amount')])
      .where('s.level', '=', 'person')
      .where('s.amount', 'is not', null)
      .orderBy('s.unit_id')
      .orderBy('c.policy_order')
      .orderBy('s.policy')
      .orderBy('s.item_order')
      .execute();
    const params = await w.db.selectFrom('policy_parameters').select(['policy', 'value', 'unit', 'clause']).orderBy('policy').orderBy('param_order').execute();
    return rows.map((r) => {
      const { base, rate, percents } = baseAndRate(r.note);
      // the clause of each percentage parameter of the policy holding one of the rule's rates (a tier table too)
      const clauses = new Set<string>();
      for (const pct of percents) {
        for (const p of params) if (p.policy === r.policy && p.clause && p.unit?.includes('%') && holdsNumber(p.value, pct)) clauses.add(p.clause);
      }
      return {
        person_id: r.person_id,
        person_name: r.person_name,
        team_name: r.team_name,
        role: r.role,
        policy: r.policy,
        policy_name: r.policy_name,
        item: r.item,
        note: r.note,
        base,
        rate,
        clause: clauses.size ? [...clauses].join('; ') : null,
        amount: toDecimal(r.amount)!,
      };
    });
  } finally {
    await w.close();
  }
}

/** Whether a parameter's value (JSON: a number, or a list or table of them) holds the number `pct`. */
function holdsNumber(json: string, pct: string): boolean {
  const want = new Decimal(pct);
  const walk = (v: unknown): boolean =>
    typeof v === 'number' ? new Decimal(v).eq(want) : Array.isArray(v) ? v.some(walk) : v !== null && typeof v === 'object' ? Object.values(v).some(walk) : false;
  try {
    return walk(JSON.parse(json));
  } catch {
    return false;
  }
}

/** A cell's number from an exact cent amount: the file is where the value becomes a spreadsheet number. */
const cents = (d: Decimal) => Number(d.toFixed(2));
const MONEY_FMT = '#,##0.00';

export async function exportPayroll(o: PayrollOptions): Promise<{ file: string; lines: number; total: Decimal; version: ClosedVersion }> {
  checkPayrollOut(o.out);
  const state = verifyStore(o.store);
  const v = state.current.get(o.period);
  if (!v) throw new PayrollRefusedError(`${o.period} 未结账, 不能导出工资表 (the period is open: npm run close -- --period ${o.period} first)`);
  const lines = await payrollLines(v);
  const m = v.manifest;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'receivables-scorecard';
  const sheet = wb.addWorksheet('工资明细');
  sheet.addRow(PAYROLL_HEADERS).font = { bold: true };
  let total = new Decimal(0);
  for (const l of lines) {
    total = total.plus(l.amount);
    sheet.addRow([l.person_id, l.person_name, l.team_name, l.role, l.policy_name ?? l.policy, l.item, l.base === null ? null : cents(l.base), l.rate, cents(l.amount), l.note, l.clause]);
  }
  const totalRow = sheet.addRow(['合计', null, null, null, null, `${lines.length}项`, null, null, cents(total), `${m.period_key} 第${m.version}版结账 ${m.closed_at}`, null]);
  totalRow.font = { bold: true };
  sheet.getColumn(7).numFmt = MONEY_FMT;
  sheet.getColumn(9).numFmt = MONEY_FMT;
  [10, 10, 12, 10, 16, 26, 14, 12, 14, 50, 60].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const adj = wb.addWorksheet('结账后调整');
  adj.addRow(['期间', '考核制度', '层级', '编号', '名称', '项目', '结账金额(元)', '现金额(元)', '差额(元)', '结账得分', '现得分', '得分差']).font = { bold: true };
  const docs = wb.addWorksheet('调整单据');
  docs.addRow(['期间', '单据类型', '单据号', '日期', '客户', '人员', '结账时金额(元)', '现金额(元)', '变化']).font = { bold: true };
  const note = await addAdjustments(o.warehouse, m.period_key, m.version, adj, docs);
  if (note) adj.addRow([note]);
  for (const s of [adj, docs]) for (const c of [7, 8, 9]) s.getColumn(c).numFmt = MONEY_FMT;

  const info = wb.addWorksheet('结账信息');
  info.addRow(['版本', '结账时间', '结账人', '重开原因', '导出指纹 SHA-256']).font = { bold: true };
  for (const x of state.versions.filter((x) => x.manifest.period_key === o.period)) {
    info.addRow([`v${x.manifest.version}`, x.manifest.closed_at, x.manifest.closed_by, x.manifest.reason, x.manifest.export_fingerprint?.sha256 ?? null]);
  }

  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  const tmp = `${o.out}.tmp-${process.pid}`;
  await wb.xlsx.writeFile(tmp);
  fs.renameSync(tmp, o.out);
  return { file: o.out, lines: lines.length, total, version: v };
}

/** The adjustments of the current warehouse for this close; a sentence instead when there are none to read. */
async function addAdjustments(warehouse: string | undefined, period: string, version: number, adj: ExcelJS.Worksheet, docs: ExcelJS.Worksheet): Promise<string | null> {
  if (!warehouse || !fs.existsSync(warehouse)) return `未找到仓库 ${warehouse ?? ''}: 无法列出结账后调整 (no warehouse to compare with)`;
  const w = await openWarehouse(warehouse, { access_mode: 'READ_ONLY' });
  try {
    const has = await queryRows(w.conn, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'closed_adjustments'`);
    if (!has.length) return '仓库中没有 closed_adjustments: 请重新运行 npm run transform (the warehouse predates closing)';
    const cp = await w.db.selectFrom('closed_periods').select('version').where('period_key', '=', period).executeTakeFirst();
    if (!cp || cp.version !== version) return `仓库的调整不是按第${version}版结账计算的: 请重新运行 npm run transform (the warehouse was built before this close)`;
    // money as exact text (CAST … AS VARCHAR), read through the typed Database: a renamed column fails tsc
    const rows = await w.db
      .selectFrom('closed_adjustments')
      .select((eb) => [
        'period_key', 'policy', 'level', 'unit_id', 'unit_name', 'item', 'frozen_points', 'now_points', 'points_difference',
        eb.cast<string | null>('frozen_amount', 'varchar').as('fa'),
        eb.cast<string | null>('now_amount', 'varchar').as('na'),
        eb.cast<string | null>('amount_difference', 'varchar').as('da'),
      ])
      .where('period_key', '=', period)
      .orderBy('is_total').orderBy('policy').orderBy('level').orderBy('unit_id')
      .execute();
    const money = (x: string | null) => (x === null ? null : cents(toDecimal(x)!));
    for (const r of rows) {
      adj.addRow([r.period_key, r.policy, r.level === 'person' ? '个人' : '团队', r.unit_id, r.unit_name, r.item, money(r.fa), money(r.na), money(r.da), r.frozen_points, r.now_points, r.points_difference]);
    }
    const d = await w.db
      .selectFrom('closed_adjustment_documents')
      .select((eb) => [
        'period_key', 'doc_type', 'doc_id', 'customer_id', 'person_id', 'change',
        eb.cast<string>('doc_date', 'varchar').as('doc_date'),
        eb.cast<string | null>('frozen_amount', 'varchar').as('fa'),
        eb.cast<string | null>('now_amount', 'varchar').as('na'),
      ])
      .where('period_key', '=', period)
      .orderBy('doc_date').orderBy('doc_type').orderBy('doc_id')
      .execute();
    const label: Record<string, string> = { invoice: '发票', receipt: '收款', writeoff: '核销' };
    for (const r of d) docs.addRow([r.period_key, label[r.doc_type] ?? r.doc_type, r.doc_id, r.doc_date, r.customer_id, r.person_id, money(r.fa), money(r.na), r.change]);
    return rows.length ? null : '无调整: 现在的重算与结账数字一致 (no differences since the close)';
  } finally {
    await w.close();
  }
}
