/**
 * fct_collection_contact numbers the log's contacts ('CL000001' …): the ids stay unique and in order past a
 * million contacts (lpad cut 'CL1000000' to 'CL100000': the 10 M-invoice sample's log repeated ids and its
 * customer pages listed one contact a dozen times).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse();
  await wh.conn.run(readFileSync('transforms/model/macros.sql', 'utf8'));
  await wh.conn.run(`CREATE TABLE dim_person_assignment (person_id VARCHAR, team_id VARCHAR, valid_from DATE, valid_to DATE)`);
}, 120_000);
afterAll(async () => {
  await wh?.close();
});

async function contactIds(contacts: number) {
  await wh.conn.run(`CREATE OR REPLACE TABLE stg_collection_log AS
    SELECT DATE '2025-01-01' + CAST(i // 1000 AS INTEGER) AS contact_date, 'C' || (i % 97) AS customer_id, NULL::VARCHAR AS invoice_id,
           NULL::VARCHAR AS person_id, '电话' AS action, NULL::VARCHAR AS result, NULL::DATE AS promise_date,
           NULL::DECIMAL(18,2) AS promise_amount, NULL::VARCHAR AS note, 'collection_log.csv' AS source_file, CAST(i + 2 AS INTEGER) AS source_line
    FROM range(${contacts}) t(i)`);
  await wh.conn.run(readFileSync('transforms/model/marts/fct_collection_contact.sql', 'utf8'));
  const [r] = await queryRows<{ n: bigint; ids: bigint; first: string; last: string; widths: bigint; ordered: boolean }>(
    wh.conn,
    `SELECT count(*) AS n, count(DISTINCT contact_id) AS ids, min(contact_id) AS first, max(contact_id) AS last,
            count(DISTINCT length(contact_id)) AS widths,
            bool_and(prev IS NULL OR prev < contact_id) AS ordered
     FROM (SELECT contact_id, lag(contact_id) OVER (ORDER BY contact_date, customer_id, source_file, source_line) AS prev FROM fct_collection_contact)`,
  );
  return { n: Number(r.n), ids: Number(r.ids), first: r.first, last: r.last, widths: Number(r.widths), ordered: r.ordered };
}

describe('contact ids', () => {
  it('a small log: CL000001 … six digits', async () => {
    expect(await contactIds(58)).toEqual({ n: 58, ids: 58, first: 'CL000001', last: 'CL000058', widths: 1, ordered: true });
  });

  it('past a million contacts: one id each, one width, in the log order', async () => {
    expect(await contactIds(1_000_001)).toEqual({ n: 1_000_001, ids: 1_000_001, first: 'CL0000001', last: 'CL1000001', widths: 1, ordered: true });
  });
});
