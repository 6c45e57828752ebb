/**
 * `npm run sample -- --layout kingdee|yonyou`: the plain sample rewritten the way finance staff save the
 * same data from 金蝶 or 用友 list reports, so that the loader's layout tolerance is exercised end to end
 * (test/tools/sample/layout.test.ts: the warehouse from it equals the plain sample's).
 *
 * - kingdee (K/3 Cloud style): XLSX workbooks. 应收数据.xlsx holds two sheets, 应收单 and 收款单 (the loader
 *   picks each by its header); 客户列表.xlsx, 员工列表.xlsx. Every sheet has the list's title and its filter
 *   line above a two-row header whose amount cell is merged over 原币 / 本位币, the customer as
 *   "code name" in one cell (客户 / 付款单位), currency 人民币 at rate 1, and the 合计 row at the end.
 * - yonyou (U8 style): GBK CSV files 应收单据列表.csv, 收款单据列表.csv, 客户档案.csv, 人员档案.csv with a
 *   title line, a filter line and an empty line above a two-row header (金额 over 原币 / 本币), a 小计 row
 *   after each year, and the 总计 row at the end.
 * Targets, write-offs and scorecard inputs are the company's own files: they stay plain CSV.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { splitRecord } from '../../transforms/load/csv-scan.js';

export const LAYOUTS = ['plain', 'kingdee', 'yonyou'] as const;
export type Layout = (typeof LAYOUTS)[number];

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const names = splitRecord(head, ',');
  return lines.map((l) => {
    const cells = splitRecord(l, ',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

/** Σ of an amount column in integer cents (exact), as '1234.50'. */
function total(rows: Row[], column: string): string {
  let cents = 0n;
  for (const r of rows) {
    if (r[column] === '') continue;
    const neg = r[column].startsWith('-');
    const [int, frac = '0'] = r[column].replace('-', '').split('.');
    const c = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
    cents += neg ? -c : c;
  }
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function dateRange(rows: Row[], column: string): string {
  const dates = rows.map((r) => r[column]).filter((d) => d !== '').sort();
  return `${dates[0] ?? ''} 至 ${dates[dates.length - 1] ?? ''}`;
}

/** One list: its title, filter line, header rows (top, sub: '' under a merged cell), data rows and total row. */
interface List {
  title: string;
  filter: string;
  top: string[];
  sub: string[];
  rows: string[][];
  /** the total row (label in the first cell) */
  totalRow: string[];
}

export async function writeLayout(dir: string, layout: Exclude<Layout, 'plain'>): Promise<string[]> {
  const customers = readCsv(path.join(dir, 'customers.csv'));
  const people = readCsv(path.join(dir, 'people.csv'));
  const invoices = readCsv(path.join(dir, 'invoices.csv'));
  const receipts = readCsv(path.join(dir, 'receipts.csv'));
  const nameOf = new Map(customers.map((c) => [c.customer_id, c.customer_name]));
  const written = layout === 'kingdee' ? await kingdee(dir, customers, people, invoices, receipts, nameOf) : yonyou(dir, customers, people, invoices, receipts, nameOf);
  for (const f of ['customers.csv', 'people.csv', 'invoices.csv', 'receipts.csv']) fs.rmSync(path.join(dir, f));
  return written;
}

async function kingdee(dir: string, customers: Row[], people: Row[], invoices: Row[], receipts: Row[], nameOf: Map<string, string>): Promise<string[]> {
  const codeName = (id: string) => `${id} ${nameOf.get(id) ?? ''}`.trim();
  const invoiceList: List = {
    title: '应收单列表',
    filter: `过滤条件：业务日期 ${dateRange(invoices, 'invoice_date')}；单据状态 已审核`,
    top: ['单据编号', '业务日期', '客户', '销售员编码', '币别', '汇率', '价税合计', '', '到期日', '成本', '合同号', '特批延期至'],
    sub: ['', '', '', '', '', '', '原币', '本位币', '', '', '', ''],
    rows: invoices.map((r) => [r.invoice_id, r.invoice_date, codeName(r.customer_id), r.person_id, '人民币', '1', r.amount, r.amount, r.due_date, r.cost_amount, r.contract_id, r.deferred_until]),
    totalRow: ['合计', '', '', '', '', '', total(invoices, 'amount'), total(invoices, 'amount'), '', '', '', ''],
  };
  const receiptList: List = {
    title: '收款单列表',
    filter: `过滤条件：业务日期 ${dateRange(receipts, 'receipt_date')}`,
    top: ['单据编号', '业务日期', '付款单位', '结算方式', '币别', '汇率', '实收金额', '', '源单编号'],
    sub: ['', '', '', '', '', '', '原币', '本位币', ''],
    rows: receipts.map((r) => [r.receipt_id, r.receipt_date, codeName(r.customer_id), r.method, '人民币', '1', r.amount, r.amount, r.invoice_id]),
    totalRow: ['合计', '', '', '', '', '', total(receipts, 'amount'), total(receipts, 'amount'), ''],
  };
  const customerList: List = {
    title: '客户列表',
    filter: '过滤条件：禁用状态 否',
    top: ['编码', '名称', '信用额度', '信用期', '客户类别', '区域', '销售员'],
    sub: [],
    rows: customers.map((r) => [r.customer_id, r.customer_name, r.credit_limit, r.credit_days, r.customer_type, r.region, r.owner_id]),
    totalRow: [],
  };
  const peopleList: List = {
    title: '员工列表',
    filter: '过滤条件：任职状态 全部',
    top: ['员工编号', '员工姓名', '部门编码', '部门', '任岗', '上级', '月工资', '区域', '离职日期'],
    sub: [],
    rows: people.map((r) => [r.person_id, r.person_name, r.team_id, r.team_name, r.role, r.manager_id, r.monthly_salary, r.region, r.left_on]),
    totalRow: [],
  };
  const money = new Set(['价税合计', '实收金额', '信用额度', '成本', '月工资']);
  const dates = new Set(['业务日期', '到期日', '特批延期至', '离职日期']);
  const book = async (file: string, sheets: Array<[string, List]>) => {
    const wb = new ExcelJS.Workbook();
    for (const [name, list] of sheets) writeSheet(wb.addWorksheet(name), list, money, dates);
    await wb.xlsx.writeFile(path.join(dir, file));
    return file;
  };
  return [
    await book('应收数据.xlsx', [['应收单', invoiceList], ['收款单', receiptList]]),
    await book('客户列表.xlsx', [['客户', customerList]]),
    await book('员工列表.xlsx', [['员工', peopleList]]),
  ];
}

/** A list as Kingdee saves it: title merged over the width, filter line, header (merged cells), rows, total. */
function writeSheet(ws: ExcelJS.Worksheet, list: List, money: Set<string>, dates: Set<string>): void {
  const width = list.top.length;
  ws.addRow([list.title]);
  ws.mergeCells(1, 1, 1, width);
  ws.addRow([list.filter]);
  ws.addRow(list.top);
  let first = 4;
  if (list.sub.length) {
    ws.addRow(list.sub);
    // a cell without a second-row label is merged down; a label over several is merged across
    list.top.forEach((t, k) => {
      if (t !== '' && list.sub[k] === '') ws.mergeCells(3, k + 1, 4, k + 1);
      else if (t !== '' && list.top[k + 1] === '') ws.mergeCells(3, k + 1, 3, k + 2);
    });
    first = 5;
  }
  // the column each value belongs to: its own header, or the merged one it lies under
  const kind = list.top.map((t, k) => t || list.top[k - 1]);
  for (const cells of list.rows) {
    ws.addRow(cells.map((v, k) => (v === '' ? null : money.has(kind[k]) ? Number(v) : dates.has(kind[k]) ? new Date(`${v}T00:00:00Z`) : v)));
  }
  if (list.totalRow.length) ws.addRow(list.totalRow.map((v, k) => (v === '' ? null : money.has(kind[k]) ? Number(v) : v)));
  void first;
}

function yonyou(dir: string, customers: Row[], people: Row[], invoices: Row[], receipts: Row[], nameOf: Map<string, string>): string[] {
  const write = (file: string, lines: string[][]) => {
    const text = lines.map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n';
    fs.writeFileSync(path.join(dir, file), iconv.encode(text, 'gbk'));
    return file;
  };
  // rows grouped by year with a 小计 row after each (U8 lists subtotal by a chosen column), 总计 at the end
  const byYear = (rows: Row[], dateCol: string, amountCol: string, toCells: (r: Row) => string[], width: number, amountAt: number[]) => {
    const out: string[][] = [];
    const sorted = [...rows].sort((a, b) => a[dateCol].localeCompare(b[dateCol]));
    const years = [...new Set(sorted.map((r) => r[dateCol].slice(0, 4)))];
    for (const y of years) {
      const part = sorted.filter((r) => r[dateCol].startsWith(y));
      out.push(...part.map(toCells));
      const sub = Array<string>(width).fill('');
      sub[0] = `${y}年 小计`;
      for (const k of amountAt) sub[k] = total(part, amountCol);
      out.push(sub);
    }
    const all = Array<string>(width).fill('');
    all[0] = '总计';
    for (const k of amountAt) all[k] = total(rows, amountCol);
    out.push(all);
    return out;
  };
  const head = (title: string, filter: string, width: number) => [[title], [filter], Array<string>(width).fill('')];
  const invTop = ['单据号', '单据日期', '客户编码', '客户名称', '业务员编码', '币种', '汇率', '金额', '', '到期日', '成本', '合同号', '特批延期至'];
  const invSub = ['', '', '', '', '', '', '', '原币', '本币', '', '', '', ''];
  const recTop = ['单据号', '单据日期', '客户编码', '客户名称', '结算方式', '币种', '汇率', '金额', '', '源单编号'];
  const recSub = ['', '', '', '', '', '', '', '原币', '本币', ''];
  return [
    write('应收单据列表.csv', [
      ...head('应收单据列表', `日期：${dateRange(invoices, 'invoice_date')}  币种：全部`, invTop.length),
      invTop,
      invSub,
      ...byYear(invoices, 'invoice_date', 'amount', (r) => [r.invoice_id, r.invoice_date, r.customer_id, nameOf.get(r.customer_id) ?? '', r.person_id, '人民币', '1.000000', r.amount, r.amount, r.due_date, r.cost_amount, r.contract_id, r.deferred_until], invTop.length, [7, 8]),
    ]),
    write('收款单据列表.csv', [
      ...head('收款单据列表', `日期：${dateRange(receipts, 'receipt_date')}`, recTop.length),
      recTop,
      recSub,
      ...byYear(receipts, 'receipt_date', 'amount', (r) => [r.receipt_id, r.receipt_date, r.customer_id, nameOf.get(r.customer_id) ?? '', r.method, '人民币', '1.000000', r.amount, r.amount, r.invoice_id], recTop.length, [7, 8]),
    ]),
    write('客户档案.csv', [
      ['客户档案'],
      ['客户编码', '客户名称', '信用额度', '信用期限', '客户分类', '地区名称', '专管业务员编码'],
      ...customers.map((r) => [r.customer_id, r.customer_name, r.credit_limit, r.credit_days, r.customer_type, r.region, r.owner_id]),
    ]),
    write('人员档案.csv', [
      ['人员档案'],
      ['人员编码', '人员姓名', '部门编码', '部门名称', '岗位', '上级', '月工资', '区域', '离职日期'],
      ...people.map((r) => [r.person_id, r.person_name, r.team_id, r.team_name, r.role, r.manager_id, r.monthly_salary, r.region, r.left_on]),
    ]),
  ];
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
