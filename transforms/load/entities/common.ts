/**
 * Column definitions that several entities share (the same customer code column appears in invoices,
 * receipts and write-offs), so an alias added here is known everywhere.
 */
import type { ColumnDef, Reference, RowCheck } from '../types.js';

/**
 * Foreign currency (外币): the document's currency (币别 / 币种), its rate to CNY (汇率) and its amount in
 * that currency (原币). The entity's `amount` stays the 本币 (CNY) amount every metric uses; when an
 * export gives only 原币 and 汇率, 本币 = round(原币 × 汇率, 2), the way Kingdee and Yonyou compute it.
 */
const CNY = 'CNY';
export const CURRENCIES: Record<string, string> = {
  cny: CNY, rmb: CNY, 人民币: CNY, 本位币: CNY, 'rmb¥': CNY,
  usd: 'USD', 美元: 'USD', 美金: 'USD', 'us$': 'USD',
  eur: 'EUR', 欧元: 'EUR',
  hkd: 'HKD', 港币: 'HKD', 港元: 'HKD',
  jpy: 'JPY', 日元: 'JPY',
  gbp: 'GBP', 英镑: 'GBP',
  sgd: 'SGD', 新加坡元: 'SGD',
  aud: 'AUD', 澳元: 'AUD',
  cad: 'CAD', 加元: 'CAD',
  chf: 'CHF', 瑞士法郎: 'CHF',
  krw: 'KRW', 韩元: 'KRW',
  twd: 'TWD', 新台币: 'TWD',
  thb: 'THB', 泰铢: 'THB',
  myr: 'MYR', 林吉特: 'MYR',
};

export const fxColumns: ColumnDef[] = [
  {
    name: 'currency',
    type: 'enum',
    label: '币别',
    aliases: ['币别', '币种', '原币币别', '结算币别', '币别名称', '币种名称', '货币', 'currency'],
    // the amount's meaning depends on it: an unknown spelling is a reject, never a guess (mapping.yaml values: adds spellings)
    onInvalid: 'reject',
    values: CURRENCIES,
  },
  { name: 'fx_rate', type: 'rate', label: '汇率', aliases: ['汇率', '汇率(本位币)', '记账汇率', 'exchange_rate', 'rate'], onInvalid: 'reject' },
];

/** The 原币 amount column; `labels` are the entity's own 原币 headers, most specific first. */
export const amountFcColumn = (labels: string[]): ColumnDef => ({
  name: 'amount_fc',
  type: 'money',
  label: '原币金额',
  aliases: [...labels, '原币金额', '金额-原币', '金额原币', '原币', 'amount_fc', 'amount_foreign'],
  onInvalid: 'reject',
});

/** 本币 from 原币 × 汇率 when the 本币 cell is empty (or the column absent). */
export const AMOUNT_FROM_FC = 'round(ld_money(amount_fc__text) * ld_rate(fx_rate__text), 2)';

/** A foreign amount needs its rate and its 原币: without them its 本币 can be neither had nor checked. */
export const fxChecks: RowCheck[] = [
  {
    column: 'fx_rate',
    fault: `currency IS NOT NULL AND currency <> '${CNY}' AND fx_rate IS NULL AND fx_rate__raw IS NULL`,
    reason: `'missing exchange rate (汇率) for an amount in ' || currency`,
  },
  {
    column: 'amount_fc',
    fault: `currency IS NOT NULL AND currency <> '${CNY}' AND amount_fc IS NULL AND amount_fc__raw IS NULL`,
    reason: `'missing 原币金额 for an amount in ' || currency`,
  },
];

/** 客户编码 as a foreign key: the customer's code, never its name. */
export const customerIdColumn: ColumnDef = {
  name: 'customer_id',
  type: 'text',
  required: true,
  label: '客户编码',
  // names are resolved to codes (validate.ts resolveNames): 客户名称 alone is enough when no code column is there
  aliases: ['客户编码', '客户代码', '客户编号', '客户id', 'customer_code', 'customer_no', 'cust_id', '客户', '往来单位编码', '往来单位', '付款单位', '核算项目', '客户名称', '客户简称', 'customer_name'],
};

export const customerRef: Reference = {
  column: 'customer_id',
  entity: 'customers',
  key: 'customer_id',
  unique: true,
  byName: 'customer_name',
  what: 'unknown customer (客户编码 not among the loaded customers)',
};

export const personRef = (column: string): Reference => ({
  column,
  entity: 'people',
  key: 'person_id',
  unique: true,
  byName: 'person_name',
  what: 'unknown person (人员编码 not among the loaded people)',
});

/** An invoice named by a receipt or write-off must exist and belong to the same customer. */
export const invoiceRef: Reference = {
  column: 'invoice_id',
  entity: 'invoices',
  key: 'invoice_id',
  unique: true,
  match: { customer_id: 'customer_id' },
  what: 'unknown invoice (核销单据 not among the loaded invoices)',
};

/** `2025-03`, `2025-Q1`, `2025` (and their Chinese spellings): stored as period_key + grain. */
export const periodColumn: ColumnDef = {
  name: 'period',
  stgName: 'period_key',
  type: 'period',
  required: true,
  label: '期间',
  aliases: ['period_key', '期间', '考核期间', '会计期间', '月份', '年月', '考核月份'],
};

export const grainColumn = { name: 'grain', sqlType: 'VARCHAR', expr: 'ld_period_grain(period)' };
