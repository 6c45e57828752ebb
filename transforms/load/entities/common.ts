/**
 * Column definitions that several entities share (the same customer code column appears in invoices,
 * receipts and write-offs), so an alias added here is known everywhere.
 */
import type { ColumnDef, Reference } from '../types.js';

/** 客户编码 as a foreign key: the customer's code, never its name. */
export const customerIdColumn: ColumnDef = {
  name: 'customer_id',
  type: 'text',
  required: true,
  label: '客户编码',
  aliases: ['客户编码', '客户代码', '客户编号', '客户id', 'customer_code', 'customer_no', 'cust_id', '客户'],
};

export const customerRef: Reference = {
  column: 'customer_id',
  entity: 'customers',
  key: 'customer_id',
  unique: true,
  what: 'unknown customer (客户编码 not among the loaded customers)',
};

export const personRef = (column: string): Reference => ({
  column,
  entity: 'people',
  key: 'person_id',
  unique: true,
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
