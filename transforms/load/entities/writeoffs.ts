import type { EntityDef } from '../types.js';
import { AMOUNT_FROM_FC, amountFcColumn, customerIdColumn, customerRef, fxChecks, fxColumns, invoiceRef } from './common.js';

/** 坏账核销: bad-debt write-offs, optionally of one named invoice. */
export const writeoffs: EntityDef = {
  name: 'writeoffs',
  table: 'stg_writeoffs',
  fileNames: ['坏账核销', '坏账', '核销', 'writeoff', 'write_offs', 'bad_debts'],
  required: false,
  key: ['writeoff_id'],
  amountColumn: 'amount',
  columns: [
    { name: 'writeoff_id', type: 'text', required: true, label: '核销单号', aliases: ['核销单号', '坏账单号', '单据编号', '编号'] },
    customerIdColumn,
    { name: 'writeoff_date', type: 'date', required: true, label: '核销日期', aliases: ['核销日期', '坏账日期', '单据日期', '业务日期', '日期', 'date'] },
    {
      name: 'amount',
      type: 'money',
      required: true,
      label: '坏账核销',
      aliases: ['本币金额', '金额-本币', '本位币金额', '坏账金额本位币', '坏账核销', '核销金额', '坏账金额', '坏账损失', '金额'],
      requiredUnless: ['amount_fc', 'fx_rate'],
      fallback: AMOUNT_FROM_FC,
      outrankedTo: { column: 'amount_fc', when: 'currency' },
    },
    { name: 'invoice_id', type: 'text', label: '源单编号', aliases: ['源单编号', '源单单号', '核销单据', '应收单号', '发票号'] },
    ...fxColumns,
    amountFcColumn(['核销金额-原币', '原币核销金额']),
  ],
  checks: fxChecks,
  refs: [customerRef, invoiceRef],
};
