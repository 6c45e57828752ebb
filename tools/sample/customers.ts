/**
 * ~2,000+ customers of every credit type, each owned by a rep. Behaviour that the export never shows
 * directly (order size, how late they pay, whether they name invoices, whether they default) lives
 * here too, so the documents module only follows it.
 */
import type { Rng } from './prng.js';
import type { Org } from './org.js';
import type { DayDistribution } from './seasonality.js';
import { END_DAY, START_DAY } from './calendar.js';
import { CsvSink, fmtCents, pad } from './csv.js';
import { BRAND_WORDS, TRADES } from './names.js';

export type CustomerType = '优质' | '普通' | '风险' | '经销商';

interface TypeProfile {
  type: CustomerType;
  share: number;
  /** credit days to choose from; 0 = cash customer (款到发货) */
  creditDays: readonly number[];
  /** base lateness range in days after the due date, before the rep's skill */
  late: readonly [number, number];
  /** day-to-day spread of lateness */
  spread: number;
  /** order size and volume relative to an ordinary customer */
  ticket: number;
  volume: number;
  /** chance the customer stops paying at some point (→ 呆坏账, write-offs) */
  defaultRisk: number;
  /** credit limit as months of sales */
  limitMonths: number;
}

const PROFILES: readonly TypeProfile[] = [
  { type: '优质', share: 0.2, creditDays: [60, 90, 90], late: [-10, 5], spread: 6, ticket: 1.5, volume: 1.4, defaultRisk: 0, limitMonths: 3 },
  { type: '普通', share: 0.48, creditDays: [0, 30, 30, 30, 30, 30, 60, 60, 60, 60], late: [0, 30], spread: 12, ticket: 1, volume: 1, defaultRisk: 0.02, limitMonths: 2 },
  { type: '风险', share: 0.17, creditDays: [0, 0, 30, 30, 30], late: [60, 200], spread: 30, ticket: 0.6, volume: 0.6, defaultRisk: 0.35, limitMonths: 1 },
  { type: '经销商', share: 0.15, creditDays: [30, 60, 90], late: [10, 45], spread: 15, ticket: 2, volume: 2, defaultRisk: 0.05, limitMonths: 2.5 },
];

/** Median 价税合计 of an ordinary customer's invoice, in cents (¥30,000). */
const BASE_TICKET_CENTS = 3_000_000;

export interface Customer {
  id: string;
  name: string;
  type: CustomerType;
  creditDays: number;
  creditLimitCents: number;
  region: string;
  /** person index of the owning rep */
  owner: number;
  /** active window: first and last day the customer is invoiced */
  startDay: number;
  endDay: number;
  /** the day it stops paying for good, -1 when never */
  defaultDay: number;
  /** relative invoice volume, before the active window */
  size: number;
  ticketCents: number;
  lateDays: number;
  lateSpread: number;
  /** share of receipts that name their invoice (the rest are applied FIFO) */
  explicitShare: number;
  /** 月结: FIFO receipts of one month are paid as one sum */
  monthlySettle: boolean;
  /** cash customer: pays before delivery */
  prepay: boolean;
  /** invoices allocated to this customer */
  invoices: number;
}

export const CUSTOMERS_HEADER = ['customer_id', 'customer_name', 'credit_limit', 'credit_days', 'customer_type', 'region', 'owner_id'] as const;

/** Customers scale modestly with the invoice count so big samples keep plausible per-customer volumes. */
export function customerCount(invoices: number): number {
  return Math.max(2000, Math.round(invoices / 500));
}

/** Unique company names: city + brand + trade + 有限公司, two brand words once the single ones run short. */
function companyNamer(rng: Rng): (cities: readonly string[]) => string {
  const used = new Set<string>();
  return (cities) => {
    for (let tries = 0; ; tries++) {
      const brand = tries < 20 ? rng.pick(BRAND_WORDS) : rng.pick(BRAND_WORDS) + rng.pick(BRAND_WORDS);
      const name = `${rng.pick(cities)}${brand}${rng.pick(TRADES)}有限公司`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

/** The active window: most customers span the three years, some join late, some leave. */
function activeWindow(rng: Rng): [number, number] {
  const r = rng.next();
  if (r < 0.17) return [rng.between(60, END_DAY - 240), END_DAY];
  if (r < 0.25) return [START_DAY, rng.between(240, END_DAY - 60)];
  return [START_DAY, END_DAY];
}

function newCustomer(rng: Rng, org: Org, ownerWeights: number[], namer: (cities: readonly string[]) => string): Customer {
  const profile = PROFILES[rng.weighted(PROFILES.map((p) => p.share))];
  const owner = org.reps[rng.weighted(ownerWeights)];
  const regionDef = org.regions[org.teams[org.people[owner].teamIdx].regionIdx];
  let [startDay, endDay] = activeWindow(rng);
  const creditDays = rng.pick(profile.creditDays);
  const prepay = creditDays === 0;
  let defaultDay = -1;
  // only a credit customer can leave debts behind; a cash customer pays before delivery
  if (!prepay && rng.chance(profile.defaultRisk) && endDay - startDay > 200) {
    defaultDay = rng.between(startDay + 150, Math.min(endDay, END_DAY - 30));
    // credit control stops deliveries a few weeks after the customer stops paying
    endDay = Math.min(endDay, defaultDay + rng.between(30, 150));
  }
  const explicitStyle = rng.next();
  return {
    id: '',
    name: namer(regionDef.cities),
    type: profile.type,
    creditDays,
    creditLimitCents: 0,
    region: regionDef.name,
    owner,
    startDay,
    endDay,
    defaultDay,
    size: profile.volume * Math.min(12, Math.max(0.05, rng.logNormal(1))),
    ticketCents: Math.round(BASE_TICKET_CENTS * profile.ticket * rng.logNormal(0.5)),
    lateDays: rng.uniform(profile.late[0], profile.late[1]),
    lateSpread: profile.spread,
    // a defaulting customer's receipts all name invoices, so its write-offs match the open amounts exactly
    explicitShare: defaultDay >= 0 ? 1 : explicitStyle < 0.4 ? 0.95 : explicitStyle < 0.7 ? 0.5 : 0.05,
    monthlySettle: defaultDay < 0 && explicitStyle >= 0.7 && rng.chance(0.5),
    prepay,
    invoices: 0,
  };
}

/**
 * Spread exactly `total` invoices over the customers by size × the sales mass of their active window
 * (systematic rounding: each count is within one of its share, and the counts add up to `total`).
 */
function allocateInvoices(customers: Customer[], total: number, days: DayDistribution): void {
  const weights = customers.map((c) => c.size * days.mass(c.startDay, c.endDay));
  const sum = weights.reduce((a, b) => a + b, 0);
  let cum = 0;
  let prev = 0;
  customers.forEach((c, i) => {
    cum += weights[i];
    const upto = i === customers.length - 1 ? total : Math.floor((cum / sum) * total + 0.5);
    c.invoices = upto - prev;
    prev = upto;
  });
}

/** Credit limit: some months of the customer's expected sales, in round ¥10,000; 0 for cash customers. */
function creditLimit(c: Customer, limitMonths: number): number {
  if (c.prepay || c.invoices === 0) return 0;
  const months = Math.max(1, (c.endDay - c.startDay + 1) / 30.4);
  const monthlyCents = (c.invoices * c.ticketCents * 1.13) / months;
  return Math.ceil((monthlyCents * limitMonths) / 1_000_000) * 1_000_000;
}

export function buildCustomers(rng: Rng, org: Org, invoices: number, days: DayDistribution, customerTotal?: number): Customer[] {
  const count = customerTotal ?? customerCount(invoices);
  const ownerWeights = org.reps.map((r) => org.capacity[r]);
  const namer = companyNamer(rng);
  const width = Math.max(5, String(count).length);
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const c = newCustomer(rng, org, ownerWeights, namer);
    c.id = 'C' + pad(i + 1, width);
    customers.push(c);
  }
  allocateInvoices(customers, invoices, days);
  for (const c of customers) c.creditLimitCents = creditLimit(c, PROFILES.find((p) => p.type === c.type)!.limitMonths);
  return customers;
}

export async function writeCustomers(customers: Customer[], org: Org, sink: CsvSink): Promise<void> {
  for (const c of customers) {
    // the ERP names today's owner: a leaver's customers are their successor's (org.ts, Reorg)
    const owner = c.owner === org.reorg.leaver ? org.reorg.successor : c.owner;
    sink.line([c.id, c.name, fmtCents(c.creditLimitCents), c.creditDays, c.type, c.region, org.people[owner].id].join(','));
    await sink.flushIfFull();
  }
}
