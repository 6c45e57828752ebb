/**
 * The IBM accounts-receivable sample (../shared/data/ibm-ar-sample, see its SOURCE.md) as an ERP
 * export folder: its invoice file as is (English, non-canonical headers, M/D/YYYY dates, CRLF) with a
 * mapping.yaml, plus customers, people and receipts derived from it. Used by the load and model tests.
 *
 * - customers: each distinct customerID (name = the ID, region = countryCode), credit_days 30, owner P1
 * - people: one person P1 in one team T1
 * - invoices: the IBM file itself; due_date = DueDate
 * - receipts: one per invoice on its SettledDate, naming the invoice, for the full amount
 */
import fs from 'node:fs';
import path from 'node:path';

export const IBM_CSV = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/data/ibm-ar-sample/WA_Fn-UseC_-Accounts-Receivable.csv');
export const IBM_INVOICE_FILE = 'WA_Fn-UseC_-Accounts-Receivable.csv';

/** 1/2/2013 → 2013-01-02 */
function isoFromMdy(mdy: string): string {
  const [m, d, y] = mdy.split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export async function writeIbmExport(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const text = fs.readFileSync(IBM_CSV, 'utf8');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  const rows = lines.map((l) => l.split(','));

  fs.copyFileSync(IBM_CSV, path.join(dir, IBM_INVOICE_FILE));
  fs.writeFileSync(
    path.join(dir, 'mapping.yaml'),
    [
      '# the IBM sample: its own file name and headers, US dates',
      'files:',
      `  ${IBM_INVOICE_FILE}: invoices`,
      'invoices:',
      '  invoiceNumber: invoice_id',
      '  customerID: customer_id',
      '  InvoiceDate: invoice_date',
      '  DueDate: due_date',
      '  InvoiceAmount: amount',
      'date_order: MDY',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'people.csv'), 'person_id,person_name,team_id,team_name,role\nP1,IBM Collector,T1,IBM Team,业务员\n');

  const customers = new Map<string, string>();
  for (const r of rows) if (!customers.has(r[at('customerID')])) customers.set(r[at('customerID')], r[at('countryCode')]);
  fs.writeFileSync(
    path.join(dir, 'customers.csv'),
    ['customer_id,customer_name,credit_days,region,owner_id', ...[...customers].sort().map(([id, country]) => `${id},${id},30,${country},P1`)].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'receipts.csv'),
    [
      'receipt_id,customer_id,receipt_date,amount,invoice_id,method',
      ...rows.map((r) => `R${r[at('invoiceNumber')]},${r[at('customerID')]},${isoFromMdy(r[at('SettledDate')])},${r[at('InvoiceAmount')]},${r[at('invoiceNumber')]},cash`),
    ].join('\n') + '\n',
  );
}
