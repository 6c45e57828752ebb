/** The public IBM AR sample loads with the invoice and receipt totals of the CSV itself, to the cent. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Decimal } from '../../transforms/money.js';
import { IBM_CSV, IBM_INVOICE_FILE, writeIbmExport } from '../helpers/ibm-export.js';
import { expectNothingLost, loadFolder, textRows, tmpDir } from '../helpers/load.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('loads the IBM sample with totals equal to the CSV to the cent', async () => {
  // the CSV's own total, summed here with decimal.js
  const lines = fs.readFileSync(IBM_CSV, 'utf8').split(/\r?\n/).filter(Boolean);
  const amountAt = lines[0].split(',').indexOf('InvoiceAmount');
  const total = lines.slice(1).reduce((sum, l) => sum.plus(l.split(',')[amountAt]), new Decimal(0));
  expect(total.toFixed(2)).toBe('147703.18');
  expect(lines.length - 1).toBe(2466);

  await writeIbmExport(path.join(dir, 'ibm'));
  const { w, summary } = await loadFolder(path.join(dir, 'ibm'));
  try {
    expect(summary.rejectCount).toBe(0);
    await expectNothingLost(w, summary);
    const invoices = summary.files.find((f) => f.file === IBM_INVOICE_FILE)!;
    expect(invoices.entity).toBe('invoices');
    expect(invoices.rowsLoaded).toBe(2466);
    expect(invoices.amountLoaded!.toFixed(2)).toBe('147703.18');
    expect(await textRows(w, 'SELECT count(*), sum(amount)::VARCHAR FROM stg_invoices')).toEqual([['2466', '147703.18']]);
    expect(await textRows(w, 'SELECT count(*), sum(amount)::VARCHAR, count(invoice_id) FROM stg_receipts')).toEqual([['2466', '147703.18', '2466']]);
    expect(await textRows(w, 'SELECT count(*) FROM stg_customers')).toEqual([['100']]);
    // M/D/YYYY read as such (mapping.yaml date_order: MDY); the first row: 1/2/2013, due 2/1/2013
    expect(
      await textRows(w, "SELECT strftime(invoice_date, '%Y-%m-%d'), strftime(due_date, '%Y-%m-%d'), source_line FROM stg_invoices WHERE invoice_id = '0000611365'"),
    ).toEqual([['2013-01-02', '2013-02-01', '2']]);
    expect(summary.warnings.join('\n')).toContain('PaperlessBill (unknown column)');
  } finally {
    await w.close();
  }
});
