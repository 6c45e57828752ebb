/** The evaluators by `kind`: a policy file picks one; its parameters are checked against the kind's spec. */
import { arTotal } from './arTotal.js';
import { collectionRateTiers } from './collectionRateTiers.js';
import { collectionTask } from './collectionTask.js';
import { commission } from './commission.js';
import { credit } from './credit.js';
import { dunning } from './dunning.js';
import type { Kind } from './common.js';
import { overdue } from './overdue.js';
import { overdueRatioSalary } from './overdueRatioSalary.js';
import { scorecard } from './scorecard.js';

export type { Kind } from './common.js';

export const KINDS: Record<string, Kind> = Object.fromEntries(
  [collectionTask, collectionRateTiers, overdue, arTotal, scorecard, overdueRatioSalary, commission, dunning, credit].map((k) => [k.kind, k]),
);
