/**
 * The transaction files: invoices (with credit notes), receipts (partial, late, explicit and FIFO,
 * prepayments, refunds, acceptance notes) and write-offs. Generated customer by customer into reusable
 * typed scratch arrays (no object per row) and streamed to the sinks, money as integer cents.
 *
 * Consistency the loader checks, and how it is kept:
 * - a receipt names only its own customer's invoice, dated on or after the invoice, for no more than
 *   the invoice's remaining amount;
 * - a customer that defaults names every receipt's invoice and gets no credit notes or deposits, so the
 *   open amount of its unpaid invoices does not depend on the FIFO rule and each write-off (dated at a
 *   month end more than a year after the invoice and after the last payment) never exceeds it;
 * - refunds go only to a cash customer whose prepayments exceed its invoices at that date (its credit).
 */
import type { Rng } from './prng.js';
import type { Org } from './org.js';
import type { Customer } from './customers.js';
import { CsvSink, fmtCents, pad } from './csv.js';
import { DATE_STR, END_DAY, MONTHS, MONTH_COMPACT, MONTH_OF_DAY, START_DAY, bankDay, monthEndOf, yearOfDay } from './calendar.js';
import type { DayDistribution } from './seasonality.js';

export const INVOICES_HEADER = ['invoice_id', 'customer_id', 'invoice_date', 'amount', 'due_date', 'person_id', 'cost_amount', 'contract_id', 'deferred_until'] as const;
export const RECEIPTS_HEADER = ['receipt_id', 'customer_id', 'receipt_date', 'amount', 'invoice_id', 'method'] as const;
export const WRITEOFFS_HEADER = ['writeoff_id', 'customer_id', 'writeoff_date', 'amount', 'invoice_id'] as const;
export const COLLECTION_LOG_HEADER = ['contact_date', 'customer_id', 'invoice_id', 'person_id', 'action', 'result', 'promise_date', 'promise_amount', 'note'] as const;

const WIRE = '电汇';
const CASH = '现金';
const BANK_ACCEPTANCE = '银行承兑汇票';
const COMMERCIAL_ACCEPTANCE = '商业承兑汇票';

const CREDIT_NOTE_SHARE = 0.025;
const EXPLICIT_DUE_SHARE = 0.15;
const DEFERRAL_SHARE = 0.005;
/** payment terms a contract may state instead of the customer's credit days */
const CONTRACT_TERMS = [15, 45, 60, 90, 120] as const;
const YUAN_1000 = 100_000;
/** sort key = day × 2^23 + entry index: one numeric typed-array sort orders a customer's receipts */
const KEY_SCALE = 1 << 23;

export interface DocumentStats {
  invoices: number;
  creditNotes: number;
  invoiceCents: number;
  explicitDueDates: number;
  deferrals: number;
  receipts: number;
  refunds: number;
  receiptCents: number;
  explicitReceipts: number;
  unappliedReceipts: number;
  acceptanceCents: number;
  writeoffs: number;
  writeoffCents: number;
  contacts: number;
  promises: number;
}

export interface Sinks {
  invoices: CsvSink;
  receipts: CsvSink;
  writeoffs: CsvSink;
  /** 催收记录: contacts about late invoices, with promises (written from its own random stream) */
  collectionLog: CsvSink;
}

/** Per person × month (index 0 = 2023-01), cents: what the targets are set around. */
export interface Activity {
  salesCents: Float64Array;
  collectionCents: Float64Array;
}

export class DocumentGenerator {
  readonly stats: DocumentStats = {
    invoices: 0, creditNotes: 0, invoiceCents: 0, explicitDueDates: 0, deferrals: 0, receipts: 0, refunds: 0,
    receiptCents: 0, explicitReceipts: 0, unappliedReceipts: 0, acceptanceCents: 0, writeoffs: 0, writeoffCents: 0,
    contacts: 0, promises: 0,
  };
  /** the customer's contacts as (day, line), written in date order after its receipts */
  private contacts: Array<[number, string]> = [];
  readonly activity: Activity;

  // invoice scratch, one slot per invoice of the current customer
  private readonly iDay: Int32Array;
  private readonly iCents: Float64Array;
  private readonly iPerson: Int32Array;
  private readonly iDue: Int32Array;
  private readonly iDeferred: Int32Array;
  private readonly iCredited: Float64Array;
  private readonly iCreditDay: Int32Array;
  private readonly iPaid: Float64Array;
  private readonly iIsCredit: Uint8Array;
  private readonly iIds: string[];
  /** the person_id field as written ('' = the customer's owner) and the contract, copied by credit notes */
  private readonly iPersonField: string[];
  private readonly iContract: string[];
  // receipt-entry scratch
  private readonly rKey: Float64Array;
  private readonly rDay: Int32Array;
  private readonly rCents: Float64Array;
  private readonly rInv: Int32Array;
  private readonly rPerson: Int32Array;
  private entries = 0;

  private readonly invSeq = new Int32Array(MONTHS);
  private readonly recSeq = new Int32Array(MONTHS);
  private readonly woSeq = new Int32Array(MONTHS);
  private contractSeq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly org: Org,
    private readonly days: DayDistribution,
    private readonly sinks: Sinks,
    private readonly idWidth: number,
    maxInvoicesPerCustomer: number,
    /** the collection log's own stream: drawing from it leaves every document as it was without a log */
    private readonly logRng: Rng,
  ) {
    const n = Math.max(1, maxInvoicesPerCustomer);
    this.iDay = new Int32Array(n);
    this.iCents = new Float64Array(n);
    this.iPerson = new Int32Array(n);
    this.iDue = new Int32Array(n);
    this.iDeferred = new Int32Array(n);
    this.iCredited = new Float64Array(n);
    this.iCreditDay = new Int32Array(n);
    this.iPaid = new Float64Array(n);
    this.iIsCredit = new Uint8Array(n);
    this.iIds = new Array<string>(n).fill('');
    this.iPersonField = new Array<string>(n).fill('');
    this.iContract = new Array<string>(n).fill('');
    const m = 4 * n + 4;
    this.rKey = new Float64Array(m);
    this.rDay = new Int32Array(m);
    this.rCents = new Float64Array(m);
    this.rInv = new Int32Array(m);
    this.rPerson = new Int32Array(m);
    this.activity = {
      salesCents: new Float64Array(org.people.length * MONTHS),
      collectionCents: new Float64Array(org.people.length * MONTHS),
    };
  }

  /** All documents of one customer; flushes the sinks when their buffers are full. */
  async customer(c: Customer): Promise<void> {
    const n = c.invoices;
    if (n === 0) return;
    this.drawInvoiceDays(c, n);
    for (let j = 0; j < n; j++) this.invoice(c, j);
    this.entries = 0;
    if (c.prepay) this.prepayments(c, n);
    else for (let j = 0; j < n; j++) if (!this.iIsCredit[j]) this.payments(c, j);
    this.writeReceipts(c);
    this.writeContacts();
    if (c.defaultDay >= 0) for (let j = 0; j < n; j++) this.writeoff(c, j);
    await this.sinks.invoices.flushIfFull();
    await this.sinks.receipts.flushIfFull();
    await this.sinks.writeoffs.flushIfFull();
    await this.sinks.collectionLog.flushIfFull();
  }

  private drawInvoiceDays(c: Customer, n: number): void {
    for (let j = 0; j < n; j++) this.iDay[j] = this.days.sample(this.rng, c.startDay, c.endDay);
    this.iDay.subarray(0, n).sort();
  }

  /** 'XS202503-00042': prefix, month of the document, running number within the month. */
  private docId(prefix: string, day: number, seq: Int32Array): string {
    const m = MONTH_OF_DAY[day];
    return prefix + MONTH_COMPACT[m] + '-' + pad(++seq[m], this.idWidth);
  }

  private contractId(day: number): string {
    return 'HT' + yearOfDay(day) + '-' + pad(++this.contractSeq, this.idWidth);
  }

  /** A credit note's source: a recent regular invoice with something left to credit, or -1. */
  private creditSource(c: Customer, j: number): number {
    if (j === 0 || c.prepay || c.defaultDay >= 0 || !this.rng.chance(CREDIT_NOTE_SHARE)) return -1;
    const ref = j - 1 - this.rng.int(Math.min(j, 4));
    return this.iIsCredit[ref] || this.iCents[ref] - this.iCredited[ref] <= 0 ? -1 : ref;
  }

  private invoice(c: Customer, j: number): void {
    const ref = this.creditSource(c, j);
    this.iCredited[j] = 0;
    this.iCreditDay[j] = -1;
    this.iPaid[j] = 0;
    this.iDeferred[j] = -1;
    this.iIsCredit[j] = ref >= 0 ? 1 : 0;
    const day = this.iDay[j];
    const id = this.docId('XS', day, this.invSeq);
    this.iIds[j] = id;
    const row = ref >= 0 ? this.creditNoteFields(j, ref, day) : this.regularFields(c, j, day);
    this.sinks.invoices.line(id + ',' + c.id + ',' + DATE_STR[day] + ',' + row);
    const cents = this.iCents[j];
    this.stats.invoices++;
    this.stats.invoiceCents += cents;
    this.activity.salesCents[this.iPerson[j] * MONTHS + MONTH_OF_DAY[day]] += cents;
  }

  /** amount … deferred_until of a regular invoice. */
  private regularFields(c: Customer, j: number, day: number): string {
    const rng = this.rng;
    const cents = Math.max(50_000, Math.round(c.ticketCents * rng.logNormal(0.6)));
    this.iCents[j] = cents;
    this.invoicePerson(c, j);
    let dueField = '';
    let dueDays = c.creditDays;
    if (rng.chance(EXPLICIT_DUE_SHARE)) {
      // a contract may state its own term; most explicit due dates just repeat the customer's
      if (!c.prepay && rng.chance(0.3)) dueDays = rng.pick(CONTRACT_TERMS);
      dueField = DATE_STR[day + dueDays];
      this.stats.explicitDueDates++;
    }
    this.iDue[j] = day + dueDays;
    let deferredField = '';
    if (!c.prepay && rng.chance(DEFERRAL_SHARE)) {
      this.iDeferred[j] = monthEndOf(this.iDue[j] + rng.between(60, 180));
      deferredField = DATE_STR[this.iDeferred[j]];
      this.stats.deferrals++;
    }
    const costCents = Math.round(cents * rng.uniform(0.7, 0.85));
    // consecutive deliveries often fall under one contract
    this.iContract[j] = j === 0 || rng.chance(0.35) ? this.contractId(day) : this.iContract[j - 1];
    return fmtCents(cents) + ',' + dueField + ',' + this.iPersonField[j] + ',' + fmtCents(costCents) + ',' + this.iContract[j] + ',' + deferredField;
  }

  /**
   * The person of an invoice: mostly the owner (often left empty), sometimes a colleague of the team. The leaver's
   * invoices name them (customers.csv names the successor as owner); after their last day the successor's.
   */
  private invoicePerson(c: Customer, j: number): void {
    const r = this.rng.next();
    const drawn = r < 0.9 ? c.owner : this.rng.pick(this.org.teams[this.org.people[c.owner].teamIdx].reps);
    const person = this.holderOn(drawn, this.iDay[j]);
    this.iPerson[j] = person;
    this.iPersonField[j] = drawn === this.org.reorg.leaver && person === drawn ? this.org.people[person].id : r < 0.75 ? '' : this.org.people[person].id;
  }

  /** Who acts for `person` on `day`: the successor once the leaver has gone (org.ts, Reorg). */
  private holderOn(person: number, day: number): number {
    const { leaver, leaveDay, successor } = this.org.reorg;
    return person === leaver && day > leaveDay ? successor : person;
  }

  /** amount … deferred_until of a credit note (红字) returning part or all of invoice `ref`. */
  private creditNoteFields(j: number, ref: number, day: number): string {
    const room = this.iCents[ref] - this.iCredited[ref];
    const cents = this.rng.chance(0.25) ? room : Math.max(100, Math.min(room, Math.round(this.iCents[ref] * this.rng.uniform(0.05, 0.4))));
    this.iCents[j] = -cents;
    this.iCredited[ref] += cents;
    this.iCreditDay[ref] = day;
    this.iPerson[j] = this.iPerson[ref];
    this.iPersonField[j] = this.iPersonField[ref];
    this.iContract[j] = this.iContract[ref];
    this.iDue[j] = day;
    this.stats.creditNotes++;
    return fmtCents(-cents) + ',,' + this.iPersonField[j] + ',,' + this.iContract[j] + ',';
  }

  private addEntry(day: number, cents: number, inv: number, person: number): void {
    const e = this.entries++;
    this.rKey[e] = day * KEY_SCALE + e;
    this.rDay[e] = day;
    this.rCents[e] = cents;
    this.rInv[e] = inv;
    this.rPerson[e] = this.holderOn(person, day);
  }

  /** Days after the due date the customer pays: its habit, scaled by the rep's skill, plus noise. */
  private lateness(c: Customer, j: number): number {
    if (this.iDeferred[j] >= 0) return this.iDeferred[j] - this.iDue[j] - this.rng.between(0, 30);
    const habit = c.lateDays > 0 ? c.lateDays * this.org.skill[this.iPerson[j]] : c.lateDays;
    return Math.round(habit + this.rng.normal() * c.lateSpread);
  }

  /** Receipt entries of one regular invoice of a credit customer: deposit, then 1–3 installments. */
  private payments(c: Customer, j: number): void {
    const rng = this.rng;
    const day = this.iDay[j];
    const person = this.iPerson[j];
    const first = bankDay(Math.max(day, this.iDue[j] + this.lateness(c, j)));
    let due = this.iCents[j];
    // a returned part is deducted when the credit note came before the customer paid
    if (this.iCreditDay[j] >= 0 && this.iCreditDay[j] <= first) due -= this.iCredited[j];
    if (c.explicitShare < 1 && due > 3 * c.ticketCents && rng.chance(0.5)) {
      // large orders take a 30% deposit before delivery (seed 002), unapplied until the invoice exists
      const deposit = Math.floor((due * 0.3) / YUAN_1000) * YUAN_1000;
      this.addEntry(Math.max(START_DAY, bankDay(day - rng.between(5, 30))), deposit, -1, person);
      due -= deposit;
    }
    const parts = rng.chance(0.8) ? 1 : rng.chance(0.75) ? 2 : 3;
    let payDay = first;
    // what the collector saw: the invoice unpaid until its first payment (never, when the customer defaults first)
    const paidFrom = first > END_DAY || (c.defaultDay >= 0 && first >= c.defaultDay) ? -1 : first;
    this.collect(c, j, due, paidFrom);
    for (let k = 1; k <= parts && due > 0; k++) {
      if (payDay > END_DAY || (c.defaultDay >= 0 && payDay >= c.defaultDay)) return;
      const cents = k === parts ? due : Math.floor((due * rng.uniform(0.3, 0.7)) / 10_000) * 10_000;
      if (cents <= 0) continue;
      const explicit = rng.chance(c.explicitShare);
      this.addEntry(payDay, cents, explicit ? j : -1, person);
      if (explicit) this.iPaid[j] += cents;
      due -= cents;
      payDay = bankDay(payDay + rng.between(15, 60));
    }
  }

  /**
   * 催收记录 of one credit invoice (issue 18; seed 004 「建立回款台账与沟通记录」): the invoice's salesperson
   * reminds some customers before the due date; an invoice still unpaid a week past due is chased every 10–30
   * days until its first payment, more often and longer for a customer that pays late or stops paying (up to
   * 3 contacts, 8 for 风险 customers). Most contacts end in a promise of the open amount: a customer that does pay
   * mostly promises the day it then pays or a few days later (kept; partly kept when it pays in installments),
   * sometimes an earlier day (broken); a customer that stops paying promises and never pays (broken). A promise
   * names the invoice as often as the customer's receipts name theirs, else it is for the customer's balance.
   */
  private collect(c: Customer, j: number, openCents: number, paidFrom: number): void {
    // nothing left to collect: a credit note returned the whole invoice before it was paid
    if (openCents <= 0) return;
    const rng = this.logRng;
    const due = this.iDue[j];
    const personOn = (day: number) => this.org.people[this.holderOn(this.iPerson[j], day)].id;
    const invoiceId = this.iIds[j];
    const settled = paidFrom >= 0 ? paidFrom : END_DAY + 1;
    if (settled <= due + 7) {
      // paid about on time: now and then a reminder before the due date
      const day = due - rng.between(1, 7);
      if (rng.chance(0.12) && day > this.iDay[j] && day <= END_DAY && day < settled) {
        this.contact(day, c, rng.chance(0.5) ? invoiceId : '', personOn(day), rng.chance(0.7) ? '电话' : '微信', '已提醒', -1, 0, '');
      }
      return;
    }
    const maxContacts = c.type === '风险' ? 8 : c.lateDays > 20 ? 5 : 3;
    let day = bankDay(due + rng.between(5, 15));
    for (let k = 0; k < maxContacts && day < settled && day <= END_DAY; k++) {
      const overdue = day - due;
      const action = overdue > 90 && rng.chance(0.4) ? '律师函' : overdue > 60 && rng.chance(0.5) ? '高层沟通' : overdue > 30 && rng.chance(0.5) ? '上门拜访' : rng.chance(0.3) ? '发送对账单' : rng.chance(0.8) ? '电话' : '微信';
      // a customer that names invoices on its receipts talks about invoices by name too
      const named = rng.chance(c.explicitShare) ? invoiceId : '';
      if (rng.chance(0.7)) {
        let promise: number;
        if (paidFrom >= 0 && rng.chance(0.9)) promise = Math.max(day + 1, paidFrom + (rng.chance(0.7) ? 0 : rng.between(1, 5)));
        else promise = day + rng.between(5, 20);
        this.contact(day, c, named, personOn(day), action, '承诺付款', promise, openCents, rng.chance(0.2) ? '客户称资金周转后付款' : '');
      } else {
        this.contact(day, c, named, personOn(day), action, rng.pick(['未接通', '客户称资金紧张', '对账确认', '负责人出差']), -1, 0, '');
      }
      day = bankDay(day + rng.between(10, 30));
    }
  }

  private contact(day: number, c: Customer, invoiceId: string, person: string, action: string, result: string, promiseDay: number, promiseCents: number, note: string): void {
    const promise = promiseDay >= 0 ? DATE_STR[promiseDay] + ',' + fmtCents(promiseCents) : ',';
    this.contacts.push([day, DATE_STR[day] + ',' + c.id + ',' + invoiceId + ',' + person + ',' + action + ',' + result + ',' + promise + ',' + note]);
    this.stats.contacts++;
    if (promiseDay >= 0) this.stats.promises++;
  }

  /** The customer's contacts in date order (a stable sort: same-day contacts in the order they were made). */
  private writeContacts(): void {
    this.contacts.sort((a, b) => a[0] - b[0]);
    for (const [, line] of this.contacts) this.sinks.collectionLog.line(line);
    this.contacts = [];
  }

  /**
   * A cash customer (款到发货) prepays each order, rounded up to ¥1,000, sometimes for more than is then
   * delivered; the credit carries to the next order or is refunded while no newer invoice has used it.
   */
  private prepayments(c: Customer, n: number): void {
    const rng = this.rng;
    let credit = 0;
    for (let j = 0; j < n; j++) {
      const day = this.iDay[j];
      const need = this.iCents[j] - credit;
      if (need > 0) {
        let pay = Math.ceil(need / YUAN_1000) * YUAN_1000;
        if (rng.chance(0.06)) pay += Math.round((this.iCents[j] * rng.uniform(0.1, 0.5)) / YUAN_1000) * YUAN_1000;
        this.addEntry(Math.max(START_DAY, day - rng.between(0, 10)), pay, -1, this.iPerson[j]);
        credit += pay;
      }
      credit -= this.iCents[j];
      const refundDay = bankDay(day + rng.between(3, 30));
      const nextInvoice = j + 1 < n ? this.iDay[j + 1] : END_DAY + 1;
      if (credit > 0 && refundDay < nextInvoice && refundDay <= END_DAY && rng.chance(credit >= 5 * YUAN_1000 ? 0.6 : 0.03)) {
        this.addEntry(refundDay, -credit, -1, this.iPerson[j]);
        credit = 0;
      }
    }
  }

  private method(cents: number): string {
    if (cents < 0) return WIRE;
    const r = this.rng.next();
    if (cents >= 5_000_000) return r < 0.2 ? BANK_ACCEPTANCE : r < 0.28 ? COMMERCIAL_ACCEPTANCE : WIRE;
    if (r < 0.06) return BANK_ACCEPTANCE;
    if (r < 0.08) return COMMERCIAL_ACCEPTANCE;
    return r < 0.16 && cents < 2_000_000 ? CASH : WIRE;
  }

  /** The customer's receipt entries in date order; a 月结 customer's FIFO payments of a month become one. */
  private writeReceipts(c: Customer): void {
    const n = this.entries;
    if (n === 0) return;
    const keys = this.rKey.subarray(0, n).sort();
    let pendingDay = -1;
    let pendingCents = 0;
    for (let k = 0; k < n; k++) {
      const e = keys[k] % KEY_SCALE;
      const day = this.rDay[e];
      const cents = this.rCents[e];
      const month = MONTH_OF_DAY[day];
      this.activity.collectionCents[this.rPerson[e] * MONTHS + month] += cents;
      const mergeable = c.monthlySettle && this.rInv[e] < 0 && cents > 0;
      if (pendingDay >= 0 && !(mergeable && MONTH_OF_DAY[pendingDay] === month)) {
        this.receipt(c, pendingDay, pendingCents, -1);
        pendingDay = -1;
        pendingCents = 0;
      }
      if (mergeable) {
        pendingDay = day;
        pendingCents += cents;
      } else this.receipt(c, day, cents, this.rInv[e]);
    }
    if (pendingDay >= 0) this.receipt(c, pendingDay, pendingCents, -1);
  }

  private receipt(c: Customer, day: number, cents: number, inv: number): void {
    const method = this.method(cents);
    const invoiceField = inv >= 0 ? this.iIds[inv] : '';
    this.sinks.receipts.line(this.docId('SK', day, this.recSeq) + ',' + c.id + ',' + DATE_STR[day] + ',' + fmtCents(cents) + ',' + invoiceField + ',' + method);
    const s = this.stats;
    s.receipts++;
    s.receiptCents += cents;
    if (cents < 0) s.refunds++;
    if (inv >= 0) s.explicitReceipts++;
    else s.unappliedReceipts++;
    if (method === BANK_ACCEPTANCE || method === COMMERCIAL_ACCEPTANCE) s.acceptanceCents += cents;
  }

  /** A defaulted invoice is written off at a month end once it is over a year old (most, not all). */
  private writeoff(c: Customer, j: number): void {
    if (this.iIsCredit[j]) return;
    const open = this.iCents[j] - this.iPaid[j];
    if (open <= 0) return;
    const day = this.iDay[j];
    const rng = this.rng;
    const woDay = monthEndOf(Math.max(day + 366 + rng.between(0, 120), c.defaultDay + rng.between(60, 150)));
    if (woDay > END_DAY || !rng.chance(0.85)) return;
    const cents = rng.chance(0.85) ? open : Math.max(1, Math.round(open * rng.uniform(0.5, 0.95)));
    this.sinks.writeoffs.line(this.docId('HX', woDay, this.woSeq) + ',' + c.id + ',' + DATE_STR[woDay] + ',' + fmtCents(cents) + ',' + this.iIds[j]);
    this.stats.writeoffs++;
    this.stats.writeoffCents += cents;
  }
}
