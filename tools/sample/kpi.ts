/**
 * kpi_inputs: the scorecard inputs the AR ledger cannot give (docs/policies.md, 营销部门 / 营销总监 / 财务部考核; seed 001 「销售及应收款管理考核方法」).
 * Rows for every month, quarter and year; a quarter or year holds the mean of its months for rates, the
 * sum for amounts, and the grade nearest the mean grade for qualitative items.
 *
 * KPI codes (unit_type: unit_id) and value formats:
 *   team (each sales team), person (each 销售总监: his region's teams combined), company ('company'):
 *     delivery_rate        合同任务交货率, percent, e.g. 96.35 (= 96.35%)
 *     market_share         市场占有率, percent, e.g. 8.20
 *     expense_rate         销售费用率 (sales expense / sales), percent, lower is better
 *     expense_growth       销售费用水平升降速度 (expense change vs the same period last year), percent, may be negative
 *     expense_saving       销售费用节约(浪费)额, yuan with 2 decimals, negative = overspent
 *     expense_saving_plan  the planned saving the above is measured against, yuan
 *     inventory_turnover   存货周转率, times per year, e.g. 6.35
 *   team (each sales team):
 *     responsibility_grade        各项责任完成情况: 优秀 / 良好 / 一般 / 差
 *   person (each 销售总监):
 *     director_management_grade   营销各部的领导责任履行情况: 优秀 / 良好 / 一般 / 差
 *     director_teamwork_grade     营销队伍建设情况: 优秀 / 良好 / 一般 / 差
 *   team (财务部):
 *     finance_accounting_grade    核算准确性、及时性
 *     finance_control_grade       监督力度
 *     finance_reporting_grade     报表的及时性
 *     finance_service_grade       分析的深入性、针对性
 * Numbers are written without '%' or separators; percent values are in percent points.
 */
import type { Rng } from './prng.js';
import type { Org } from './org.js';
import { MONTHS, periodSpans } from './calendar.js';
import { CsvSink, fmtCents } from './csv.js';
import { directorsByRegion } from './org.js';

export const KPI_INPUTS_HEADER = ['period', 'unit_type', 'unit_id', 'kpi', 'value'] as const;

export const GRADES = ['差', '一般', '良好', '优秀'] as const;

/** rate: mean over months; flow: sum; grade: 0–3 index into GRADES, the rounded mean. */
type Kind = 'rate' | 'flow' | 'grade';

interface KpiSeries {
  kpi: string;
  kind: Kind;
  /** per month: hundredths for numbers (96.35% → 9635, ¥1.50 → 150), grade index for grades */
  months: Float64Array;
}

interface Unit {
  unitType: 'team' | 'person' | 'company';
  unitId: string;
  series: KpiSeries[];
}

const QUANTITATIVE: ReadonlyArray<{ kpi: string; kind: Kind }> = [
  { kpi: 'delivery_rate', kind: 'rate' },
  { kpi: 'market_share', kind: 'rate' },
  { kpi: 'expense_rate', kind: 'rate' },
  { kpi: 'expense_growth', kind: 'rate' },
  { kpi: 'expense_saving', kind: 'flow' },
  { kpi: 'expense_saving_plan', kind: 'flow' },
  { kpi: 'inventory_turnover', kind: 'rate' },
];

/** A level that wanders month to month around `mean` (AR(1)), clamped, in hundredths. */
function wander(rng: Rng, mean: number, step: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(MONTHS);
  let x = mean;
  for (let m = 0; m < MONTHS; m++) {
    x = Math.min(hi, Math.max(lo, mean + 0.7 * (x - mean) + rng.normal() * step));
    out[m] = Math.round(x * 100);
  }
  return out;
}

/** Grades of a unit with a persistent quality in [0, 1]: good units are mostly 优秀/良好. */
function grades(rng: Rng, quality: number): Float64Array {
  const out = new Float64Array(MONTHS);
  const weights = [0.12 - 0.1 * quality, 0.33 - 0.2 * quality, 0.4, 0.15 + 0.3 * quality];
  for (let m = 0; m < MONTHS; m++) out[m] = rng.weighted(weights);
  return out;
}

function salesTeamSeries(rng: Rng): KpiSeries[] {
  const planned = wander(rng, rng.uniform(20_000, 60_000), 5_000, 5_000, 90_000);
  const saving = planned.map((p) => Math.round(p * (1 + 0.5 * rng.normal())));
  const values: Record<string, Float64Array> = {
    delivery_rate: wander(rng, rng.uniform(92, 98.5), 1.2, 80, 100),
    market_share: wander(rng, rng.uniform(4, 15), 0.6, 1, 30),
    expense_rate: wander(rng, rng.uniform(3.5, 7), 0.5, 1.5, 12),
    expense_growth: wander(rng, rng.uniform(-2, 8), 4, -25, 35),
    expense_saving: saving,
    expense_saving_plan: planned,
    inventory_turnover: wander(rng, rng.uniform(4, 9), 0.5, 1, 15),
  };
  return QUANTITATIVE.map(({ kpi, kind }) => ({ kpi, kind, months: values[kpi] }));
}

/** Several units' quantitative series combined: rates averaged, amounts added. */
function combine(units: readonly Unit[]): KpiSeries[] {
  return QUANTITATIVE.map(({ kpi, kind }, i) => {
    const months = new Float64Array(MONTHS);
    for (const u of units) for (let m = 0; m < MONTHS; m++) months[m] += u.series[i].months[m];
    if (kind === 'rate') for (let m = 0; m < MONTHS; m++) months[m] = Math.round(months[m] / units.length);
    return { kpi, kind, months };
  });
}

function gradeSeries(rng: Rng, codes: readonly string[]): KpiSeries[] {
  const quality = rng.next();
  return codes.map((kpi) => ({ kpi, kind: 'grade' as const, months: grades(rng, quality) }));
}

function buildUnits(rng: Rng, org: Org): Unit[] {
  const teamUnits: Unit[] = [];
  const teamRegions: number[] = [];
  const units: Unit[] = [];
  for (const team of org.teams) {
    if (team.isFinance) {
      const finance = ['finance_accounting_grade', 'finance_control_grade', 'finance_reporting_grade', 'finance_service_grade'];
      units.push({ unitType: 'team', unitId: team.id, series: gradeSeries(rng, finance) });
      continue;
    }
    const unit: Unit = { unitType: 'team', unitId: team.id, series: salesTeamSeries(rng) };
    teamUnits.push(unit);
    teamRegions.push(team.regionIdx);
    units.push({ ...unit, series: [...unit.series, ...gradeSeries(rng, ['responsibility_grade'])] });
  }
  directorsByRegion(org).forEach((director, regionIdx) => {
    const regionTeams = teamUnits.filter((_, i) => teamRegions[i] === regionIdx);
    const series = [...combine(regionTeams), ...gradeSeries(rng, ['director_management_grade', 'director_teamwork_grade'])];
    units.push({ unitType: 'person', unitId: org.people[director].id, series });
  });
  units.push({ unitType: 'company', unitId: 'company', series: combine(teamUnits) });
  return units;
}

/** The value of one series over months [from, to) as written in the file. */
function valueOver(s: KpiSeries, from: number, to: number): string {
  let sum = 0;
  for (let m = from; m < to; m++) sum += s.months[m];
  if (s.kind === 'flow') return fmtCents(sum);
  const mean = Math.round(sum / (to - from));
  return s.kind === 'grade' ? GRADES[mean] : fmtCents(mean);
}

export async function writeKpiInputs(rng: Rng, org: Org, sink: CsvSink): Promise<void> {
  const units = buildUnits(rng, org);
  for (const [period, from, to] of periodSpans()) {
    for (const u of units) for (const s of u.series) sink.line(`${period},${u.unitType},${u.unitId},${s.kpi},${valueOver(s, from, to)}`);
    await sink.flushIfFull();
  }
}
