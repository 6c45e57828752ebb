/**
 * The sample's re-organisation (issue 19 item 5; tools/sample/org.ts, Reorg): P0014, the last rep of T01, moves to T02
 * on 2025-07-01; P0037, the last rep of T03, leaves after 2025-09-30 and P0030, the team's first rep, owns his
 * customers today. Read back through the loader and the model: the export says so, and the history comes out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../../transforms/db.js';
import { loadExport } from '../../../transforms/load/index.js';
import { runModel } from '../../../transforms/model/index.js';
import { buildOrg } from '../../../tools/sample/org.js';
import { Rng } from '../../../tools/sample/prng.js';
import { generate, removeGenerated } from './sampleHelpers.js';

const SEED = 20250101;
const org = buildOrg(new Rng(SEED).fork('org'));
const id = (i: number) => org.people[i].id;
const { mover, leaver, successor } = org.reorg;

let w: Warehouse;
beforeAll(async () => {
  const sample = await generate(SEED, 12_000);
  w = await openWarehouse();
  await loadExport(w.conn, sample.dir);
  await runModel(w.conn);
}, 120_000);
afterAll(async () => {
  await w?.close();
  removeGenerated();
});

const rows = (sql: string) => queryRows<Record<string, string | number | null>>(w.conn, sql);

describe('the sample’s re-organisation', () => {
  it('names the mover, the leaver and the successor by position in the default organisation', () => {
    expect([id(mover), org.teams[org.people[mover].teamIdx].id, id(leaver), id(successor)]).toEqual(['P0014', 'T01', 'P0037', 'P0030']);
  });

  it('the export: today’s team and two 任职记录 rows for the mover, 离职日期 for the leaver, his customers the successor’s', async () => {
    expect(await rows(`SELECT person_id, team_id, strftime(valid_from, '%Y-%m-%d') AS valid_from FROM stg_assignments ORDER BY valid_from`)).toEqual([
      { person_id: 'P0014', team_id: 'T01', valid_from: '2023-01-01' },
      { person_id: 'P0014', team_id: 'T02', valid_from: '2025-07-01' },
    ]);
    expect(await rows(`SELECT person_id, team_id, strftime(left_on, '%Y-%m-%d') AS left_on FROM dim_person WHERE person_id IN ('P0014', 'P0037') ORDER BY 1`)).toEqual([
      { person_id: 'P0014', team_id: 'T02', left_on: null },
      { person_id: 'P0037', team_id: 'T03', left_on: '2025-09-30' },
    ]);
    expect(await rows(`SELECT count(*)::INT AS n FROM dim_customer WHERE owner_id = 'P0037'`)).toEqual([{ n: 0 }]);
    // nothing names the leaver after his last day: invoices and contacts are the successor's
    expect(await rows(`SELECT count(*)::INT AS n FROM fct_invoice WHERE person_id = 'P0037' AND invoice_date > DATE '2025-09-30'`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::INT AS n FROM fct_collection_contact WHERE person_id = 'P0037' AND contact_date > DATE '2025-09-30'`)).toEqual([{ n: 0 }]);
  });

  it('the mover’s documents count for T01 until June and for T02 from July', async () => {
    const teams = await rows(
      `SELECT CASE WHEN invoice_date < DATE '2025-07-01' THEN 'before' ELSE 'after' END AS half, string_agg(DISTINCT team_id, ',' ORDER BY team_id) AS teams
       FROM fct_invoice WHERE person_id = 'P0014' GROUP BY 1 ORDER BY 1 DESC`,
    );
    expect(teams.map((r) => `${r.half} ${String(r.teams)}`)).toEqual(['before T01', 'after T02']);
    const open = await rows(
      `SELECT period_key, string_agg(DISTINCT team_id, ',' ORDER BY team_id) AS teams FROM fct_open_item
       WHERE person_id = 'P0014' AND period_key IN ('2025-06', '2025-07') GROUP BY 1 ORDER BY 1`,
    );
    expect(open.map((r) => `${r.period_key} ${String(r.teams)}`)).toEqual(['2025-06 T01', '2025-07 T02']);
  });

  it('fct_ar_transfer: the mover’s open items on 2025-07-01, the leaver’s to the successor on 2025-10-01, each = the open amount the day before', async () => {
    const moves = await rows(
      `SELECT strftime(transfer_date, '%Y-%m-%d') AS day, reason, from_person_id AS from_p, from_team_id AS from_t, to_person_id AS to_p, to_team_id AS to_t, count(*)::INT AS n
       FROM fct_ar_transfer GROUP BY ALL ORDER BY day`,
    );
    expect(moves.map(({ n, ...r }) => Object.values(r).join(' '))).toEqual([
      '2025-07-01 team_move P0014 T01 P0014 T02',
      '2025-10-01 handover P0037 T03 P0030 T03',
    ]);
    expect(moves.every((m) => Number(m.n) > 0)).toBe(true);
    // the amount handed over is what fct_open_item shows at the month end before (nothing of these invoices is
    // dated between that month end and the day before the transfer, which is the month end itself)
    const mismatch = await rows(
      `SELECT t.invoice_id, t.amount, sum(o.open_amount) AS open_amount FROM fct_ar_transfer t
       LEFT JOIN fct_open_item o ON o.invoice_id = t.invoice_id AND o.as_of = t.transfer_date - 1
       GROUP BY ALL HAVING t.amount IS DISTINCT FROM sum(o.open_amount)`,
    );
    expect(mismatch).toEqual([]);
  });
});
