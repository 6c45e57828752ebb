import type { EntityDef } from '../types.js';
import { customerIdColumn, customerRef, personRef } from './common.js';

/**
 * 催收记录 (issue 18; seed 004 「建立回款台账与沟通记录」): one row per contact with a customer about money it owes —
 * who called or visited, what the customer said and, when it promised to pay, by when and how much. Optional:
 * without it the warehouse has no contacts and no promises, and nothing else changes.
 */
export const collectionLog: EntityDef = {
  name: 'collection_log',
  table: 'stg_collection_log',
  fileNames: ['催收记录', '催收日志', '催款记录', '沟通记录', '回款台账', 'collection_log', 'dunning_log', 'contacts'],
  required: false,
  // no natural key: two calls to one customer on one day are two contacts (source_file, source_line identify a row)
  amountColumn: 'promise_amount',
  columns: [
    { name: 'contact_date', type: 'date', required: true, label: '催收日期', aliases: ['催收日期', '联系日期', '沟通日期', '日期', 'date', 'contact_date'] },
    customerIdColumn,
    // the invoice the contact was about; a contact about the customer's whole balance names none
    { name: 'invoice_id', type: 'text', label: '单据编号', aliases: ['单据编号', '发票号', '应收单号', '源单编号', '催收单据', 'invoice', 'invoice_no'] },
    { name: 'person_id', type: 'text', required: true, label: '催收人', aliases: ['催收人', '催收人编码', '业务员编码', '业务员', '人员编码', '联系人员', 'collector', 'person'] },
    { name: 'action', type: 'text', required: true, label: '催收方式', aliases: ['催收方式', '催收动作', '联系方式', '方式', 'action', 'channel'] },
    { name: 'result', type: 'text', label: '催收结果', aliases: ['催收结果', '客户反馈', '结果', '反馈', 'result', 'outcome'] },
    // a promise's date and amount decide whether it was kept: a value that does not parse is a reject, never a guess
    { name: 'promise_date', type: 'date', label: '承诺付款日', aliases: ['承诺付款日', '承诺付款日期', '承诺日期', '承诺回款日', 'promise_date', 'promised_date'], onInvalid: 'reject' },
    { name: 'promise_amount', type: 'money', label: '承诺金额', aliases: ['承诺金额', '承诺付款金额', '承诺回款金额', 'promise_amount', 'promised_amount'], onInvalid: 'reject' },
    { name: 'note', type: 'text', label: '备注', aliases: ['备注', '说明', '沟通内容', 'note', 'notes', 'remark'] },
  ],
  checks: [
    { column: 'promise_amount', fault: 'promise_date IS NOT NULL AND promise_amount IS NULL AND promise_amount__raw IS NULL', reason: "'a promise (承诺付款日 given) without 承诺金额: what was promised is unknown'" },
    { column: 'promise_date', fault: 'promise_amount IS NOT NULL AND promise_date IS NULL AND promise_date__raw IS NULL', reason: "'a promised amount (承诺金额 given) without 承诺付款日: by when is unknown'" },
    { column: 'promise_amount', fault: 'promise_amount <= 0', reason: "'承诺金额 must be above 0'" },
    { column: 'promise_date', fault: 'promise_date < contact_date', reason: "'承诺付款日 ' || strftime(promise_date, '%Y-%m-%d') || ' is before the contact (催收日期 ' || strftime(contact_date, '%Y-%m-%d') || ')'" },
  ],
  refs: [
    customerRef,
    personRef('person_id'),
    {
      column: 'invoice_id',
      entity: 'invoices',
      key: 'invoice_id',
      unique: true,
      match: { customer_id: 'customer_id' },
      what: 'unknown invoice (单据编号 not among the loaded invoices)',
    },
  ],
};
