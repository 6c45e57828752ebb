import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadPolicies, parameterText, parsePolicy, PolicyConfigError } from '../../transforms/policies/config.js';
import { KINDS } from '../../transforms/policies/kinds/index.js';
import { POLICIES_DIR } from './shipped.js';

/** A shipped policy file as an object, changed by `edit`, parsed back under the name `file`. */
function variant(id: string, edit: (doc: Record<string, any>) => void, file = `policies/${id}.yaml`) {
  const doc = parse(readFileSync(join(POLICIES_DIR, `${id}.yaml`), 'utf8'));
  edit(doc);
  return () => parsePolicy(stringify(doc), file, KINDS);
}

function expectError(fn: () => unknown, file: string, key: string, problem?: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PolicyConfigError);
  const msg = (err as Error).message;
  expect(msg).toContain(file);
  expect(msg).toContain(key);
  if (problem) expect(msg).toMatch(problem);
}

describe('policy files: validation', () => {
  it('every shipped file is valid, with source and clause on every parameter', () => {
    const ps = loadPolicies(POLICIES_DIR, KINDS);
    expect(ps.map((p) => p.id).sort()).toEqual(
      ['ar_total', 'collection_task', 'commission', 'credit', 'dunning', 'monthly_collection_rate', 'overdue', 'overdue_ratio_salary', 'scorecard_finance', 'scorecard_sales_dept', 'scorecard_sales_director'].sort(),
    );
    for (const p of ps) {
      for (const [k, v] of Object.entries(p.parameters)) {
        expect(['seed', 'policy_default'], `${p.id}.${k}`).toContain(v.source);
        expect(v.clause, `${p.id}.${k}`).toMatch(/seeds\/00\d_/);
        expect(v.unit.length, `${p.id}.${k}`).toBeGreaterThan(0);
      }
    }
  });
  it('an unknown top-level key names the file and the key', () => {
    expectError(variant('collection_task', (d) => (d.colour = 'red'), 'policies/bad_top.yaml'), 'policies/bad_top.yaml', 'colour', /unknown key/);
  });
  it('an unknown parameter names the file and the parameter', () => {
    expectError(
      variant('ar_total', (d) => (d.parameters.bonus_rate = { value: 1, unit: '%', source: 'seed', clause: 'x' }), 'policies/x.yaml'),
      'policies/x.yaml',
      'parameters.bonus_rate',
      /unknown key/,
    );
  });
  it('an unknown key inside a parameter or a table row', () => {
    expectError(variant('overdue', (d) => (d.parameters.base_points.defualt = 1)), 'policies/overdue.yaml', 'parameters.base_points.defualt');
    expectError(variant('ar_total', (d) => (d.parameters.reward_tiers.value[1].rat = 1)), 'policies/ar_total.yaml', 'parameters.reward_tiers.value[1].rat');
  });
  it('a wrong type names the key', () => {
    expectError(variant('collection_task', (d) => (d.parameters.full_points.value = 'hundred')), 'policies/collection_task.yaml', 'parameters.full_points.value', /expected a number/);
    expectError(variant('overdue', (d) => (d.parameters.floor_at_zero.value = 'yes')), 'policies/overdue.yaml', 'parameters.floor_at_zero.value', /true or false/);
    expectError(variant('monthly_collection_rate', (d) => (d.parameters.rate_thresholds.value = [98, '95%', 90, 85])), 'policies/monthly_collection_rate.yaml', 'parameters.rate_thresholds.value[1]');
    expectError(variant('overdue', (d) => (d.parameters.base_points.source = 'guess')), 'policies/overdue.yaml', 'parameters.base_points.source', /seed, policy_default/);
  });
  it('a missing parameter or field names it', () => {
    expectError(variant('commission', (d) => delete d.parameters.gate_rate), 'policies/commission.yaml', 'parameters.gate_rate', /missing/);
    expectError(variant('commission', (d) => delete d.parameters.gate_rate.clause), 'policies/commission.yaml', 'parameters.gate_rate.clause', /missing/);
  });
  it('thresholds out of order name the offending entry', () => {
    expectError(
      variant('collection_task', (d) => (d.parameters.grade_thresholds.value[2].min_rate = 105)),
      'policies/collection_task.yaml',
      'parameters.grade_thresholds.value[2].min_rate',
      /out of order/,
    );
    expectError(variant('monthly_collection_rate', (d) => (d.parameters.rate_thresholds.value = [98, 90, 95, 85])), 'policies/monthly_collection_rate.yaml', 'parameters.rate_thresholds.value[2]', /out of order/);
    expectError(variant('monthly_collection_rate', (d) => (d.parameters.deductions.value = [0, 5, 2, 10, 20])), 'policies/monthly_collection_rate.yaml', 'parameters.deductions.value[2]', /out of order/);
    expectError(variant('ar_total', (d) => (d.parameters.penalty_tiers.value[2].min_ratio = 115)), 'policies/ar_total.yaml', 'parameters.penalty_tiers.value[2].min_ratio', /out of order/);
    expectError(variant('ar_total', (d) => (d.parameters.bad_penalty_to_month.value = 3)), 'policies/ar_total.yaml', 'parameters.bad_penalty_to_month.value', /out of order/);
    expectError(variant('scorecard_finance', (d) => (d.parameters.qualitative_items.value[1]['一般'] = 18)), 'policies/scorecard_finance.yaml', 'parameters.qualitative_items.value[1].一般', /out of order/);
    expectError(variant('scorecard_sales_dept', (d) => (d.parameters.quantitative_items.value[0].cap = 5)), 'policies/scorecard_sales_dept.yaml', 'parameters.quantitative_items.value[0].cap', /out of order/);
  });
  it('shares must add up to 100', () => {
    expectError(variant('overdue', (d) => (d.parameters.bad_debt_shares.value['公司'] = 20)), 'policies/overdue.yaml', 'parameters.bad_debt_shares.value', /100/);
    expectError(variant('ar_total', (d) => (d.parameters.manager_share.value = 30)), 'policies/ar_total.yaml', 'parameters.manager_share.value', /100/);
  });
  it('unknown kind, level or grain the kind cannot evaluate', () => {
    expectError(variant('overdue', (d) => (d.kind = 'overdew')), 'policies/overdue.yaml', 'kind', /unknown kind/);
    expectError(variant('overdue', (d) => (d.grains = ['month', 'quarter'])), 'policies/overdue.yaml', 'grains[1]', /does not evaluate/);
    expectError(variant('scorecard_finance', (d) => (d.levels = ['team', 'company'])), 'policies/scorecard_finance.yaml', 'levels[1]');
  });
  it('a grade without commission rate, a bad scorecard input', () => {
    expectError(variant('collection_task', (d) => delete d.parameters.commission_rates.value['良好']), 'policies/collection_task.yaml', 'parameters.commission_rates.value.良好', /missing/);
    expectError(variant('scorecard_sales_dept', (d) => (d.parameters.quantitative_items.value[1].input = 'metric.nonsense')), 'policies/scorecard_sales_dept.yaml', 'parameters.quantitative_items.value[1].input');
  });
  it('YAML syntax errors and duplicate ids name the file', () => {
    expectError(() => parsePolicy('id: x\nid: y\n', 'policies/dup.yaml', KINDS), 'policies/dup.yaml', '(yaml)');
    const dir = mkdtempSync(join(tmpdir(), 'pol-'));
    const text = readFileSync(join(POLICIES_DIR, 'overdue.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), text);
    writeFileSync(join(dir, 'b.yaml'), text);
    expectError(() => loadPolicies(dir, KINDS), 'b.yaml', 'id', /duplicate/);
  });
});

describe('parameter values as the rules page reads them', () => {
  it('scalars, lists, maps and tables', () => {
    expect(parameterText(100)).toBe('100');
    expect(parameterText(true)).toBe('是');
    expect(parameterText(null)).toBe('—');
    expect(parameterText([98, 95, 90, 85])).toBe('98、95、90、85');
    expect(parameterText([])).toBe('（无）');
    expect(parameterText({ 业务员: 40, 公司: 30 })).toBe('业务员 40、公司 30');
    // fields by their Chinese names (labels.ts), an unknown field as it is, internal codes left out
    expect(parameterText([{ grade: '特优', min_rate: 110 }, { grade: '不及格' }])).toBe('等级 特优，回款率下限(%) 110；等级 不及格');
    expect(parameterText([{ code: 'x', tiers: [1, 2] }])).toBe('tiers (1、2)');
    expect(parameterText([{ name: '市场占有率', input: 'kpi.market_share', base: 'historical_best', lower_is_better: false }]))
      .toBe('项目 市场占有率，取数 录入的考核数据，基数 历史最好水平，越低越好 否');
    expect(parameterText('directed_teams')).toBe('所辖各团队');
  });
});
