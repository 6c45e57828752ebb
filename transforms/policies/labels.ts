/**
 * The rules page in a finance reader's words (issue 17): every policy parameter's Chinese name, the Chinese
 * names of the fields of table-valued parameters, the coded values a reader meets in them (`metric.sales`,
 * `historical_best`), and the seed documents' titles in place of their file names. The YAML keys stay English
 * (they are the config's identifiers, `policy_parameters.parameter`); these are only how they read.
 * test/policies/labels.test.ts fails when a kind declares a parameter or field without a name here.
 */

/** policy parameter key → its Chinese name (policy_parameters.label) */
export const PARAMETER_LABELS: Record<string, string> = {
  full_points: '满分',
  grade_thresholds: '等级及回款率下限',
  commission_rates: '各等级提成比例',
  streak_length: '连续优秀期数',
  streak_grades: '计入连续优秀的等级',
  streak_bonus_points: '连续优秀加分',
  streak_bonus_rate: '连续优秀提成比例加点',
  fail_streak_length: '连续不及格期数（调岗预警）',
  fail_grade: '不及格等级',
  meeting_star_count: '回款之星人数',
  meeting_star_order: '回款之星排序依据',
  meeting_star_overdue_not_rising: '回款之星须逾期余额未上升',
  meeting_star_dso_not_worse: '回款之星须 DSO 未变差',
  base_points: '基础分',
  rate_thresholds: '回款率分档界限',
  deductions: '各档扣分',
  rate_basis: '回款率分母',
  days_per_month: '每月天数（折算逾期月数）',
  points_per_item: '每笔逾期扣分',
  floor_at_zero: '扣分不低于0分',
  withhold_commission_months: '逾期停发提成的月数',
  salary_deduction_pct: '逾期扣薪比例',
  refund_on_collection: '收回后退还扣薪',
  bad_debt_shares: '坏账赔偿分担比例',
  exempt_deferred: '特批延期的单据免于考核',
  team_points_per_person: '团队按人均扣分',
  base_multiple: '应收基准（当月销售额的倍数）',
  reward_tiers: '奖励档次',
  penalty_tiers: '处罚档次',
  warning_months: '预警月数',
  bad_penalty_from_month: '不良应收处罚起始月',
  bad_penalty_to_month: '不良应收处罚截止月',
  bad_penalty_rate: '不良应收月处罚比例',
  doubtful_after_months: '转为呆坏账的逾期月数',
  doubtful_cost_rate: '呆坏账欠款成本比例',
  rep_share: '业务员承担比例',
  manager_share: '销售经理承担比例',
  rewards_to_rep_only: '奖励只归业务员',
  qualitative_items: '定性考核项目',
  quantitative_items: '定量考核项目',
  person_metrics_from: '个人指标取数口径',
  credit_period_days: '信用期（天）',
  cap_pct: '扣薪比例上限',
  commission_rate: '提成比例',
  gate_rate: '计提提成的回款率门槛',
  acceptance_factor: '承兑汇票计入比例',
  withhold_overdue_months: '逾期停发提成的月数',
  dunning_levels: '催收级别',
  count_from_deferral: '特批延期从截止日起算逾期',
  contact_coverage_points: '催收覆盖率得分（预留，暂不计分）',
  contact_coverage_min_level: '计入催收覆盖率的催收级别',
  escalation_broken_promise_levels: '承诺未兑现时提高催收级别',
  escalation_broken_promise_days: '计入的未兑现承诺（承诺付款日在月末前天数内）',
  escalation_blacklist_levels: '黑名单客户提高催收级别',
  lookback_months: '信用评定回看月数',
  days_late_points: '付款及时性得分（按付款平均逾期天数）',
  overdue_share_points: '逾期占比得分（逾期金额 / 应收余额）',
  broken_promise_points: '承诺兑现得分',
  broken_promise_deduction: '每次承诺未兑现扣分',
  writeoff_points: '无坏账核销得分',
  limit_usage_points: '额度占用得分（应收余额 / 信用额度）',
  grades: '信用等级及最低得分',
  blacklist_overdue_days: '列入黑名单的逾期天数',
  blacklist_on_writeoff: '发生坏账核销列入黑名单',
  blacklist_broken_promises: '列入黑名单的承诺未兑现次数',
  blacklist_clear_months: '移出黑名单需连续未触发的月数',
  blacklist_grade: '黑名单客户的信用等级',
};

/** field of a table-valued parameter's rows → its Chinese name; null: not shown (a kpi_inputs code: an analyst's
 * id, in policy_parameters.value) */
export const FIELD_LABELS: Record<string, string | null> = {
  grade: '等级',
  min_rate: '回款率下限(%)',
  max_ratio: '应收/基准 上限(%)',
  min_ratio: '应收/基准 下限(%)',
  rate: '比例(%)',
  code: null,
  name: '项目',
  kpi: null,
  input: '取数',
  base: '基数',
  plan_kpi: null,
  base_points: '基础分',
  slope: '每偏离1%加减分',
  cap: '最高分',
  lower_is_better: '越低越好',
  level: '级别',
  level_name: '级别名称',
  action: '催收动作',
  role: '负责人',
  min_days_past_due: '逾期天数达到',
  large_amount: '或单笔金额达到(元)',
  large_min_days_past_due: '且逾期天数达到',
  max_days: '付款平均逾期天数不超过',
  max_pct: '比例不超过(%)',
  points: '得分',
  min_score: '最低得分',
  terms: '信用政策',
};

/** coded values a parameter can hold → how a reader says them (unknown codes are shown as they are) */
export const VALUE_LABELS: Record<string, string> = {
  sales: '当月出库销售额',
  target: '回款任务',
  own: '本人负责的客户',
  directed_teams: '所辖各团队',
  historical_best: '历史最好水平',
  plan_or_last: '计划值（无计划时取上期）',
  'metric.sales': '销售额',
  'metric.collections': '回款额',
  'metric.receivables_turnover': '应收账款周转率',
  'metric.ar_balance': '应收余额',
  'metric.overdue_amount': '逾期金额',
  'metric.sales_target': '销售任务',
  'metric.collection_target': '回款任务',
  total_score: '考核得分',
  cei: 'CEI 回款有效指数',
  collection_rate: '回款率',
  overdue_reduction: '逾期余额减少额',
};

/** seed file → the document's title (shared/seeds/README.md) */
export const SEED_TITLES: Record<string, string> = {
  '000': '《销售回款任务考核细则》',
  '001': '《应收账款管理制度汇编》',
  '002': '《公司销售回款管理制度》',
  '003': '《回款管理》（文章）',
  '004': '《销售团队回款效率提升行动计划》',
};

/**
 * A clause or note as the rules page prints it: seed file names become the documents' titles (a reader of the
 * site knows the documents, not the files).
 */
export function clauseText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.replace(/seeds\/(\d{3})_[0-9a-f]+\.txt\s*/g, (_, n: string) => SEED_TITLES[n] ?? '制度原文');
}

/**
 * A coded value (`metric.sales`, `own`) as read. A `kpi.<code>` input is the item's own figure from kpi_inputs:
 * its code is an analyst's id (kept in policy_parameters.value), the reader is told where the figure comes from.
 */
export function valueLabel(value: string): string {
  if (value in VALUE_LABELS) return VALUE_LABELS[value];
  if (value.startsWith('kpi.')) return '录入的考核数据';
  return value;
}
