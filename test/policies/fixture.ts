/**
 * The tiny warehouse of the policy integration test, worked by hand in runPolicies.test.ts.
 *
 * Teams: T1 销售一部 (manager M1, director D1), T2 销售二部 (no manager, director D1), FIN 财务部.
 * Persons: R1 (T1, salary 10000), R2 (T1, no salary), M1 销售经理 (T1, 20000), R3 (T2, 8000),
 *          D1 销售总监 (T2, 30000), F1 会计 (FIN, 6000).
 */
import { metricsRow, openItem, type Fixture } from '../helpers/marts.js';

const person = (person_id: string, team_id: string, role: string, monthly_salary: number | null) => ({
  person_id, person_name: `${person_id}名`, team_id, team_name: team_id, role, monthly_salary, region: '华东', manager_id: null,
});
const pm = (unit_id: string, period_key: string, r: Record<string, number | null>) => metricsRow({ level: 'person', unit_id, period_key, ...r });
const tm = (unit_id: string, period_key: string, r: Record<string, number | null>) => metricsRow({ level: 'team', unit_id, period_key, ...r });
const app = (invoice_id: string, person_id: string, team_id: string, customer_id: string, date: string, amount: number, is_acceptance = false) => ({
  source_id: `RC-${invoice_id}-${date}`, source_type: 'receipt', invoice_id, customer_id, person_id, team_id, applied_date: date, source_date: date, amount, rule: 'explicit', is_acceptance,
});

export const FIXTURE: Fixture = {
  teams: [
    { team_id: 'T1', team_name: '销售一部', region: '华东', manager_id: 'M1', director_id: 'D1', person_count: 3 },
    { team_id: 'T2', team_name: '销售二部', region: '华东', manager_id: null, director_id: 'D1', person_count: 2 },
    { team_id: 'FIN', team_name: '财务部', region: null, manager_id: null, director_id: null, person_count: 1 },
  ],
  persons: [
    person('R1', 'T1', '业务员', 10000),
    person('R2', 'T1', '业务员', null),
    person('M1', 'T1', '销售经理', 20000),
    person('R3', 'T2', '业务员', 8000),
    person('D1', 'T2', '销售总监', 30000),
    person('F1', 'FIN', '会计', 6000),
  ],
  metrics: [
    // January: R1 and R3 tie (110%); M1 90%; R2 has no target
    pm('R1', '2025-01', { sales: 50000, collections: 55000, collection_target: 50000, ar_balance: 130000 }),
    pm('R3', '2025-01', { sales: 50000, collections: 55000, collection_target: 50000, ar_balance: 100000 }),
    pm('M1', '2025-01', { sales: 20000, collections: 9000, collection_target: 10000, ar_balance: 40000 }),
    pm('R2', '2025-01', { sales: 50000, collections: 1000, collection_target: null, ar_balance: 110000 }),
    // February: R3 100%, M1 95%, R1 80%
    pm('R1', '2025-02', { sales: 10000, collections: 40000, collection_target: 50000, ar_balance: 100000 }),
    pm('R3', '2025-02', { sales: 10000, collections: 50000, collection_target: 50000, ar_balance: 60000 }),
    pm('M1', '2025-02', { sales: 10000, collections: 9500, collection_target: 10000, ar_balance: 40000 }),
    tm('T1', '2025-01', { sales: 70000, collections: 64000, collection_target: 60000, sales_target: 70000, ar_balance: 170000, receivables_turnover: 10 }),
    tm('T2', '2025-01', { sales: 50000, collections: 55000, collection_target: 50000, sales_target: 50000, ar_balance: 100000, receivables_turnover: 8 }),
    tm('T1', '2025-02', { sales: 60000, collections: 50000, collection_target: 60000, sales_target: 50000, ar_balance: 160000, receivables_turnover: 9 }),
  ],
  invoices: [
    { invoice_id: 'I1', customer_id: 'C1', person_id: 'R1', team_id: 'T1', invoice_date: '2024-12-01', due_date: '2024-12-31', amount: 8000, cost_amount: 5000, is_credit_note: false },
    { invoice_id: 'I8', customer_id: 'C8', person_id: 'R2', team_id: 'T1', invoice_date: '2024-03-07', due_date: '2024-04-06', amount: 10000, cost_amount: 6000, is_credit_note: false },
    { invoice_id: 'I10', customer_id: 'C1', person_id: 'R1', team_id: 'T1', invoice_date: '2025-01-15', due_date: '2025-02-14', amount: 40000, cost_amount: 30000, is_credit_note: false },
  ],
  openItems: [
    // R1: I1 31 days overdue at Jan end (1 month), 59 days at Feb end with 4000 left
    openItem({ as_of: '2025-01-31', invoice_id: 'I1', customer_id: 'C1', person_id: 'R1', team_id: 'T1', due_date: '2024-12-31', amount: 8000, open_amount: 8000 }),
    openItem({ as_of: '2025-02-28', invoice_id: 'I1', customer_id: 'C1', person_id: 'R1', team_id: 'T1', due_date: '2024-12-31', amount: 8000, open_amount: 4000 }),
    // R2: I8 300 days overdue at Jan end (10 months: 呆坏账 for the first time), 328 at Feb end
    openItem({ as_of: '2025-01-31', invoice_id: 'I8', customer_id: 'C8', person_id: 'R2', team_id: 'T1', due_date: '2024-04-06', amount: 10000, open_amount: 10000 }),
    openItem({ as_of: '2025-02-28', invoice_id: 'I8', customer_id: 'C8', person_id: 'R2', team_id: 'T1', due_date: '2024-04-06', amount: 10000, open_amount: 10000 }),
    // R3 at Jan end: 29 days (0 months), 30 days (1), 60 days (2), 90 days (3), and 200 days under a 特批 deferral
    openItem({ as_of: '2025-01-31', invoice_id: 'I3', customer_id: 'C3', person_id: 'R3', team_id: 'T2', due_date: '2025-01-02', open_amount: 1000 }),
    openItem({ as_of: '2025-01-31', invoice_id: 'I4', customer_id: 'C3', person_id: 'R3', team_id: 'T2', due_date: '2025-01-01', open_amount: 1000 }),
    openItem({ as_of: '2025-01-31', invoice_id: 'I5', customer_id: 'C3', person_id: 'R3', team_id: 'T2', due_date: '2024-12-02', open_amount: 1000 }),
    openItem({ as_of: '2025-01-31', invoice_id: 'I6', customer_id: 'C5', person_id: 'R3', team_id: 'T2', due_date: '2024-11-02', open_amount: 2000 }),
    openItem({ as_of: '2025-01-31', invoice_id: 'I7', customer_id: 'C7', person_id: 'R3', team_id: 'T2', due_date: '2024-07-15', open_amount: 20000, deferred_until: '2025-03-31' }),
  ],
  applications: [
    // I1 half collected in February, the rest in March
    app('I1', 'R1', 'T1', 'C1', '2025-02-10', 4000),
    app('I1', 'R1', 'T1', 'C1', '2025-03-05', 4000),
    // R3 in January: cash 30000 (C3), acceptance 10000 (C4), cash 15000 from C5 which has a 3-month item
    app('I20', 'R3', 'T2', 'C3', '2025-01-20', 30000),
    app('I21', 'R3', 'T2', 'C4', '2025-01-21', 10000, true),
    app('I22', 'R3', 'T2', 'C5', '2025-01-22', 15000),
  ],
  writeoffs: [
    { writeoff_id: 'W1', customer_id: 'C9', invoice_id: 'I9', writeoff_date: '2025-02-15', amount: 10000, person_id: 'R3', team_id: 'T2' },
    { writeoff_id: 'W2', customer_id: 'C1', invoice_id: 'I11', writeoff_date: '2025-02-20', amount: 1000, person_id: 'R1', team_id: 'T1' },
  ],
  kpis: [
    { period_key: '2025-01', unit_id: 'T1', kpi: 'responsibility_grade', value: '良好' },
    { period_key: '2025-02', unit_id: 'T1', kpi: 'responsibility_grade', value: '优秀' },
    { period_key: '2025-01', unit_id: 'T1', kpi: 'delivery_rate', value: '95' },
    { period_key: '2025-02', unit_id: 'T1', kpi: 'delivery_rate', value: '96' },
    { period_key: '2025-01', unit_id: 'FIN', kpi: 'finance_accounting_grade', value: '优秀' },
    { period_key: '2025-01', unit_id: 'FIN', kpi: 'finance_control_grade', value: '良好' },
    { period_key: '2025-01', unit_id: 'FIN', kpi: 'finance_reporting_grade', value: '一般' },
    { period_key: '2025-01', unit_type: 'person', unit_id: 'D1', kpi: 'director_management_grade', value: '优秀' },
  ],
};

