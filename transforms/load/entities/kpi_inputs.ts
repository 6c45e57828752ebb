import type { EntityDef } from '../types.js';
import { grainColumn, periodColumn } from './common.js';

/** 考核指标: scorecard inputs the AR ledger cannot give (market share, expense rate, 优秀/良好/一般/差 grades). */
export const kpiInputs: EntityDef = {
  name: 'kpi_inputs',
  table: 'stg_kpi_inputs',
  fileNames: ['考核指标', '指标', 'kpi', 'kpis'],
  required: false,
  key: ['period', 'unit_type', 'unit_id', 'kpi'],
  columns: [
    periodColumn,
    {
      name: 'unit_type',
      type: 'enum',
      required: true,
      label: '对象类型',
      aliases: ['对象类型', '考核对象类型', '单位类型', '类型'],
      values: { person: 'person', 人员: 'person', 个人: 'person', 业务员: 'person', team: 'team', 团队: 'team', 部门: 'team', company: 'company', 公司: 'company' },
    },
    { name: 'unit_id', type: 'text', required: true, label: '对象编码', aliases: ['对象编码', '考核对象', '单位编码', '编码'] },
    { name: 'kpi', type: 'text', required: true, label: '指标', aliases: ['指标', '考核指标', '指标名称', '指标代码'] },
    { name: 'value', type: 'text', required: true, label: '值', aliases: ['值', '指标值', '数值', '结果', '评价', '评级'] },
  ],
  derived: [
    grainColumn,
    // '12.5%' → 12.5; a grade like 优秀 stays text only
    { name: 'value_number', sqlType: 'DOUBLE', expr: "try_cast(replace(regexp_extract(value, '^([+-]?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*%?$', 1), ',', '') AS DOUBLE)" },
  ],
  refs: [
    { column: 'unit_id', entity: 'people', key: 'person_id', unique: true, when: "unit_type = 'person'", what: 'unknown person (人员编码 not among the loaded people)' },
    { column: 'unit_id', entity: 'people', key: 'team_id', when: "unit_type = 'team'", what: 'unknown team (团队编码 not among the loaded people)' },
  ],
};
