/**
 * Closing a month (issue 19), worked by hand on a tiny export:
 *
 * S1 (业务员, T1, manager M1) owns C1. I1 ¥100,000.00 on 2025-10-05 (due 2025-11-04), I2 ¥50,000.00 on
 * 2025-11-10; R1 ¥60,000.00 on 2025-11-15 against I1; S1's collection target for 2025-11 is ¥50,000.00.
 * 回款提成 (commission.yaml: gate 100 %, 3 %): 60,000 / 50,000 = 120 % ≥ 100 % → 提成(现汇回款)
 * 60,000.00 × 3 % = ¥1,800.00. I1's open 40,000.00 is 26 days overdue at 2025-11-30: no overdue month.
 *
 * Closed, then a late receipt R2 ¥10,000.00 dated 2025-11-20 against I1 is added to the export:
 * now 70,000.00 × 3 % = ¥2,100.00, an adjustment of +¥300.00 to the frozen ¥1,800.00, caused by R2.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePeriod, CloseRefusedError } from '../../transforms/closing/close.js';
import { exportPayroll, PayrollRefusedError, PAYROLL_HEADERS, baseAndRate, checkPayrollOut } from '../../transforms/closing/payroll.js';
import { ClosedStoreError, sha256File, verifyStore } from '../../transforms/closing/store.js';
import { openWarehouse, queryRows } from '../../transforms/db.js';
import { Decimal, toDecimal } from '../../transforms/money.js';
import { buildWarehouse } from '../../transforms/pipeline.js';

const ROOT = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'close-test-'));
const from = path.join(work, 'export');
const out = path.join(work, 'warehouse.duckdb');
const store = path.join(work, 'closed');
const T0 = new Date('2025-12-03T09:00:00Z');

const FILES: Record<string, string> = {
  'people.csv': `person_id,person_name,team_id,team_name,role,manager_id,monthly_salary,region
D1,赵总监,T0,销售中心,销售总监,,30000.00,全国
M1,钱经理,T1,华东一组,销售经理,D1,15000.00,华东
S1,孙一,T1,华东一组,业务员,M1,8000.00,华东
`,
  'customers.csv': `customer_id,customer_name,credit_limit,credit_days,customer_type,region,owner_id
C1,上海甲公司,500000.00,30,优质,华东,S1
`,
  'invoices.csv': `invoice_id,customer_id,invoice_date,amount,due_date,person_id,cost_amount,contract_id
I1,C1,2025-10-05,100000.00,2025-11-04,S1,70000.00,K1
I2,C1,2025-11-10,50000.00,,S1,35000.00,K1
`,
  'receipts.csv': `receipt_id,customer_id,receipt_date,amount,invoice_id,method
R1,C1,2025-11-15,60000.00,I1,电汇
`,
  'targets.csv': `period,person_id,team_id,collection_target,sales_target
2025-11,S1,,50000.00,
`,
};

async function rows<T = Record<string, unknown>>(sql: string, file = out): Promise<T[]> {
  const w = await openWarehouse(file, { access_mode: 'READ_ONLY' });
  try {
    return await queryRows<T>(w.conn, sql);
  } finally {
    await w.close();
  }
}

const money = (v: unknown) => (v === null || v === undefined ? null : toDecimal(v)!.toFixed(2));

/** The person-level pay items of 2025-11 in the warehouse: what the payroll file must hold. */
async function payItems(file = out): Promise<Array<{ unit_id: string; policy: string; item: string; amount: string }>> {
  const r = await rows<Record<string, unknown>>(
    `SELECT unit_id, policy, item, CAST(amount AS VARCHAR) AS amount FROM mart_scores
     WHERE period_key = '2025-11' AND level = 'person' AND amount IS NOT NULL ORDER BY unit_id, policy, item_order`,
    file,
  );
  return r.map((x) => ({ unit_id: String(x.unit_id), policy: String(x.policy), item: String(x.item), amount: money(x.amount)! }));
}

async function readPayroll(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('工资明细')!;
  const all: unknown[][] = [];
  sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  return { wb, header: all[0], body: all.slice(1, -1), total: all[all.length - 1] };
}

function runCli(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'transforms/cli', script), ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  fs.mkdirSync(from, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(from, name), text);
  await buildWarehouse({ from, out, closedDir: store });
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('close, late receipt, adjustments, payroll, reopen, tampering (in order)', () => {
  let leagueSha = '';

  it('before any close: the closed tables exist and are empty; the payroll of an open period is refused', async () => {
    expect(await rows(`SELECT count(*) AS n FROM closed_adjustments`)).toEqual([{ n: 0n }]);
    const fp = await rows<{ file: string }>(`SELECT file FROM load_fingerprint ORDER BY file`);
    expect(fp.map((r) => r.file)).toEqual(['customers.csv', 'invoices.csv', 'people.csv', 'receipts.csv', 'targets.csv']);
    await expect(exportPayroll({ period: '2025-11', store, out: path.join(work, 'p.xlsx'), warehouse: out })).rejects.toThrow(PayrollRefusedError);
    expect(fs.existsSync(path.join(work, 'p.xlsx'))).toBe(false);
  });

  it('closes 2025-11: the frozen commission is ¥1,800.00; the manifest records who, when, the export and every file', async () => {
    const m = await closePeriod({ warehouse: out, period: '2025-11', store, by: '财务张三', now: T0 });
    expect(m).toMatchObject({ period_key: '2025-11', grain: 'month', version: 1, closed_by: '财务张三', closed_at: '2025-12-03T09:00:00.000Z', reason: null });
    expect(m.export_fingerprint!.files.map((f) => f.file)).toContain('receipts.csv');
    expect(m.export_fingerprint!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const dir = path.join(store, '2025-11', 'v1');
    for (const [name, entry] of Object.entries(m.files)) expect(sha256File(path.join(dir, name))).toBe(entry.sha256);
    leagueSha = m.files['mart_league.parquet'].sha256;
    const frozen = await rows<{ total_score: number }>(
      `SELECT total_score FROM read_parquet('${dir}/mart_league.parquet') WHERE policy = 'commission' AND level = 'person' AND unit_id = 'S1'`,
    );
    expect(frozen).toEqual([{ total_score: 1800 }]);
    const item = await rows(`SELECT item, CAST(amount AS VARCHAR) AS amount, note FROM read_parquet('${dir}/mart_scores.parquet') WHERE policy = 'commission' AND unit_id = 'S1' AND level = 'person' AND amount IS NOT NULL`);
    expect(item).toEqual([{ item: '提成(现汇回款)', amount: '1800.00', note: '现汇回款 ¥60,000.00 × 3%' }]);
  });

  it('refuses closing twice, out of order, an incomplete period, and a reopen without a reason', async () => {
    await expect(closePeriod({ warehouse: out, period: '2025-11', store })).rejects.toThrow(/已于 2025-12-03T09:00:00.000Z 由 财务张三 结账.*--reopen/);
    await expect(closePeriod({ warehouse: out, period: '2025-10', store })).rejects.toThrow(/2025-11 已结账, 不能再结更早的 2025-10/);
    await expect(closePeriod({ warehouse: out, period: '2025-Q4', store })).rejects.toThrow(CloseRefusedError); // December not in the export
    await expect(closePeriod({ warehouse: out, period: '2025-11', store, reopen: true })).rejects.toThrow(/--reason/);
    await expect(closePeriod({ warehouse: out, period: '2024-01', store })).rejects.toThrow(/不在仓库中/);
    expect(fs.readdirSync(path.join(store, '2025-11'))).toEqual(['v1']);
    const twice = await runCli('close.ts', ['--period', '2025-11', '--warehouse', out, '--closed', store]);
    expect(twice.code, twice.stderr).toBe(1);
    expect(twice.stderr).toContain('✘ close refused: 2025-11 已于');
    const usage = await runCli('close.ts', ['--period', '2025-13', '--warehouse', out, '--closed', store]);
    expect(usage.code, usage.stderr).toBe(2);
    const open = await runCli('export-payroll.ts', ['--period', '2025-10', '--closed', store, '--out', path.join(work, 'open.xlsx')]);
    expect(open.code, open.stderr).toBe(1);
    expect(open.stderr).toContain('2025-10 未结账');
  }, 60_000);

  it('the payroll XLSX equals mart_scores’ pay items of 2025-11 to the cent, with the total row', async () => {
    const file = path.join(work, 'payroll-2025-11.xlsx');
    const r = await exportPayroll({ period: '2025-11', store, out: file, warehouse: out });
    const { header, body, total } = await readPayroll(file);
    expect(header).toEqual(PAYROLL_HEADERS);
    const expected = await payItems();
    expect(expected.length).toBeGreaterThan(0);
    // column 1 person, 5 policy name, 6 item, 9 amount
    const cents = (v: unknown) => new Decimal(String(v)).toFixed(2);
    expect(body.map((b) => ({ unit_id: b[0], item: b[5], amount: cents(b[8]) }))).toEqual(expected.map(({ unit_id, item, amount }) => ({ unit_id, item, amount })));
    const sum = expected.reduce((s, e) => s.plus(e.amount), new Decimal(0));
    expect(total[0]).toBe('合计');
    expect(cents(total[8])).toBe(sum.toFixed(2));
    expect(r.total.toFixed(2)).toBe(sum.toFixed(2));
    const commission = body.find((b) => b[0] === 'S1' && b[5] === '提成(现汇回款)')!;
    expect(commission.slice(0, 9)).toEqual(['S1', '孙一', '华东一组', '业务员', '回款提成', '提成(现汇回款)', 60000, '3%', 1800]);
    expect(String(commission[10])).toContain('《公司销售回款管理制度》');
  });

  it('a receipt dated 2025-11-20 added after the close: the frozen league is unchanged, the adjustment is +¥300.00 and names R2', async () => {
    fs.appendFileSync(path.join(from, 'receipts.csv'), 'R2,C1,2025-11-20,10000.00,I1,电汇\n');
    await buildWarehouse({ from, out, closedDir: store });
    const s1 = (table: string) => rows(`SELECT total_score FROM ${table} WHERE period_key = '2025-11' AND policy = 'commission' AND level = 'person' AND unit_id = 'S1'`);
    // the warehouse recomputed 2025-11 and keeps that apart …
    expect(await s1('closed_recomputed_league')).toEqual([{ total_score: 2100 }]);
    // … while the league every page reads is the frozen one, and the closed store did not move
    expect(await s1('mart_league')).toEqual([{ total_score: 1800 }]);
    expect(await rows(`SELECT CAST(amount AS VARCHAR) AS a FROM mart_scores WHERE period_key = '2025-11' AND policy = 'commission' AND unit_id = 'S1' AND level = 'person' AND item = '提成(现汇回款)'`)).toEqual([{ a: '1800.00' }]);
    expect(sha256File(path.join(store, '2025-11', 'v1', 'mart_league.parquet'))).toBe(leagueSha);
    // an open month is recomputed as before: December does not exist, October has no commission change
    expect(await rows(`SELECT count(*) AS n FROM closed_recomputed_league WHERE period_key <> '2025-11'`)).toEqual([{ n: 0n }]);
    const adj = await rows<Record<string, unknown>>(
      `SELECT unit_id, item, is_total, CAST(frozen_amount AS VARCHAR) AS f, CAST(now_amount AS VARCHAR) AS n, CAST(amount_difference AS VARCHAR) AS d
       FROM closed_adjustments WHERE period_key = '2025-11' AND policy = 'commission' AND level = 'person' ORDER BY is_total, item`,
    );
    expect(adj).toEqual([
      { unit_id: 'S1', item: '提成(现汇回款)', is_total: false, f: '1800.00', n: '2100.00', d: '300.00' },
      { unit_id: 'S1', item: '合计', is_total: true, f: '1800.00', n: '2100.00', d: '300.00' },
    ]);
    const docs = await rows(`SELECT doc_type, doc_id, CAST(doc_date AS VARCHAR) AS doc_date, CAST(now_amount AS VARCHAR) AS amount, change FROM closed_adjustment_documents`);
    expect(docs).toEqual([{ doc_type: 'receipt', doc_id: 'R2', doc_date: '2025-11-20', amount: '10000.00', change: '结账后新增 added after the close' }]);
    expect(await rows(`SELECT period_key, version, closed_by, reason FROM closed_periods`)).toEqual([{ period_key: '2025-11', version: 1, closed_by: '财务张三', reason: null }]);
  }, 120_000);

  it('the payroll still pays the frozen ¥1,800.00 and lists the adjustment and R2 on their sheets', async () => {
    const file = path.join(work, 'payroll-2025-11.xlsx');
    await exportPayroll({ period: '2025-11', store, out: file, warehouse: out });
    const { wb, body } = await readPayroll(file);
    expect(body.find((b) => b[0] === 'S1' && b[5] === '提成(现汇回款)')![8]).toBe(1800);
    const adj: unknown[][] = [];
    wb.getWorksheet('结账后调整')!.eachRow((row) => adj.push((row.values as unknown[]).slice(1)));
    expect(adj).toContainEqual(['2025-11', 'commission', '个人', 'S1', '孙一', '提成(现汇回款)', 1800, 2100, 300]);
    const docs: unknown[][] = [];
    wb.getWorksheet('调整单据')!.eachRow((row) => docs.push((row.values as unknown[]).slice(1)));
    expect(docs[1]).toEqual(['2025-11', '收款', 'R2', '2025-11-20', 'C1', 'S1', undefined, 10000, '结账后新增 added after the close']);
  });

  it('reopen with a reason: v2 freezes ¥2,100.00 with the reason, v1 is kept byte for byte', async () => {
    const v1 = Object.fromEntries(fs.readdirSync(path.join(store, '2025-11', 'v1')).map((f) => [f, sha256File(path.join(store, '2025-11', 'v1', f))]));
    const m = await closePeriod({ warehouse: out, period: '2025-11', store, by: '财务张三', reopen: true, reason: '客户补录11月20日回款', now: new Date('2025-12-05T08:00:00Z') });
    expect(m).toMatchObject({ version: 2, supersedes: 1, reason: '客户补录11月20日回款' });
    expect(Object.fromEntries(fs.readdirSync(path.join(store, '2025-11', 'v1')).map((f) => [f, sha256File(path.join(store, '2025-11', 'v1', f))]))).toEqual(v1);
    const state = verifyStore(store);
    expect(state.versions.map((v) => v.manifest.version)).toEqual([1, 2]);
    await buildWarehouse({ from, out, closedDir: store });
    expect(await rows(`SELECT version, reason, versions FROM closed_periods`)).toEqual([{ version: 2, reason: '客户补录11月20日回款', versions: 2 }]);
    expect(await rows(`SELECT count(*) AS n FROM closed_adjustments`)).toEqual([{ n: 0n }]);
    expect(await rows(`SELECT total_score FROM mart_league WHERE period_key = '2025-11' AND policy = 'commission' AND level = 'person' AND unit_id = 'S1'`)).toEqual([{ total_score: 2100 }]);
    expect(await payItems()).toContainEqual({ unit_id: 'S1', policy: 'commission', item: '提成(现汇回款)', amount: '2100.00' });
    const file = path.join(work, 'payroll-v2.xlsx');
    await exportPayroll({ period: '2025-11', store, out: file, warehouse: out });
    const { body, wb } = await readPayroll(file);
    expect(body.find((b) => b[0] === 'S1' && b[5] === '提成(现汇回款)')![8]).toBe(2100);
    const info: unknown[][] = [];
    wb.getWorksheet('结账信息')!.eachRow((row) => info.push((row.values as unknown[]).slice(1)));
    expect(info.slice(1).map((r) => [r[0], r[3]])).toEqual([['v1', undefined], ['v2', '客户补录11月20日回款']]);
  }, 120_000);

  it('one byte changed in a closed file stops the payroll export, the transform (exit 3) and a close, naming the file', async () => {
    const file = path.join(store, '2025-11', 'v1', 'mart_league.parquet');
    const bytes = fs.readFileSync(file);
    bytes[100] ^= 0x01;
    fs.writeFileSync(file, bytes);
    const named = new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    await expect(exportPayroll({ period: '2025-11', store, out: path.join(work, 'x.xlsx') })).rejects.toThrow(named);
    await expect(buildWarehouse({ from, out, closedDir: store })).rejects.toThrow(ClosedStoreError);
    await expect(closePeriod({ warehouse: out, period: '2025-11', store, reopen: true, reason: 'x' })).rejects.toThrow(named);
    const t = await runCli('transform.ts', ['--from', from, '--out', out, '--closed', store]);
    expect(t.code, t.stderr).toBe(3);
    expect(t.stderr).toContain(file);
    const p = await runCli('export-payroll.ts', ['--period', '2025-11', '--closed', store, '--out', path.join(work, 'y.xlsx')]);
    expect(p.code, p.stderr).toBe(3);
    expect(p.stderr).toMatch(/结账文件被改动或损坏.*mart_league\.parquet/);
    expect(fs.existsSync(path.join(work, 'y.xlsx'))).toBe(false);
  }, 120_000);

  it('an edited manifest is caught through the ledger', () => {
    const manifest = path.join(store, '2025-11', 'v2', 'manifest.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('财务张三', '别人'));
    expect(() => verifyStore(store)).toThrow(/v1.*mart_league|v2.*manifest\.json/);
  });
});

describe('payroll helpers', () => {
  it('reads the base and the rate from the rule’s note', () => {
    expect(baseAndRate('承兑回款 ¥20000.00 × 50% × 3%')).toMatchObject({ rate: '50% × 3%', percents: ['50', '3'] });
    expect(baseAndRate('承兑回款 ¥20000.00 × 50% × 3%').base!.toFixed(2)).toBe('20000.00');
    expect(baseAndRate('扣薪退还')).toEqual({ base: null, rate: null, percents: [] });
    expect(baseAndRate('下属 P0003、P0004 的净处罚 × 20%')).toEqual({ base: null, rate: '20%', percents: ['20'] });
    expect(baseAndRate('最长逾期2个月: 月工资 ¥14700.00 × 30%, 收回后按比例退还')).toMatchObject({ rate: '30%' });
  });
  it('never writes into the default site', () => {
    expect(() => checkPayrollOut('build/payroll.xlsx')).toThrow(PayrollRefusedError);
    expect(() => checkPayrollOut('build')).toThrow(PayrollRefusedError);
    expect(() => checkPayrollOut('build-management/payroll.xlsx')).not.toThrow();
  });
});
