import type { EntityDef } from '../types.js';

/**
 * 人员: sales reps, managers and directors with their team (部门) today. A person's earlier teams come from the
 * optional 任职记录 file (assignments.ts); 离职日期 marks a person who has left: from the day after, their
 * customers' open items are the customer owner's (docs/metrics.md, Organisation history).
 */
export const people: EntityDef = {
  name: 'people',
  table: 'stg_people',
  fileNames: ['人员', '职员', '员工', '业务员', 'persons', 'staff', 'employees'],
  required: true,
  key: ['person_id'],
  columns: [
    { name: 'person_id', type: 'text', required: true, label: '人员编码', aliases: ['人员编码', '职员代码', '职员编码', '员工编号', '员工编码', '工号', '业务员编码', '代码', '编码', 'employee_id', 'staff_id'] },
    { name: 'person_name', type: 'text', required: true, label: '姓名', aliases: ['姓名', '人员名称', '职员名称', '员工姓名', '职员', '业务员', '名称', 'name'] },
    { name: 'team_id', type: 'text', required: true, label: '团队编码', aliases: ['团队编码', '团队代码', '部门编码', '部门代码', 'department_id', 'dept_id'] },
    { name: 'team_name', type: 'text', required: true, label: '团队名称', aliases: ['团队名称', '团队', '部门名称', '部门', 'department', 'dept'] },
    { name: 'role', type: 'text', label: '岗位', aliases: ['岗位', '职务', '职位', 'position', 'title'] },
    { name: 'manager_id', type: 'text', label: '上级', aliases: ['上级', '上级编码', '直接上级', '上级领导', 'manager'] },
    { name: 'monthly_salary', type: 'money', min: 0, label: '月工资', aliases: ['月工资', '月薪', '基本工资', '工资', 'salary'] },
    { name: 'region', type: 'text', label: '区域', aliases: ['区域', '地区', '片区', '大区'] },
    { name: 'left_on', type: 'date', label: '离职日期', aliases: ['离职日期', '离职时间', '离职日', 'left_on', 'leave_date', 'termination_date'] },
  ],
  refs: [{ column: 'manager_id', entity: 'people', key: 'person_id', unique: true, acyclic: true, what: 'unknown manager (上级 not among the loaded people)' }],
};
