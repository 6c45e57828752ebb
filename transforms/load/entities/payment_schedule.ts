import type { EntityDef } from '../types.js';

/**
 * 收款计划 / 分期收款 (issue 20): an invoice due in several instalments, one row per due date. Optional: an
 * invoice without lines here is due whole at its own due date. The lines of one invoice must add up to the
 * invoice in its own currency (原币; 本币 for a CNY invoice), else every line of it is rejected: a schedule that
 * does not add up would move money between aging buckets that nobody asked for. Aging and overdue follow the
 * lines (fct_open_item), as ERPNext's aging "based on payment terms" does.
 */
export const paymentSchedule: EntityDef = {
  name: 'payment_schedule',
  table: 'stg_payment_schedule',
  fileNames: ['收款计划', '分期收款', '收款计划明细', '应收单收款计划', 'payment_schedule', 'payment_terms', 'instalments', 'installments'],
  required: false,
  key: ['invoice_id', 'due_date'],
  amountColumn: 'amount',
  columns: [
    { name: 'invoice_id', type: 'text', required: true, label: '单据编号', aliases: ['单据编号', '应收单号', '发票号码', '发票号', '源单编号', '单据号', 'invoice_id', 'invoice_no', 'invoice'] },
    { name: 'due_date', type: 'date', required: true, label: '到期日', aliases: ['到期日', '到期日期', '收款日期', '计划收款日期', '应收日期', 'due_date', 'due'] },
    { name: 'amount', type: 'money', required: true, label: '应收金额', aliases: ['应收金额', '计划收款金额', '收款金额', '分期金额', '金额', 'amount'] },
  ],
  checks: [{ column: 'amount', fault: 'amount <= 0', reason: "'an instalment (应收金额) must be a positive amount'" }],
  refs: [{ column: 'invoice_id', entity: 'invoices', key: 'invoice_id', unique: true, what: 'unknown invoice (单据编号 not among the loaded invoices)' }],
  groupTotal: {
    by: 'invoice_id',
    entity: 'invoices',
    key: 'invoice_id',
    // the invoice in its own currency: the schedule of a USD invoice is in USD; a credit note has no schedule
    total: "CASE WHEN amount <= 0 THEN NULL WHEN coalesce(currency, 'CNY') = 'CNY' THEN amount ELSE amount_fc END",
    what: "the invoice's amount (价税合计, 原币 for a foreign invoice; a credit note has no schedule)",
  },
};
