import type { EntityDef } from '../types.js';
import { grainColumn, periodColumn, personRef } from './common.js';

/** 回款任务: a collection target per period for a person or a team (exactly one of them). */
export const targets: EntityDef = {
  name: 'targets',
  table: 'stg_targets',
  fileNames: ['回款任务', '目标', '回款目标', '任务', '考核目标', 'target'],
  required: false,
  key: ['period', 'person_id', 'team_id'],
  amountColumn: 'collection_target',
  columns: [
    periodColumn,
    { name: 'person_id', type: 'text', label: '人员编码', aliases: ['人员编码', '业务员编码', '职员代码', '业务员', '人员'] },
    { name: 'team_id', type: 'text', label: '团队编码', aliases: ['团队编码', '团队代码', '部门编码', '部门代码', '团队'] },
    { name: 'collection_target', type: 'money', required: true, min: 0, label: '回款任务', aliases: ['回款任务', '回款目标', '回款计划', '收款任务', '回款任务额'] },
    { name: 'sales_target', type: 'money', min: 0, label: '销售目标', aliases: ['销售目标', '销售任务', '销售计划', '销售任务额'] },
  ],
  anyOf: [['person_id', 'team_id']],
  derived: [grainColumn],
  checks: [
    { column: 'person_id', fault: 'person_id IS NULL AND team_id IS NULL', reason: "'missing person_id or team_id (人员编码/团队编码): a target belongs to one of them'" },
    { column: 'team_id', fault: 'person_id IS NOT NULL AND team_id IS NOT NULL', reason: "'both person_id and team_id given: a target belongs to exactly one of them'" },
  ],
  refs: [
    personRef('person_id'),
    { column: 'team_id', entity: 'people', key: 'team_id', what: 'unknown team (团队编码 not among the loaded people)' },
  ],
};
