/**
 * The company's organisation (华东精工机械有限公司): regions with a 销售总监 each, ~12 sales teams with a
 * 销售经理 and 8–13 业务员, and a 财务部 that owns no customers. Every rep gets a hidden skill factor
 * (< 1 collects faster) so the league tables have a real spread.
 */
import type { Rng } from './prng.js';
import { CsvSink, fmtCents, pad } from './csv.js';
import { GIVEN_CHARS, ORDINALS, REGIONS, SURNAMES, type RegionDef } from './names.js';
import { DATE_STR, dayOf } from './calendar.js';

export const ROLE_REP = '业务员';
export const ROLE_MANAGER = '销售经理';
export const ROLE_DIRECTOR = '销售总监';
export const FINANCE_TEAM_NAME = '财务部';

export interface Team {
  id: string;
  name: string;
  /** '' for the finance team */
  region: string;
  regionIdx: number;
  isFinance: boolean;
  /** person indexes of the team's 业务员 */
  reps: number[];
}

export interface Person {
  id: string;
  name: string;
  teamIdx: number;
  role: string;
  /** person index of the manager, -1 when none */
  managerIdx: number;
  salaryCents: number;
  region: string;
}

export interface Org {
  regions: readonly RegionDef[];
  teams: Team[];
  people: Person[];
  /** person indexes of all 业务员 */
  reps: number[];
  /** per person: how slowly their customers pay relative to the norm (1); reps only, 1 for others */
  skill: Float64Array;
  /** per person: relative size of the rep's customer portfolio */
  capacity: Float64Array;
  reorg: Reorg;
}

/**
 * The re-organisation of the sample year (issue 19), chosen by position so every draw stays as it was: the last rep
 * of the first team moves to the second team (same region) on 2025-07-01; the last rep of the third team leaves
 * after 2025-09-30 and the team's first rep takes over their customers. People and documents are generated as
 * before; only what the export says changes: people.csv (today's team, 离职日期), assignments.csv (the move), the
 * customers' owner, and who an invoice or a contact names after the leaving day (DocumentGenerator.holderOn).
 */
export interface Reorg {
  mover: number;
  fromTeam: number;
  toTeam: number;
  moveDay: number;
  leaver: number;
  /** the leaver's last day */
  leaveDay: number;
  successor: number;
}

function reorgOf(teams: Team[]): Reorg {
  return {
    mover: teams[0].reps[teams[0].reps.length - 1],
    fromTeam: 0,
    toTeam: 1,
    moveDay: dayOf(2025, 7, 1),
    leaver: teams[2].reps[teams[2].reps.length - 1],
    leaveDay: dayOf(2025, 9, 30),
    successor: teams[2].reps[0],
  };
}

export const PEOPLE_HEADER = ['person_id', 'person_name', 'team_id', 'team_name', 'role', 'manager_id', 'monthly_salary', 'region', 'left_on'] as const;
export const ASSIGNMENTS_HEADER = ['person_id', 'team_id', 'team_name', 'manager_id', 'role', 'valid_from'] as const;

/** A salary drawn in [lo, hi] yuan, rounded to 100 yuan, as cents. */
function salary(rng: Rng, lo: number, hi: number): number {
  return rng.between(lo / 100, hi / 100) * 100 * 100;
}

/** Unique realistic names: surnames favour the common ones; one or two given characters. */
function nameMaker(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const surname = SURNAMES[Math.floor(SURNAMES.length * rng.next() * rng.next())];
      const given = rng.chance(0.3) ? rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS);
      const name = surname + given;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

/** People of the default organisation (12 sales teams, their reps, managers, directors and 财务部), about. */
export const DEFAULT_PEOPLE = 150;

/**
 * `people` (default about DEFAULT_PEOPLE) sets the size of the sales force: every region gets its teams × people /
 * DEFAULT_PEOPLE (at least its default count), each team as in the default organisation. Without it the
 * organisation, and every random draw after it, is the default's exactly.
 */
export function buildOrg(rng: Rng, peopleWanted?: number): Org {
  const scale = peopleWanted === undefined ? 1 : Math.max(1, peopleWanted / DEFAULT_PEOPLE);
  const teams: Team[] = [];
  const people: Person[] = [];
  const newName = nameMaker(rng);
  const add = (teamIdx: number, role: string, managerIdx: number, salaryCents: number, region: string): number => {
    people.push({ id: '', name: newName(), teamIdx, role, managerIdx, salaryCents, region });
    return people.length - 1;
  };

  REGIONS.forEach((region, regionIdx) => {
    let director = -1;
    const regionTeams = Math.round(region.teams * scale);
    for (let t = 0; t < regionTeams; t++) {
      const teamIdx = teams.length;
      const ordinal = t < ORDINALS.length ? ORDINALS[t] : String(t + 1);
      teams.push({ id: '', name: `${region.name}销售${ordinal}部`, region: region.name, regionIdx, isFinance: false, reps: [] });
      // the director sits in the region's first team; every manager reports to the director
      if (t === 0) director = add(teamIdx, ROLE_DIRECTOR, -1, salary(rng, 25_000, 40_000), region.name);
      const manager = add(teamIdx, ROLE_MANAGER, director, salary(rng, 15_000, 25_000), region.name);
      const size = rng.between(8, 13);
      for (let r = 0; r < size; r++) teams[teamIdx].reps.push(add(teamIdx, ROLE_REP, manager, salary(rng, 6_000, 15_000), region.name));
    }
  });

  const financeIdx = teams.length;
  teams.push({ id: '', name: FINANCE_TEAM_NAME, region: '', regionIdx: -1, isFinance: true, reps: [] });
  const cfo = add(financeIdx, '财务经理', -1, salary(rng, 18_000, 28_000), '');
  for (const role of ['会计', '会计', '会计', '应收会计', '出纳']) add(financeIdx, role, cfo, salary(rng, 6_000, 12_000), '');

  // ids as wide as their count needs (T01…, P0001…; a larger organisation only widens them), so text order = creation order
  teams.forEach((t, i) => (t.id = 'T' + pad(i + 1, Math.max(2, String(teams.length).length))));
  people.forEach((p, i) => (p.id = 'P' + pad(i + 1, Math.max(4, String(people.length).length))));

  const reps = teams.flatMap((t) => t.reps);
  const skill = new Float64Array(people.length).fill(1);
  const capacity = new Float64Array(people.length).fill(0);
  for (const r of reps) {
    // a few stars collect twice as fast, a few laggards let customers run late
    skill[r] = Math.min(1.9, Math.max(0.45, rng.logNormal(0.35)));
    capacity[r] = rng.uniform(0.5, 1.6);
  }
  return { regions: REGIONS, teams, people, reps, skill, capacity, reorg: reorgOf(teams) };
}

/** The 销售经理 of a team (person index). */
function managerOf(org: Org, teamIdx: number): number {
  return org.people.findIndex((p) => p.teamIdx === teamIdx && p.role === ROLE_MANAGER);
}

/** people.csv: everyone as the ERP lists them today (the mover in the new team, the leaver with 离职日期). */
export async function writePeople(org: Org, sink: CsvSink): Promise<void> {
  const { mover, toTeam, leaver, leaveDay } = org.reorg;
  org.people.forEach((p, i) => {
    const teamIdx = i === mover ? toTeam : p.teamIdx;
    const team = org.teams[teamIdx];
    const managerIdx = i === mover ? managerOf(org, toTeam) : p.managerIdx;
    const manager = managerIdx >= 0 ? org.people[managerIdx].id : '';
    const leftOn = i === leaver ? DATE_STR[leaveDay] : '';
    sink.line([p.id, p.name, team.id, team.name, p.role, manager, fmtCents(p.salaryCents), p.region, leftOn].join(','));
  });
  await sink.flushIfFull();
}

/** assignments.csv (任职记录): the mover's two teams, the first from the sample's first day. */
export async function writeAssignments(org: Org, sink: CsvSink): Promise<void> {
  const { mover, fromTeam, toTeam, moveDay } = org.reorg;
  const person = org.people[mover];
  for (const [teamIdx, day] of [[fromTeam, 0], [toTeam, moveDay]] as const) {
    const team = org.teams[teamIdx];
    sink.line([person.id, team.id, team.name, org.people[managerOf(org, teamIdx)].id, person.role, DATE_STR[day]].join(','));
  }
  await sink.flushIfFull();
}

/** Person indexes of the 销售总监 per region index. */
export function directorsByRegion(org: Org): number[] {
  const out: number[] = [];
  org.people.forEach((p, i) => {
    if (p.role === ROLE_DIRECTOR) out[org.teams[p.teamIdx].regionIdx] = i;
  });
  return out;
}
