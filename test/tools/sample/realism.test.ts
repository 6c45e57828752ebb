/**
 * The sample exercises what the product reports on and the policies score (transforms/load/README.md's input files, docs/policies.md): checked with
 * real values from the generated files.
 */
import { describe, expect, it } from 'vitest';
import { column, scalar, useSampleTables } from './sampleHelpers.js';

const KPI_CODES = [
  'responsibility_grade', 'delivery_rate', 'market_share', 'expense_rate', 'expense_growth', 'expense_saving', 'expense_saving_plan',
  'inventory_turnover', 'director_management_grade', 'director_teamwork_grade', 'finance_accounting_grade', 'finance_control_grade',
  'finance_reporting_grade', 'finance_service_grade',
];
const GRADE_KPIS = KPI_CODES.filter((k) => k.endsWith('_grade'));

describe('sample generator: a realistic company', () => {
  const t = useSampleTables(20250101, 10_000);
  const n = (sql: string): Promise<number> => scalar(t.w(), sql);
  const col = (sql: string): Promise<string[]> => column(t.w(), sql);

  it('has 4+ regions, 12 sales teams and a 财务部, ~150 people in every role', async () => {
    expect(await n(`SELECT count(DISTINCT region) FROM people`)).toBeGreaterThanOrEqual(4);
    expect(await n(`SELECT count(DISTINCT region) FROM customers`)).toBeGreaterThanOrEqual(4);
    expect(await n(`SELECT count(DISTINCT team_id) FROM people WHERE team_name <> '财务部'`)).toBe(12);
    expect(await n(`SELECT count(DISTINCT team_id) FROM people WHERE team_name = '财务部'`)).toBe(1);
    const people = await n(`SELECT count(*) FROM people`);
    expect(people).toBeGreaterThanOrEqual(130);
    expect(people).toBeLessThanOrEqual(175);
    expect(await n(`SELECT count(*) FROM people WHERE role = '销售经理'`)).toBe(12);
    expect(await n(`SELECT count(*) FROM people WHERE role = '销售总监'`)).toBe(await n(`SELECT count(DISTINCT region) FROM people WHERE role = '业务员'`));
    expect(await n(`SELECT count(*) FROM people WHERE role = '业务员'`)).toBeGreaterThan(100);
    expect(await n(`SELECT count(*) FROM customers WHERE owner_id IN (SELECT person_id FROM people WHERE team_name = '财务部')`)).toBe(0);
  });

  it('pays salaries in the ranges of each role', async () => {
    const range = async (role: string): Promise<number[]> =>
      (await col(`SELECT min(monthly_salary::DECIMAL(18,2)) || ',' || max(monthly_salary::DECIMAL(18,2)) FROM people WHERE role = '${role}'`))[0].split(',').map(Number);
    const [repLo, repHi] = await range('业务员');
    expect(repLo).toBeGreaterThanOrEqual(6000);
    expect(repHi).toBeLessThanOrEqual(15000);
    const [dirLo, dirHi] = await range('销售总监');
    expect(dirLo).toBeGreaterThanOrEqual(25000);
    expect(dirHi).toBeLessThanOrEqual(40000);
  });

  it('has ~2,000 customers of every credit type and term, some cash customers', async () => {
    expect(await n(`SELECT count(*) FROM customers`)).toBe(2000);
    expect(await col(`SELECT DISTINCT customer_type FROM customers ORDER BY 1`)).toEqual(['优质', '普通', '经销商', '风险'].sort());
    expect(await col(`SELECT DISTINCT credit_days FROM customers ORDER BY credit_days::INT`)).toEqual(['0', '30', '60', '90']);
    expect(await n(`SELECT count(*) FROM customers WHERE NOT regexp_matches(customer_name, '有限公司$')`)).toBe(0);
  });

  it('spans 36 months 2023-01…2025-12 with growth and Chinese seasonality', async () => {
    expect(await n(`SELECT count(DISTINCT substr(invoice_date, 1, 7)) FROM invoices`)).toBe(36);
    const yearly = (await col(`SELECT sum(amount::DOUBLE) FROM invoices GROUP BY substr(invoice_date, 1, 4) ORDER BY substr(invoice_date, 1, 4)`)).map(Number);
    expect(yearly[1]).toBeGreaterThan(yearly[0]);
    expect(yearly[2]).toBeGreaterThan(yearly[1]);
    const month = (mm: string): Promise<number> => n(`SELECT sum(amount::DOUBLE) FROM invoices WHERE substr(invoice_date, 6, 2) = '${mm}'`);
    const feb = await month('02');
    expect(await month('06')).toBeGreaterThan(feb * 1.5);
    expect(await month('12')).toBeGreaterThan(feb * 1.5);
  });

  it('mixes credit notes, explicit and empty due dates, persons, contracts and deferrals', async () => {
    const invoices = await n(`SELECT count(*) FROM invoices`);
    const creditNotes = await n(`SELECT count(*) FROM invoices WHERE amount::DECIMAL(18,2) < 0`);
    expect(creditNotes / invoices).toBeGreaterThan(0.01);
    expect(creditNotes / invoices).toBeLessThan(0.04);
    expect(await n(`SELECT count(*) FROM invoices WHERE due_date IS NULL`)).toBeGreaterThan(invoices * 0.7);
    expect(await n(`SELECT count(*) FROM invoices WHERE due_date IS NOT NULL`)).toBeGreaterThan(invoices * 0.05);
    expect(await n(`SELECT count(*) FROM invoices WHERE person_id IS NULL`)).toBeGreaterThan(invoices * 0.5);
    expect(await n(`SELECT count(*) FROM invoices i JOIN customers c USING (customer_id) WHERE i.person_id <> c.owner_id`)).toBeGreaterThan(0);
    expect(await n(`SELECT count(*) FROM invoices WHERE contract_id IS NULL`)).toBe(0);
    expect(await n(`SELECT count(DISTINCT contract_id) FROM invoices`)).toBeLessThan(invoices);
    expect(await n(`SELECT count(*) FROM invoices WHERE deferred_until IS NOT NULL`)).toBeGreaterThan(0);
    const costShare = await n(`SELECT sum(cost_amount::DOUBLE) / sum(amount::DOUBLE) FROM invoices WHERE cost_amount IS NOT NULL`);
    expect(costShare).toBeGreaterThan(0.7);
    expect(costShare).toBeLessThan(0.85);
  });

  it('has explicit and unapplied receipts, refunds and ~20% acceptance notes', async () => {
    const receipts = await n(`SELECT count(*) FROM receipts`);
    expect(await n(`SELECT count(*) FROM receipts WHERE invoice_id IS NOT NULL`)).toBeGreaterThan(receipts * 0.2);
    expect(await n(`SELECT count(*) FROM receipts WHERE invoice_id IS NULL`)).toBeGreaterThan(receipts * 0.2);
    expect(await n(`SELECT count(*) FROM receipts WHERE amount::DECIMAL(18,2) < 0`)).toBeGreaterThan(0);
    expect(await n(`SELECT count(*) FROM receipts WHERE amount::DECIMAL(18,2) < 0`)).toBeLessThan(receipts * 0.02);
    const acceptance = await n(`SELECT sum(amount::DOUBLE) FILTER (method LIKE '%承兑汇票') / sum(amount::DOUBLE) FROM receipts`);
    expect(acceptance).toBeGreaterThan(0.12);
    expect(acceptance).toBeLessThan(0.3);
    expect(await col(`SELECT DISTINCT method FROM receipts ORDER BY 1`)).toEqual(['商业承兑汇票', '现金', '电汇', '银行承兑汇票'].sort());
    // prepayments: unapplied cash received before the customer's first invoice
    expect(await n(`SELECT count(*) FROM receipts r WHERE r.receipt_date < (SELECT min(invoice_date) FROM invoices i WHERE i.customer_id = r.customer_id)`)).toBeGreaterThan(0);
  });

  it('has chronically late payers: 风险 customers pay much later than 优质 ones', async () => {
    const delay = (type: string): Promise<number> =>
      n(`SELECT median(r.receipt_date::DATE - i.invoice_date::DATE) FROM receipts r JOIN invoices i USING (invoice_id) JOIN customers c ON c.customer_id = i.customer_id WHERE c.customer_type = '${type}'`);
    expect(await delay('风险')).toBeGreaterThan((await delay('优质')) + 30);
  });

  it('writes off ~0.3% of sales, only defaulted invoices over a year old', async () => {
    const share = await n(`SELECT (SELECT sum(amount::DOUBLE) FROM writeoffs) / (SELECT sum(amount::DOUBLE) FROM invoices)`);
    expect(share).toBeGreaterThan(0.0005);
    expect(share).toBeLessThan(0.01);
    expect(await n(`SELECT count(*) FROM writeoffs WHERE invoice_id IS NULL`)).toBe(0);
  });

  it('gives every rep and sales team targets for each month, quarter and year (the leaver none after he left)', async () => {
    const reps = await n(`SELECT count(*) FROM people WHERE role = '业务员'`);
    // the leaver (people.left_on 2025-09-30) has no targets for the 3 months, 1 quarter and 0 years begun after
    for (const [pattern, periods, afterLeaving] of [['^[0-9]{4}-[0-9]{2}$', 36, 3], ['^[0-9]{4}-Q[1-4]$', 12, 1], ['^[0-9]{4}$', 3, 0]] as const) {
      expect(await n(`SELECT count(*) FROM targets WHERE person_id IS NOT NULL AND regexp_matches(period, '${pattern}')`)).toBe(reps * periods - afterLeaving);
      expect(await n(`SELECT count(*) FROM targets WHERE team_id IS NOT NULL AND regexp_matches(period, '${pattern}')`)).toBe(12 * periods);
    }
    // a quarter is the sum of its months; a team the sum of its reps
    expect(await n(`SELECT abs(sum(collection_target::DOUBLE) FILTER (period IN ('2024-04', '2024-05', '2024-06')) - sum(collection_target::DOUBLE) FILTER (period = '2024-Q2')) FROM targets WHERE team_id = 'T01'`)).toBeLessThan(0.005);
    expect(await n(`SELECT abs(sum(collection_target::DOUBLE) FILTER (team_id IS NOT NULL) - sum(collection_target::DOUBLE) FILTER (person_id IS NOT NULL)) FROM targets WHERE period = '2025'`)).toBeLessThan(0.005);
  });

  it('sets targets around actual collections: some reps beat them, some miss', async () => {
    const rates = (await col(`WITH coll AS (
        SELECT coalesce(i.person_id, c.owner_id) person_id, sum(r.amount::DOUBLE) coll
        FROM receipts r LEFT JOIN invoices i USING (invoice_id) JOIN customers c ON c.customer_id = r.customer_id
        WHERE r.receipt_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY 1)
      SELECT coll / collection_target::DOUBLE FROM coll JOIN targets USING (person_id) WHERE period = '2025'`)).map(Number);
    expect(rates.filter((r) => r >= 1).length).toBeGreaterThan(rates.length * 0.1);
    expect(rates.filter((r) => r < 0.9).length).toBeGreaterThan(rates.length * 0.05);
  });

  it('gives every kpi code, grades in 优秀/良好/一般/差 and plain numbers otherwise', async () => {
    expect((await col(`SELECT DISTINCT kpi FROM kpi_inputs ORDER BY 1`)).sort()).toEqual([...KPI_CODES].sort());
    const grades = GRADE_KPIS.map((k) => `'${k}'`).join(',');
    expect(await n(`SELECT count(*) FROM kpi_inputs WHERE kpi IN (${grades}) AND value NOT IN ('优秀', '良好', '一般', '差')`)).toBe(0);
    expect(await n(`SELECT count(*) FROM kpi_inputs WHERE kpi NOT IN (${grades}) AND NOT regexp_matches(value, '^-?[0-9]+\\.[0-9]{2}$')`)).toBe(0);
    expect(await n(`SELECT count(DISTINCT value) FROM kpi_inputs WHERE kpi = 'responsibility_grade'`)).toBe(4);
    // per sales team per month, the directors' items on the 销售总监, the finance items on 财务部
    expect(await n(`SELECT count(*) FROM kpi_inputs WHERE kpi = 'delivery_rate' AND unit_type = 'team' AND regexp_matches(period, '^[0-9]{4}-[0-9]{2}$')`)).toBe(12 * 36);
    expect(await n(`SELECT count(*) FROM kpi_inputs k JOIN people p ON p.person_id = k.unit_id WHERE k.kpi = 'director_management_grade' AND p.role <> '销售总监'`)).toBe(0);
    expect(await n(`SELECT count(*) FROM kpi_inputs k JOIN people p ON p.team_id = k.unit_id WHERE k.kpi = 'finance_accounting_grade' AND p.team_name <> '财务部'`)).toBe(0);
    expect(await n(`SELECT count(DISTINCT period) FROM kpi_inputs`)).toBe(36 + 12 + 3);
  });
  it('keeps a collection log (催收记录): late payers are contacted more, most contacts end in a promise, every promise has its date and amount', async () => {
    const perCustomer = async (type: string) =>
      n(`SELECT count(*) / (SELECT count(*) FROM customers WHERE customer_type = '${type}') FROM collection_log l JOIN customers c USING (customer_id) WHERE c.customer_type = '${type}'`);
    expect(await perCustomer('风险')).toBeGreaterThan(3 * (await perCustomer('优质')));
    expect(await perCustomer('普通')).toBeGreaterThan(await perCustomer('优质'));
    const contacts = await n(`SELECT count(*) FROM collection_log`);
    const promises = await n(`SELECT count(*) FROM collection_log WHERE promise_date IS NOT NULL`);
    expect(contacts).toBeGreaterThan(1000);
    expect(promises / contacts).toBeGreaterThan(0.5);
    expect(await n(`SELECT count(*) FROM collection_log WHERE (promise_date IS NULL) <> (promise_amount IS NULL)`)).toBe(0);
    expect(await n(`SELECT count(*) FROM collection_log WHERE promise_date::DATE < contact_date::DATE OR promise_amount::DECIMAL(18,2) <= 0`)).toBe(0);
    // a promise the customer then keeps: paid in full by the promise day, counting its receipts from the contact
    // day (a proxy of fct_promise on the files: receipts of the customer in the window, any invoice)
    const kept = await n(`SELECT count(*) FROM collection_log l WHERE promise_date IS NOT NULL AND promise_amount::DECIMAL(18,2) <= (
        SELECT coalesce(sum(r.amount::DECIMAL(18,2)), 0) FROM receipts r WHERE r.customer_id = l.customer_id AND r.amount::DECIMAL(18,2) > 0
          AND r.receipt_date::DATE BETWEEN l.contact_date::DATE AND l.promise_date::DATE)`);
    expect(kept / promises).toBeGreaterThan(0.5);
    expect(kept / promises).toBeLessThan(0.95);
  });
});
