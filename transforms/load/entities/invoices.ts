import type { EntityDef } from '../types.js';
import { AMOUNT_FROM_FC, amountFcColumn, customerIdColumn, customerRef, fxChecks, fxColumns, personRef } from './common.js';

/** 销售发票 / 应收单: amount < 0 is a credit note (红字). */
export const invoices: EntityDef = {
  name: 'invoices',
  table: 'stg_invoices',
  fileNames: ['销售发票', '应收单', '发票', '应收账款', 'invoice', 'ar_invoices'],
  required: true,
  key: ['invoice_id'],
  amountColumn: 'amount',
  columns: [
    { name: 'invoice_id', type: 'text', required: true, label: '单据编号', aliases: ['单据编号', '发票号码', '发票号', '发票编号', '应收单号', '单据号', '编号', 'invoice_no', 'invoice_number'] },
    customerIdColumn,
    { name: 'invoice_date', type: 'date', required: true, label: '单据日期', aliases: ['单据日期', '业务日期', '开票日期', '发票日期', '记账日期', '日期', 'date'] },
    {
      name: 'amount',
      type: 'money',
      required: true,
      label: '价税合计',
      // 本币 (CNY) headers first: in a foreign-currency export the generic 价税合计 / 金额 is the 原币 amount
      aliases: [
        '价税合计本位币', '价税合计(本位币)', '本位币价税合计', '本币价税合计', '价税合计-本币', '价税合计本币', '本币金额', '金额-本币', '本位币金额', '应收金额本位币', '金额(本位币)',
        '价税合计', '含税金额', '应收金额', '金额', 'invoice_amount', 'total',
      ],
      requiredUnless: ['amount_fc', 'fx_rate'],
      fallback: AMOUNT_FROM_FC,
      outrankedTo: { column: 'amount_fc', when: 'currency' },
    },
    { name: 'due_date', type: 'date', label: '到期日', aliases: ['到期日', '到期日期', '收款到期日', '应收日期', 'due'] },
    { name: 'person_id', type: 'text', label: '业务员', aliases: ['业务员编码', '业务员代码', '职员代码', '业务员', '职员', '销售员', 'sales_rep'] },
    { name: 'cost_amount', type: 'money', label: '成本', aliases: ['成本', '成本金额', '销售成本', 'cost'] },
    { name: 'contract_id', type: 'text', label: '合同号', aliases: ['合同号', '合同编号', '销售合同号', 'contract'] },
    { name: 'deferred_until', type: 'date', label: '特批延期至', aliases: ['特批延期至', '延期至', '特批延期', '延期到期日'] },
    ...fxColumns,
    amountFcColumn(['价税合计-原币', '价税合计原币', '原币价税合计']),
  ],
  checks: fxChecks,
  refs: [customerRef, personRef('person_id')],
};
