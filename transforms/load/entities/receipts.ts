import type { EntityDef } from '../types.js';
import { AMOUNT_FROM_FC, amountFcColumn, customerIdColumn, customerRef, fxChecks, fxColumns, invoiceRef } from './common.js';

const cash = 'cash';
const bank = 'bank_acceptance';
const commercial = 'commercial_acceptance';

/** 收款单: amount < 0 is a refund; invoice_id (核销单据) applies it to one invoice explicitly. */
export const receipts: EntityDef = {
  name: 'receipts',
  table: 'stg_receipts',
  fileNames: ['收款单', '收款', '回款', '回款单', 'receipt', 'payments', 'collections'],
  required: true,
  key: ['receipt_id'],
  amountColumn: 'amount',
  columns: [
    { name: 'receipt_id', type: 'text', required: true, label: '收款单号', aliases: ['收款单号', '收款单编号', '单据编号', '单据号', '编号', 'receipt_no', 'payment_id'] },
    customerIdColumn,
    { name: 'receipt_date', type: 'date', required: true, label: '收款日期', aliases: ['收款日期', '回款日期', '到账日期', '单据日期', '业务日期', '日期', 'date', 'payment_date'] },
    {
      name: 'amount',
      type: 'money',
      required: true,
      label: '金额',
      aliases: [
        '收款金额本位币', '本位币收款金额', '本币收款金额', '实收金额本位币', '收款金额-本币', '本币金额', '金额-本币', '本位币金额', '金额(本位币)',
        '收款金额', '实收金额', '回款金额', '金额', 'payment_amount',
      ],
      requiredUnless: ['amount_fc', 'fx_rate'],
      fallback: AMOUNT_FROM_FC,
      outrankedTo: { column: 'amount_fc', when: 'currency' },
    },
    { name: 'invoice_id', type: 'text', label: '核销单据', aliases: ['核销单据', '源单编号', '源单单号', '源单号', '核销单号', '应收单号', '发票号', '发票号码'] },
    {
      name: 'method',
      type: 'enum',
      label: '结算方式',
      aliases: ['结算方式', '收款方式', '付款方式', '支付方式', 'payment_method'],
      // Everything that is not an acceptance note counts as cash; an unknown spelling is rejected
      // rather than guessed (map it in mapping.yaml `values:`): a NULL method would count as cash.
      onInvalid: 'reject',
      values: {
        cash, 现金: cash, 电汇: cash, 转账: cash, 银行转账: cash, 网银: cash, 网银支付: cash, 汇款: cash, 信汇: cash,
        支票: cash, 转账支票: cash, 现金支票: cash, 微信: cash, 支付宝: cash, 'wire': cash, 'transfer': cash, 't/t': cash, 'tt': cash,
        bank_acceptance: bank, 银行承兑汇票: bank, 银行承兑: bank, 银承: bank, 银票: bank, 'bank acceptance': bank,
        commercial_acceptance: commercial, 商业承兑汇票: commercial, 商业承兑: commercial, 商承: commercial, 商票: commercial, 'commercial acceptance': commercial,
      },
    },
    ...fxColumns,
    amountFcColumn(['收款金额-原币', '收款金额原币', '原币收款金额', '实收金额-原币', '实收金额原币']),
  ],
  checks: fxChecks,
  refs: [customerRef, invoiceRef],
};
