/**
 * Test helper: the IBM accounts-receivable sample (../shared/data/ibm-ar-sample) as stg_* tables, built
 * straight from the CSV with DuckDB read_csv (independent of the loader).
 *
 * Mapping: each row is an invoice (invoiceNumber, customerID, InvoiceDate, DueDate, InvoiceAmount) settled in
 * full on SettledDate: one receipt per invoice naming it (receipt_id 'R' || invoiceNumber). Customers get
 * 30-day terms and an owner per country code (one person per countryCode, all in one team).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import { createStaging } from './staging.js';

export const IBM_CSV = fileURLToPath(new URL('../../../shared/data/ibm-ar-sample/WA_Fn-UseC_-Accounts-Receivable.csv', import.meta.url));

export async function loadIbmStaging(conn: DuckDBConnection, csv: string = IBM_CSV): Promise<void> {
  await createStaging(conn);
  await conn.run(`
    CREATE OR REPLACE TEMP TABLE ibm AS
    SELECT row_number() OVER () + 1 AS line, countryCode AS country, customerID AS customer_id, invoiceNumber AS invoice_id,
      CAST(strptime(InvoiceDate, '%m/%d/%Y') AS DATE) AS invoice_date,
      CAST(strptime(DueDate, '%m/%d/%Y') AS DATE) AS due_date,
      CAST(strptime(SettledDate, '%m/%d/%Y') AS DATE) AS settled_date,
      CAST(InvoiceAmount AS DECIMAL(18, 2)) AS amount
    FROM read_csv('${csv}', header = true, all_varchar = true);

    INSERT INTO stg_people
    SELECT DISTINCT 'P' || country, 'Rep ' || country, 'T1', 'IBM sample', '业务员', NULL, NULL, country, NULL, 'people.csv', 2 FROM ibm;
    INSERT INTO stg_customers
    SELECT customer_id, customer_id, NULL, 30, NULL, any_value(country), 'P' || any_value(country), 'customers.csv', CAST(min(line) AS INTEGER)
    FROM ibm GROUP BY customer_id;
    INSERT INTO stg_invoices
    SELECT invoice_id, customer_id, invoice_date, amount, due_date, NULL, NULL, NULL, NULL, 'invoices.csv', CAST(line AS INTEGER) FROM ibm;
    INSERT INTO stg_receipts
    SELECT 'R' || invoice_id, customer_id, settled_date, amount, invoice_id, NULL, 'receipts.csv', CAST(line AS INTEGER) FROM ibm;
    DROP TABLE ibm;
  `);
}
