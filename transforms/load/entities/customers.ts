import type { EntityDef } from '../types.js';
import { personRef } from './common.js';

/** 客户: the customer master with credit terms and the responsible rep (负责业务员). */
export const customers: EntityDef = {
  name: 'customers',
  table: 'stg_customers',
  fileNames: ['客户', '客户资料', '客户档案', 'customer'],
  required: true,
  key: ['customer_id'],
  amountColumn: 'credit_limit',
  columns: [
    { name: 'customer_id', type: 'text', required: true, label: '客户编码', aliases: ['客户编码', '客户代码', '客户编号', '代码', '编码', '编号', 'customer_code', 'cust_id'] },
    { name: 'customer_name', type: 'text', required: true, label: '客户名称', aliases: ['客户名称', '客户全称', '客户', '名称', 'name'] },
    { name: 'credit_limit', type: 'money', min: 0, label: '信用额度', aliases: ['信用额度', '信用额度(元)', '授信额度', 'credit'] },
    { name: 'credit_days', type: 'int', min: 0, default: 30, label: '信用期', aliases: ['信用期', '账期', '信用天数', '信用期限', '收款期限', '账期天数', 'payment_terms', 'terms'] },
    { name: 'customer_type', type: 'text', label: '客户类型', aliases: ['客户类型', '客户类别', '客户分类', '类型', 'type'] },
    { name: 'region', type: 'text', label: '区域', aliases: ['区域', '地区', '片区', '大区', '销售区域'] },
    { name: 'owner_id', type: 'text', label: '负责业务员', aliases: ['负责业务员', '业务员编码', '专营业务员', '业务员', '负责人', 'owner', 'sales_rep'] },
  ],
  refs: [personRef('owner_id')],
};
