import type { EntityDef } from '../types.js';
import { personRef } from './common.js';

/**
 * 任职记录 (issue 19): the organisation's history, one row per person and date from which they belonged to a
 * team (调岗 / 调动). Optional: a person without rows here is in people's team on every date. A person with rows
 * is in the team of their latest row dated on or before a document's date, and in their first row's team before
 * it; today's team is their latest row's. Documents are attributed to the team valid at their date
 * (docs/metrics.md, Organisation history). A team nobody is in today is named by 团队名称 on its rows.
 */
export const assignments: EntityDef = {
  name: 'assignments',
  table: 'stg_assignments',
  fileNames: ['任职记录', '人员调动', '调岗记录', '人员任职', '任职', 'assignment', 'transfers'],
  required: false,
  key: ['person_id', 'valid_from'],
  columns: [
    { name: 'person_id', type: 'text', required: true, label: '人员编码', aliases: ['人员编码', '职员代码', '职员编码', '员工编号', '员工编码', '工号', '业务员编码', 'employee_id', 'staff_id'] },
    { name: 'team_id', type: 'text', required: true, label: '团队编码', aliases: ['团队编码', '团队代码', '部门编码', '部门代码', '调入部门编码', 'department_id', 'dept_id'] },
    { name: 'team_name', type: 'text', label: '团队名称', aliases: ['团队名称', '团队', '部门名称', '部门', '调入部门', 'department', 'dept'] },
    { name: 'manager_id', type: 'text', label: '上级', aliases: ['上级', '上级编码', '直接上级', '上级领导', 'manager'] },
    { name: 'role', type: 'text', label: '岗位', aliases: ['岗位', '职务', '职位', 'position', 'title'] },
    { name: 'valid_from', type: 'date', required: true, label: '生效日期', aliases: ['生效日期', '调动日期', '任职日期', '起始日期', '开始日期', 'valid_from', 'effective_date', 'start_date'] },
  ],
  refs: [
    personRef('person_id'),
    { column: 'manager_id', entity: 'people', key: 'person_id', unique: true, what: 'unknown manager (上级 not among the loaded people)' },
    {
      column: 'team_id',
      entity: 'people',
      key: 'team_id',
      when: 'team_name IS NULL',
      what: 'unknown team (团队编码 not among the loaded people; a team nobody is in today needs its 团队名称 on the row)',
    },
  ],
};
