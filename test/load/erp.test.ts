/**
 * Exports as finance staff save them from 金蝶 and 用友 (issue 20): the fixtures of test/fixtures/erp
 * (written by make.ts there; README.md gives every number). Titles and filter lines, merged two-row
 * headers, 小计/合计/总计 rows checked against the rows, customers and people by name, a workbook with
 * several sheets, foreign currency with the exchange difference, presets; and the negative cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows } from '../../transforms/db.js';
import { loadExport, StructuralFaultError, ENTITIES } from '../../transforms/load/index.js';
import { detectLayout, joinHeaderRows } from '../../transforms/load/layout.js';
import { buildWarehouse } from '../../transforms/pipeline.js';
import { ROOT, loadFolder, textRows, tmpDir } from '../helpers/load.js';

const ERP = path.join(ROOT, 'test/fixtures/erp');
const work = tmpDir('ar-erp-test-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const invoices = ENTITIES.find((e) => e.name === 'invoices')!;

/** The whole build (load → model → policies) of a fixture folder, as `npm run transform -- --from` does. */
async function build(name: string): Promise<(sql: string) => Promise<Array<Array<string | null>>>> {
  const out = path.join(work, `${name}.duckdb`);
  await buildWarehouse({ from: path.join(ERP, name), out });
  return async (sql: string) => {
    const w = await openWarehouse(out);
    try {
      return await textRows(w, sql);
    } finally {
      await w.close();
    }
  };
}

const AUDIT = `SELECT file, sheet, rows_read::VARCHAR, rows_loaded::VARCHAR, rows_rejected::VARCHAR, amount_read::VARCHAR, amount_total::VARCHAR,
  header_line::VARCHAR, total_rows::VARCHAR FROM load_audit WHERE entity IN ('invoices', 'receipts') ORDER BY file`;

describe('layout finder', () => {
  it('finds the header below a title and filter lines and joins a two-row header', () => {
    const layout = detectLayout(invoices, [
      ['应收单据列表', '', ''],
      ['日期：2025-01-01 -- 2025-03-31', '', ''],
      ['单据号', '单据日期', '客户', '币种', '金额', '', '到期日'],
      ['', '', '', '', '原币', '本币', ''],
      ['YS0001', '2025-01-05', '北京华信', '人民币', '8,000.00', '8,000.00', '2025-02-04'],
    ]);
    expect(layout).toEqual({
      preamble: ['应收单据列表', '日期：2025-01-01 -- 2025-03-31'],
      headerStart: 2,
      headerRows: 2,
      header: ['单据号', '单据日期', '客户', '币种', '金额-原币', '金额-本币', '到期日'],
    });
  });

  it('joins XLSX merged cells (the merged value repeated) and leaves a plain header alone', () => {
    expect(joinHeaderRows(['单据编号', '价税合计', '价税合计', '到期日'], ['单据编号', '原币', '本位币', '到期日'])).toEqual(['单据编号', '价税合计-原币', '价税合计-本位币', '到期日']);
    const plain = detectLayout(invoices, [['invoice_id', 'customer_id', 'invoice_date', 'amount'], ['I1', 'C1', '2025-01-10', '11300.00']]);
    expect(plain).toMatchObject({ headerStart: 0, headerRows: 1, preamble: [] });
  });
});

describe('金蝶云星空 workbook (kingdee-cloud)', () => {
  it('reads the 应收单 and 收款单 sheets of one workbook, reconciled to the cent with their 合计 rows', async () => {
    const q = await build('kingdee-cloud');
    expect(await q(AUDIT)).toEqual([
      ['应收数据.xlsx[应收单]', '应收单', '4', '4', '0', '140800.00', '140800.00', '3', '1'],
      ['应收数据.xlsx[收款单]', '收款单', '4', '4', '0', '107400.00', '107400.00', '3', '1'],
    ]);
    // "C001 上海宏达…" and a name alone resolved to the code; the customer merged over two rows read on both
    expect(await q(`SELECT invoice_id, customer_id, person_id, currency, fx_rate::VARCHAR, amount_fc::VARCHAR, amount::VARCHAR FROM stg_invoices ORDER BY 1`)).toEqual([
      ['KD-AR-001', 'C001', 'P02', 'CNY', '1.000000', '11300.00', '11300.00'],
      ['KD-AR-002', 'C002', 'P02', 'CNY', '1.000000', '22600.00', '22600.00'],
      ['KD-AR-003', 'C003', 'P03', 'USD', '7.100000', '10000.00', '71000.00'],
      ['KD-AR-004', 'C003', 'P03', 'USD', '7.180000', '5000.00', '35900.00'],
    ]);
    expect(await q(`SELECT customer_id, owner_id FROM stg_customers ORDER BY 1`)).toEqual([['C001', 'P02'], ['C002', 'P02'], ['C003', 'P03']]);
  });

  it('applies USD receipts to USD invoices in 原币 and keeps the exchange difference (汇兑差额)', async () => {
    const q = await build('kingdee-cloud');
    // KD-SK-002: USD 10,000 at 7.20 = 72,000.00 pays KD-AR-003 (USD 10,000 at 7.10 = 71,000.00): gain 1,000.00
    // KD-SK-003: USD 2,000 at 7.05 = 14,100.00 pays USD 2,000 of KD-AR-004 (at 7.18 = 14,360.00): loss 260.00
    expect(await q(`SELECT receipt_id, invoice_id, currency, amount_fc::VARCHAR, amount_at_invoice_rate::VARCHAR, amount_at_receipt_rate::VARCHAR, fx_difference::VARCHAR FROM fct_fx_difference ORDER BY 1`)).toEqual([
      ['KD-SK-002', 'KD-AR-003', 'USD', '10000.00', '71000.00', '72000.00', '1000.00'],
      ['KD-SK-003', 'KD-AR-004', 'USD', '2000.00', '14360.00', '14100.00', '-260.00'],
    ]);
    // open at 2025-03-31: KD-AR-002 22,600 − 10,000 (FIFO) and KD-AR-004 USD 3,000 × 7.18; nothing unapplied
    expect(await q(`SELECT invoice_id, open_amount::VARCHAR FROM fct_open_item WHERE as_of = DATE '2025-03-31' ORDER BY 1`)).toEqual([['KD-AR-002', '12600.00'], ['KD-AR-004', '21540.00']]);
    expect(await q(`SELECT count(*)::VARCHAR FROM fct_unapplied`)).toEqual([['0']]);
    // metrics in 本币: collections are the cash (96,100.00), AR rolls forward with what the invoices lost (95,360.00)
    expect(await q(`SELECT period_key, sales::VARCHAR, collections::VARCHAR, applied_collections::VARCHAR, ar_balance::VARCHAR FROM mart_ar_metrics WHERE level = 'company' AND grain = 'month' ORDER BY 1`)).toEqual([
      ['2025-01', '33900.00', '0.00', '0.00', '33900.00'],
      ['2025-02', '71000.00', '11300.00', '11300.00', '93600.00'],
      ['2025-03', '35900.00', '96100.00', '95360.00', '34140.00'],
    ]);
    // Σ credited per receipt = the receipt: the difference goes with the application to the invoice's person
    expect(await q(`SELECT receipt_id, person_id, amount::VARCHAR FROM int_collection_credit ORDER BY 1`)).toEqual([
      ['KD-SK-001', 'P02', '11300.00'],
      ['KD-SK-002', 'P03', '72000.00'],
      ['KD-SK-003', 'P03', '14100.00'],
      ['KD-SK-004', 'P02', '10000.00'],
    ]);
    // the statement of account (对账单, statement_line) of C003 for March: each foreign-currency receipt leaves the
    // balance at its 本币 amount, its exchange difference beside it, so the balance falls by what the invoices lost:
    // 71,000.00 + 35,900.00 − 72,000.00 + 1,000.00 − 14,100.00 − 260.00 = 21,540.00 = KD-AR-004's open USD 3,000 × 7.18
    expect(await q(`SELECT kind, doc_id, amount::VARCHAR, balance::VARCHAR FROM statement_line WHERE customer_id = 'C003' ORDER BY line_no`)).toEqual([
      ['期初余额', null, null, '71000.00'],
      ['销售发票', 'KD-AR-004', '35900.00', '106900.00'],
      ['收款', 'KD-SK-002', '-72000.00', '34900.00'],
      ['汇兑差额', 'KD-SK-002', '1000.00', '35900.00'],
      ['收款', 'KD-SK-003', '-14100.00', '21800.00'],
      ['汇兑差额', 'KD-SK-003', '-260.00', '21540.00'],
      ['期末余额', null, null, '21540.00'],
    ]);
  });
});

describe('用友 U8 lists (yonyou-u8)', () => {
  it('GBK CSV with titles, two-row headers, 小计 and 总计: reconciled to the cent, names resolved', async () => {
    const q = await build('yonyou-u8');
    expect(await q(AUDIT)).toEqual([
      ['应收单据列表.csv', null, '3', '3', '0', '43400.00', '43400.00', '4', '3'],
      ['收款单据列表.csv', null, '3', '3', '0', '36250.00', '36250.00', '4', '1'],
    ]);
    expect(await q(`SELECT invoice_id, customer_id, person_id, currency, amount_fc::VARCHAR, amount::VARCHAR FROM stg_invoices ORDER BY 1`)).toEqual([
      ['YS0001', 'K01', 'Y01', 'CNY', '8000.00', '8000.00'],
      ['YS0002', 'K02', 'Y02', 'CNY', '12000.00', '12000.00'],
      ['YS0003', 'K03', 'Y01', 'EUR', '3000.00', '23400.00'],
    ]);
    // SK0002: EUR 3,000 at 7.75 = 23,250.00 pays YS0003 (EUR 3,000 at 7.80 = 23,400.00) in full: loss 150.00
    expect(await q(`SELECT receipt_id, invoice_id, fx_difference::VARCHAR FROM fct_fx_difference`)).toEqual([['SK0002', 'YS0003', '-150.00']]);
    expect(await q(`SELECT invoice_id, open_amount::VARCHAR FROM fct_open_item WHERE as_of = DATE '2025-03-31'`)).toEqual([['YS0002', '7000.00']]);
    expect(await q(`SELECT count(*)::VARCHAR FROM fct_unapplied`)).toEqual([['0']]);
  });

  it('the preset named explicitly gives the same load; an unknown preset is a structural fault', async () => {
    const w = await openWarehouse();
    try {
      const summary = await loadExport(w.conn, path.join(ERP, 'yonyou-u8'), { preset: 'yonyou' });
      expect(summary.warnings.some((m) => m.startsWith('preset'))).toBe(false);
      expect(summary.rejectCount).toBe(0);
      await expect(loadExport(w.conn, path.join(ERP, 'yonyou-u8'), { preset: 'sap' })).rejects.toThrow(StructuralFaultError);
    } finally {
      await w.close();
    }
  });
});

describe('negative cases', () => {
  it('a 总计 that does not match its rows is a warning naming the file and both sums', async () => {
    const { w, summary } = await loadFolder(path.join(ERP, 'total-mismatch'));
    try {
      const message = "应收单据列表.csv: the file's total (总计) is 43500.00 but its rows (loaded + rejected) sum to 43400.00: a difference of 100.00";
      expect(summary.warnings).toContain(message);
      expect(await textRows(w, `SELECT file, line::VARCHAR, "column", value, severity FROM load_rejects`)).toEqual([['应收单据列表.csv', '11', 'amount', '43500.00', 'warning']]);
      expect(summary.rejectCount).toBe(0);
    } finally {
      await w.close();
    }
  });

  it('an ambiguous name is rejected with the candidates', async () => {
    const { w } = await loadFolder(path.join(ERP, 'ambiguous-name'));
    try {
      expect(await textRows(w, `SELECT file, line::VARCHAR, "column", value, reason, source_column FROM load_rejects`)).toEqual([
        ['应收单据列表.csv', '7', 'person_id', '刘洋', 'ambiguous person name: 2 match (Y02 刘洋, Y03 刘洋); give the code', '业务员'],
      ]);
      const [audit] = await queryRows<{ rows_read: number; rows_rejected: number }>(w.conn, `SELECT rows_read, rows_rejected FROM load_audit WHERE file = '应收单据列表.csv'`);
      expect(audit).toEqual({ rows_read: 3, rows_rejected: 1 });
    } finally {
      await w.close();
    }
  });

  it('a foreign amount without its rate is rejected; the total then shows the missing row', async () => {
    const { w, summary } = await loadFolder(path.join(ERP, 'missing-rate'));
    try {
      expect(await textRows(w, `SELECT file, line::VARCHAR, "column", reason, severity FROM load_rejects ORDER BY file, line, "column"`)).toEqual([
        ['应收单据列表.csv', '9', 'amount', 'missing required value: amount (价税合计)', 'error'],
        ['应收单据列表.csv', '9', 'fx_rate', 'missing exchange rate (汇率) for an amount in EUR', 'error'],
        ['应收单据列表.csv', '11', 'amount', "the file's total (总计) is 43400.00 but its rows (loaded + rejected) sum to 20000.00: a difference of 23400.00", 'warning'],
        ['收款单据列表.csv', '7', 'invoice_id', 'invoice_id YS0003 was itself rejected (see the invoices rejects)', 'error'],
      ]);
      expect(summary.rejectCount).toBe(3);
    } finally {
      await w.close();
    }
  });
});
