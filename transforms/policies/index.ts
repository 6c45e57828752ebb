/**
 * The policy stage (docs/policies.md): loads and validates every policies/*.yaml, evaluates each with the evaluator
 * its `kind` names, and writes mart_scores, mart_league, policy_catalog and policy_parameters; then the dunning
 * customers' credit grades (dim_credit_grade, mart_customer_credit), the dunning levels (dim_dunning_level) and the
 * view mart_dunning.
 * A policy file copied under a new id with other numbers becomes a new policy: no code change.
 */
import type { Warehouse } from '../db.js';
import type { StepTiming } from '../model/index.js';
import { loadPolicies, PolicyConfigError } from './config.js';
import { Context } from './context.js';
import { writeCredit } from './credit.js';
import { writeDunning } from './dunning.js';
import { KINDS } from './kinds/index.js';
import { PolicyMarts } from './write.js';

export { PolicyConfigError } from './config.js';

/**
 * `onStep` hears of the two tables computed over every customer and month end (the credit grades, the dunning
 * levels' view): `npm run bench` shows them apart from writing the scores.
 */
export async function runPolicies(
  wh: Pick<Warehouse, 'conn' | 'db'>,
  policiesDir = 'policies',
  { onStep }: { onStep?: (s: StepTiming) => void } = {},
): Promise<void> {
  const { conn } = wh;
  const policies = loadPolicies(policiesDir, KINDS);
  if (policies.length === 0) throw new PolicyConfigError(policiesDir, '(directory)', 'no policy files (*.yaml)');
  const ctx = await Context.load(wh);
  // each policy's results written as it is evaluated, not held until the last (PolicyMarts)
  const marts = await PolicyMarts.open(conn, ctx);
  try {
    for (const policy of policies) {
      const kind = KINDS[policy.kind];
      marts.add({ policy, scoreBasis: kind.scoreBasis, results: await kind.evaluate(policy, ctx) });
    }
  } catch (error) {
    marts.close();
    throw error;
  }
  await marts.finish();
  const step = async (name: string, run: () => Promise<void>): Promise<void> => {
    const t0 = performance.now();
    await run();
    onStep?.({ stage: 'policies', name, ms: performance.now() - t0 });
  };
  // the credit grades first: the dunning escalation reads the blacklist
  await step('mart_customer_credit', () => writeCredit(conn, policies));
  await step('mart_dunning', () => writeDunning(conn, policies));
}
