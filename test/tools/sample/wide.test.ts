/**
 * A wide export (issue 21, the bench's cost against units): `--people` grows the sales force with more teams of the
 * default's make-up, and the export still loads without a reject; without it the organisation is the default's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWarehouse, queryRows } from '../../../transforms/db.js';
import { loadExport } from '../../../transforms/load/index.js';
import { writeSample } from '../../../tools/sample/index.js';

describe('sample generator: --people', () => {
  it('1,000 people asked: 80 teams of a manager and 8–13 reps, every region a director, unique ids, loads with no reject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-wide-'));
    const w = await openWarehouse();
    try {
      const stats = await writeSample({ outDir: dir, invoices: 3000, customers: 1500, people: 1000 });
      // 5 regions × (their 2–3 default teams × 1000/150, rounded) = 20+20+13+13+13 sales teams, and 财务部
      expect(stats.teams).toBe(80);
      expect(stats.rows['customers.csv']).toBe(1500);
      await loadExport(w.conn, dir);
      expect(await queryRows(w.conn, `SELECT file, line, "column", value, reason FROM load_rejects WHERE severity = 'error' LIMIT 5`)).toEqual([]);
      const [org] = await queryRows<{ people: number; ids: number; teams: number; names: number; directors: number; bad_teams: number }>(
        w.conn,
        `SELECT count(*)::INT AS people, count(DISTINCT person_id)::INT AS ids, count(DISTINCT team_id)::INT AS teams,
                count(DISTINCT team_name)::INT AS names, count(*) FILTER (WHERE role = '销售总监')::INT AS directors,
                -- 8–13 reps a team as generated; people.csv lists today's teams, after the sample year's move of one
                -- rep from the first team to the second (tools/sample/org.ts, Reorg): 7–14 there
                (SELECT count(*)::INT FROM (SELECT team_id FROM stg_people WHERE team_name <> '财务部' GROUP BY team_id
                   HAVING count(*) FILTER (WHERE role = '销售经理') <> 1 OR count(*) FILTER (WHERE role = '业务员') NOT BETWEEN 7 AND 14)) AS bad_teams
         FROM stg_people`,
      );
      expect(org).toMatchObject({ ids: org.people, teams: 80, names: 80, directors: 5, bad_teams: 0 });
      expect(org.people).toBeGreaterThan(800);
      expect(org.people).toBeLessThan(1200);
      // the ids widen only when the count needs it: T01 … T80, P0001 …
      expect((await queryRows<{ t: string }>(w.conn, `SELECT max(team_id) AS t FROM stg_people`))[0].t).toBe('T80');
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
