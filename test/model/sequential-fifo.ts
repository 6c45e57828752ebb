/**
 * A straightforward sequential FIFO, day by day, to check the model's interval match against (test code).
 *
 * Explicit documents first (write-offs, then receipts, each capped at what its invoice can still take).
 * Then, for each day in order: the day's invoices open; the day's cash (receipt remainders, credit notes,
 * write-off remainders, in that order, then by id) joins the customer's pool; a refund adds a claim on the
 * pool, queued after the invoices issued so far (it takes cash left after them, or the next cash that comes);
 * the pool pays open invoices and claims oldest due date first (invoice_id next). Each payment is dated that
 * day. What the pool holds at the end is unapplied.
 */
import { Decimal } from 'decimal.js';
import type { Warehouse } from '../../transforms/db.js';

async function rows(w: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  return (await w.conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

type Claim = { id: string; kind: 'invoice' | 'refund'; customer: string; date: string; key: [string, number, string]; cap: Decimal };
type Cash = { id: string; kind: 'receipt' | 'credit_note' | 'writeoff'; customer: string; date: string; rest: Decimal; order: number };

const cmp = (a: [string, number, string], b: [string, number, string]) =>
  a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? a[1] - b[1] : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;

export interface SequentialResult {
  /** 'source_id invoice_id applied_date amount' for receipts and credit notes, sorted */
  applications: string[];
  /** 'writeoff_id invoice_id effective_date amount', sorted */
  writeoffs: string[];
}

export async function sequentialFifo(w: Warehouse): Promise<SequentialResult> {
  const d = (v: unknown) => new Decimal(String(v));
  const invoices = await rows(w, `SELECT invoice_id, customer_id, strftime(invoice_date, '%Y-%m-%d') AS date, strftime(due_date, '%Y-%m-%d') AS due, CAST(amount AS VARCHAR) AS amount FROM fct_invoice ORDER BY invoice_date, invoice_id`);
  const receipts = await rows(w, `SELECT receipt_id, customer_id, strftime(receipt_date, '%Y-%m-%d') AS date, CAST(amount AS VARCHAR) AS amount, invoice_id FROM stg_receipts ORDER BY receipt_date, receipt_id`);
  const writeoffs = await rows(w, `SELECT writeoff_id, customer_id, strftime(writeoff_date, '%Y-%m-%d') AS date, CAST(amount AS VARCHAR) AS amount, invoice_id FROM stg_writeoffs ORDER BY writeoff_date, writeoff_id`);

  const claims = new Map<string, Claim>();
  for (const i of invoices) {
    if (d(i.amount).gt(0)) {
      claims.set(String(i.invoice_id), { id: String(i.invoice_id), kind: 'invoice', customer: String(i.customer_id), date: String(i.date), key: [String(i.due), 0, String(i.invoice_id)], cap: d(i.amount) });
    }
  }
  const applied = new Map<string, Decimal>();
  const wo = new Map<string, Decimal>();
  const add = (m: Map<string, Decimal>, key: string, v: Decimal) => m.set(key, (m.get(key) ?? new Decimal(0)).plus(v));
  const later = (a: string, b: string) => (a > b ? a : b);
  const cash: Cash[] = [];
  for (const x of writeoffs) {
    const inv = x.invoice_id ? claims.get(String(x.invoice_id)) : undefined;
    const t = inv && inv.customer === x.customer_id && d(x.amount).gt(0) ? Decimal.min(d(x.amount), inv.cap) : new Decimal(0);
    if (inv && t.gt(0)) {
      inv.cap = inv.cap.minus(t);
      add(wo, `${x.writeoff_id} ${inv.id} ${later(String(x.date), inv.date)}`, t);
    }
    if (d(x.amount).minus(t).gt(0)) cash.push({ id: String(x.writeoff_id), kind: 'writeoff', customer: String(x.customer_id), date: String(x.date), rest: d(x.amount).minus(t), order: 3 });
  }
  for (const r of receipts.filter((r) => d(r.amount).gt(0))) {
    const inv = r.invoice_id ? claims.get(String(r.invoice_id)) : undefined;
    const t = inv && inv.customer === r.customer_id ? Decimal.min(d(r.amount), inv.cap) : new Decimal(0);
    if (inv && t.gt(0)) {
      inv.cap = inv.cap.minus(t);
      add(applied, `${r.receipt_id} ${inv.id} ${later(String(r.date), inv.date)}`, t);
    }
    cash.push({ id: String(r.receipt_id), kind: 'receipt', customer: String(r.customer_id), date: String(r.date), rest: d(r.amount).minus(t), order: 1 });
  }
  for (const i of invoices.filter((i) => d(i.amount).lt(0))) {
    cash.push({ id: String(i.invoice_id), kind: 'credit_note', customer: String(i.customer_id), date: String(i.date), rest: d(i.amount).neg(), order: 2 });
  }
  cash.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.order !== b.order ? a.order - b.order : a.id < b.id ? -1 : 1));

  const refunds = receipts.filter((r) => d(r.amount).lt(0));
  const days = [...new Set([...invoices.map((i) => String(i.date)), ...cash.map((c) => c.date), ...refunds.map((r) => String(r.date))])].sort();
  const open = new Map<string, Claim[]>(); // per customer: claims that exist and still take money
  const pool = new Map<string, Cash[]>();
  const maxDue = new Map<string, string>(); // per customer: latest due date of the invoices issued so far
  const byDay = <T,>(list: T[], date: (x: T) => unknown) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(String(date(x)), [...(m.get(String(date(x))) ?? []), x]);
    return m;
  };
  const invoicesOn = byDay([...claims.values()], (c) => c.date);
  const cashOn = byDay(cash, (c) => c.date);
  const refundsOn = byDay(refunds, (r) => r.date);
  for (const day of days) {
    const touched = new Set<string>();
    for (const c of invoicesOn.get(day) ?? []) {
      if (c.cap.gt(0)) open.set(c.customer, [...(open.get(c.customer) ?? []), c]);
      if (c.key[0] > (maxDue.get(c.customer) ?? '')) maxDue.set(c.customer, c.key[0]);
      touched.add(c.customer);
    }
    for (const r of refundsOn.get(day) ?? []) {
      const customer = String(r.customer_id);
      const key: [string, number, string] = [maxDue.get(customer) ?? day, 1, String(r.receipt_id)];
      open.set(customer, [...(open.get(customer) ?? []), { id: String(r.receipt_id), kind: 'refund', customer, date: day, key, cap: d(r.amount).neg() }]);
      touched.add(customer);
    }
    for (const c of cashOn.get(day) ?? []) {
      if (c.rest.gt(0)) pool.set(c.customer, [...(pool.get(c.customer) ?? []), c]);
      touched.add(c.customer);
    }
    for (const customer of touched) {
      const queue = pool.get(customer) ?? [];
      const payable = (open.get(customer) ?? []).filter((c) => c.cap.gt(0)).sort((a, b) => cmp(a.key, b.key));
      for (const claim of payable) {
        while (claim.cap.gt(0) && queue.length > 0) {
          const t = Decimal.min(claim.cap, queue[0].rest);
          claim.cap = claim.cap.minus(t);
          queue[0].rest = queue[0].rest.minus(t);
          if (claim.kind === 'invoice') {
            if (queue[0].kind === 'writeoff') add(wo, `${queue[0].id} ${claim.id} ${day}`, t);
            else add(applied, `${queue[0].id} ${claim.id} ${day}`, t);
          }
          if (queue[0].rest.eq(0)) queue.shift();
        }
      }
      open.set(customer, payable.filter((c) => c.cap.gt(0)));
    }
  }
  const list = (m: Map<string, Decimal>) => [...m].map(([k, v]) => `${k} ${v.toFixed(2)}`).sort();
  return { applications: list(applied), writeoffs: list(wo) };
}
