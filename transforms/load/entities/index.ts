/** Every entity, in load order: a reference always points to an entity loaded before (or to itself). */
import type { EntityDef } from '../types.js';
import { people } from './people.js';
import { customers } from './customers.js';
import { invoices } from './invoices.js';
import { receipts } from './receipts.js';
import { writeoffs } from './writeoffs.js';
import { targets } from './targets.js';
import { kpiInputs } from './kpi_inputs.js';
import { collectionLog } from './collection_log.js';
import { paymentSchedule } from './payment_schedule.js';
import { assignments } from './assignments.js';

export const ENTITIES: readonly EntityDef[] = [people, assignments, customers, invoices, receipts, writeoffs, targets, kpiInputs, collectionLog, paymentSchedule];
