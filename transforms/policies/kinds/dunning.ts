/**
 * 分级催收 (issue 18; seed 004 「分级预警与催收」, seed 000 「回款催收管理」, seed 002): every open item at every
 * month end gets a dunning level from its days past due and its open amount; each level names the action and
 * who is responsible for it. Nothing is scored (a collector's worklist is work, not a grade): the kind writes
 * no mart_scores rows. Its parameters are on the rules page like every policy's, and `writeDunning` builds
 * dim_dunning_level and the view mart_dunning from them.
 */
import type { Fail } from '../config.js';
import { checkOrder } from '../config.js';
import { PERSONS_BY_MONTH, type Kind } from './common.js';

/** who acts at a level: the invoice's salesperson, the team's manager, the team's director, finance, legal */
export const DUNNING_ROLES = ['业务员', '销售经理', '销售总监', '财务', '法务'] as const;
export type DunningRole = (typeof DUNNING_ROLES)[number];

/** One level as the policy file gives it. */
export interface DunningLevelRow {
  level: number;
  level_name: string;
  action: string;
  role: DunningRole;
  /** an item reaches the level this many days past due (negative: before it falls due) … */
  min_days_past_due: number;
  /** … or, when given, with an open amount of at least this much and at least large_min_days_past_due days */
  large_amount?: number;
  large_min_days_past_due?: number;
}

export interface DunningParams {
  levels: DunningLevelRow[];
  /** a 特批 deferral (deferred_until after the due date) moves the date the days are counted from */
  countFromDeferral: boolean;
  /** levels added to every item of a customer with a promise not kept in full whose day fell in the last `brokenPromiseDays` days */
  brokenPromiseLevels: number;
  brokenPromiseDays: number;
  /** levels added to every item of a customer blacklisted at the month end (mart_customer_credit) */
  blacklistLevels: number;
}

export function readDunningParams(values: Record<string, unknown>): DunningParams {
  return {
    levels: values.dunning_levels as DunningLevelRow[],
    countFromDeferral: values.count_from_deferral as boolean,
    // a dunning file without the escalation rule escalates nothing
    brokenPromiseLevels: (values.escalation_broken_promise_levels as number | undefined) ?? 0,
    brokenPromiseDays: (values.escalation_broken_promise_days as number | undefined) ?? 0,
    blacklistLevels: (values.escalation_blacklist_levels as number | undefined) ?? 0,
  };
}

function check(values: Record<string, unknown>, fail: Fail): void {
  const rows = values.dunning_levels as DunningLevelRow[];
  rows.forEach((r, i) => {
    const key = `dunning_levels.value[${i}]`;
    if (r.level !== i + 1) fail(`${key}.level`, `levels are numbered 1, 2, 3 … in order: expected ${i + 1}, got ${r.level}`);
    if (!Number.isInteger(r.min_days_past_due)) fail(`${key}.min_days_past_due`, `expected a whole number of days, got ${r.min_days_past_due}`);
    if (!(DUNNING_ROLES as readonly string[]).includes(r.role)) fail(`${key}.role`, `must be one of ${DUNNING_ROLES.join(', ')}, got ${JSON.stringify(r.role)}`);
    const large = [r.large_amount, r.large_min_days_past_due].filter((x) => x !== undefined).length;
    if (large === 1) fail(key, 'large_amount and large_min_days_past_due go together: give both or neither');
    if (r.large_amount !== undefined && r.large_amount <= 0) fail(`${key}.large_amount`, `must be > 0, got ${r.large_amount}`);
    if (r.large_min_days_past_due !== undefined && r.large_min_days_past_due > r.min_days_past_due) {
      fail(`${key}.large_min_days_past_due`, `a large amount reaches the level earlier, not later: ${r.large_min_days_past_due} > min_days_past_due ${r.min_days_past_due}`);
    }
  });
  checkOrder(rows.map((r) => r.min_days_past_due), 'ascending', (i) => `dunning_levels.value[${i}].min_days_past_due`, fail);
  if (values.escalation_broken_promise_levels !== undefined && values.escalation_broken_promise_days === undefined) {
    fail('escalation_broken_promise_days', 'required with escalation_broken_promise_levels: how recent a broken promise must be');
  }
}

export const dunning: Kind = {
  kind: 'dunning',
  ...PERSONS_BY_MONTH,
  scoreBasis: 'points',
  params: {
    dunning_levels: {
      spec: {
        type: 'table',
        minLength: 1,
        fields: {
          level: { type: 'number' },
          level_name: { type: 'string' },
          action: { type: 'string' },
          role: { type: 'string' },
          min_days_past_due: { type: 'number' },
          large_amount: { type: 'number', optional: true },
          large_min_days_past_due: { type: 'number', optional: true },
        },
      },
      doc: 'levels 1, 2, 3 … (the highest whose condition an item meets is its level); each with its action and responsible role',
    },
    count_from_deferral: { spec: { type: 'boolean' }, doc: 'a 特批 deferral counts the days past due from its end instead of the due date' },
    escalation_broken_promise_levels: {
      spec: { type: 'number', min: 0, integer: true },
      optional: true,
      doc: 'levels added (up to the top level) to the items of a customer with a promise not kept in full (broken or partly kept) whose day fell within escalation_broken_promise_days of the month end',
    },
    escalation_broken_promise_days: { spec: { type: 'number', min: 1, integer: true }, optional: true, doc: 'how recent a promise not kept must be to raise the level' },
    escalation_blacklist_levels: { spec: { type: 'number', min: 0, integer: true }, optional: true, doc: 'levels added (up to the top level) to the items of a customer blacklisted at the month end' },
  },
  check,
  // a worklist, not a score: no mart_scores rows (dim_dunning_level and mart_dunning come from writeDunning)
  async evaluate() {
    return [];
  },
};
