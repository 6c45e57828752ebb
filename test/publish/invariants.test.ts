/**
 * Invariants of the publish stage on a small sample warehouse built by the real pipeline
 * (test/helpers/small-warehouse.ts): every number of a publish table is its mart's own, each table keeps
 * the row order its file states (pages read it without an ORDER BY), and the top-N cuts keep the largest.
 * Each query below returns the rows that break the identity it names: none may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse, queryRows, type Warehouse } from '../../transforms/db.js';
import { PUBLISH_TABLES } from '../../transforms/warehouse.js';
import { smallWarehouse, type SmallWarehouse } from '../helpers/small-warehouse.js';

let small: SmallWarehouse;
let wh: Warehouse;
beforeAll(async () => {
  small = await smallWarehouse();
  wh = await openWarehouse(small.file);
});
afterAll(async () => {
  await wh?.close();
  small?.remove();
});

const q = <T = Record<string, unknown>>(sql: string) => queryRows<T>(wh.conn, sql);
/** Rows of a that are not in b and rows of b that are not in a (multisets). */
const symmetricDifference = (a: string, b: string) => `(${a} EXCEPT ALL ${b}) UNION ALL (${b} EXCEPT ALL ${a})`;

const LATEST_MONTH = `(SELECT max(period_key) FROM dim_period WHERE grain = 'month')`;
const LATEST_AS_OF = `(SELECT max(as_of) FROM fct_open_item)`;

/** identity → the rows that break it */
const INVARIANTS: Record<string, string> = {
  'ar_metrics_summary = mart_ar_metrics of the company and the teams': symmetricDifference(
    `SELECT * FROM ar_metrics_summary`,
    `SELECT * FROM mart_ar_metrics WHERE level IN ('company', 'team')`,
  ),

  'Σ report_aging.amount per month and basis = the company ar_balance of mart_ar_metrics': `
    SELECT r.period_key, r.basis, sum(r.amount) AS aged, any_value(m.ar_balance) AS ar
    FROM report_aging r JOIN mart_ar_metrics m ON m.period_key = r.period_key AND m.level = 'company'
    GROUP BY ALL HAVING sum(r.amount) <> any_value(m.ar_balance)`,

  'report_aging = mart_aging of the company at month ends, every bucket': symmetricDifference(
    `SELECT period_key, as_of, basis, bucket, bucket_order, bucket_label, amount, items FROM report_aging`,
    `SELECT period_key, as_of, basis, bucket, bucket_order, bucket_label, amount, items FROM mart_aging WHERE grain = 'month' AND level = 'company'`,
  ),

  'league_board = mart_league, row for row': symmetricDifference(
    `SELECT period_key, grain, policy, level, unit_id, unit_name, team_id, total_score, max_score, rank, prev_rank, movement, team_rank, grade, collection_rate_target FROM league_board`,
    `SELECT period_key, grain, policy, level, unit_id, unit_name, team_id, total_score, max_score, rank, prev_rank, movement, team_rank, grade, collection_rate_target FROM mart_league`,
  ),

  'league_board metrics = mart_ar_metrics of the period; prev_* = of the previous period of the same grain': `
    SELECT b.period_key, b.level, b.unit_id FROM league_board b
    JOIN dim_period d ON d.period_key = b.period_key
    LEFT JOIN mart_ar_metrics m ON m.period_key = b.period_key AND m.level = b.level AND m.unit_id = b.unit_id
    LEFT JOIN mart_ar_metrics p ON p.period_key = d.prev_period_key AND p.level = b.level AND p.unit_id = b.unit_id
    WHERE b.ar_balance IS DISTINCT FROM m.ar_balance OR b.collections IS DISTINCT FROM m.collections OR b.dso IS DISTINCT FROM m.dso
       OR b.cei IS DISTINCT FROM m.cei OR b.prev_dso IS DISTINCT FROM p.dso OR b.prev_overdue_amount IS DISTINCT FROM p.overdue_amount`,

  'league_board.movement_text says movement': `
    SELECT period_key, policy, level, unit_id, movement, movement_text FROM league_board
    WHERE movement_text <> CASE WHEN rank IS NULL THEN '不参加排名' WHEN prev_rank IS NULL THEN '新' WHEN movement = 0 THEN '—'
                                WHEN movement > 0 THEN '↑' || movement ELSE '↓' || abs(movement) END`,

  'unit_month_metrics = mart_ar_metrics of teams and persons by month': symmetricDifference(
    `SELECT level, unit_id, period_key, sales, collections, ar_balance, overdue_amount, collection_rate_target, dso, cei, open_items FROM unit_month_metrics`,
    `SELECT level, unit_id, period_key, sales, collections, ar_balance, overdue_amount, collection_rate_target, dso, cei, open_items FROM mart_ar_metrics
     WHERE grain = 'month' AND level IN ('team', 'person')`,
  ),

  'unit_month_metrics.prev_* = the same unit’s values of the previous month': `
    SELECT u.level, u.unit_id, u.period_key FROM unit_month_metrics u
    JOIN dim_period d ON d.period_key = u.period_key
    LEFT JOIN unit_month_metrics p ON p.level = u.level AND p.unit_id = u.unit_id AND p.period_key = d.prev_period_key
    WHERE u.prev_ar_balance IS DISTINCT FROM p.ar_balance OR u.prev_overdue_amount IS DISTINCT FROM p.overdue_amount
       OR u.prev_collections IS DISTINCT FROM p.collections OR u.prev_dso IS DISTINCT FROM p.dso
       OR u.prev_overdue_rate IS DISTINCT FROM p.overdue_rate OR u.prev_collection_rate_target IS DISTINCT FROM p.collection_rate_target`,

  'unit_scores_latest = mart_scores of the periods ending at the last month end': symmetricDifference(
    `SELECT level, unit_id, grain, period_key, policy, item_order, item, points, max_points, amount, note FROM unit_scores_latest`,
    `SELECT s.level, s.unit_id, s.grain, s.period_key, s.policy, s.item_order, s.item, s.points, s.max_points, s.amount, s.note
     FROM mart_scores s JOIN dim_period d USING (period_key) WHERE d.end_date = (SELECT max(end_date) FROM dim_period WHERE grain = 'month')`,
  ),

  'customer_page month rows = mart_ar_metrics of the customers by month': symmetricDifference(
    `SELECT customer_id, period_key, sales, collections, writeoffs, ar_balance, overdue_amount, dso, cei, unapplied_amount FROM customer_page WHERE kind = 'month'`,
    `SELECT unit_id, period_key, sales, collections, writeoffs, ar_balance, overdue_amount, dso, cei, unapplied_amount FROM mart_ar_metrics
     WHERE grain = 'month' AND level = 'customer' AND unit_id IN (SELECT customer_id FROM dim_customer)`,
  ),

  'customer_page item rows = fct_open_item at the latest month end': symmetricDifference(
    `SELECT customer_id, invoice_id, end_date, open_amount, days_overdue FROM customer_page WHERE kind = 'item'`,
    `SELECT customer_id, invoice_id, as_of, open_amount, days_overdue FROM fct_open_item WHERE as_of = ${LATEST_AS_OF}`,
  ),

  'open_item_latest = fct_open_item at the latest month end': symmetricDifference(
    `SELECT as_of, invoice_id, customer_id, person_id, team_id, open_amount, days_overdue, aging_bucket, age_bucket FROM open_item_latest`,
    `SELECT as_of, invoice_id, customer_id, person_id, team_id, open_amount, days_overdue, aging_bucket, age_bucket FROM fct_open_item WHERE as_of = ${LATEST_AS_OF}`,
  ),

  'Σ open_item_latest.open_amount = the company ar_balance of the latest month': `
    SELECT sum(o.open_amount) AS open, any_value(m.ar_balance) AS ar FROM open_item_latest o
    JOIN mart_ar_metrics m ON m.level = 'company' AND m.period_key = ${LATEST_MONTH}
    HAVING sum(o.open_amount) <> any_value(m.ar_balance)`,

  'report_overdue_items = fct_open_item 90 days or more overdue': symmetricDifference(
    `SELECT period_key, invoice_id, open_amount, days_overdue FROM report_overdue_items`,
    `SELECT period_key, invoice_id, open_amount, days_overdue FROM fct_open_item WHERE days_overdue >= 90`,
  ),

  'report_over_limit = the customers whose AR their limit does not cover, each kind apart: over a limit > 0, any AR on a limit of 0, AR with no limit': symmetricDifference(
    `SELECT period_key, customer_id, ar_balance, credit_limit, excess, limit_kind FROM report_over_limit`,
    `SELECT m.period_key, m.unit_id, m.ar_balance, c.credit_limit, m.ar_balance - c.credit_limit,
            CASE WHEN c.credit_limit IS NULL THEN 'not_set' WHEN c.credit_limit = 0 THEN 'zero' ELSE 'over' END
     FROM mart_ar_metrics m JOIN dim_customer c ON c.customer_id = m.unit_id
     WHERE m.grain = 'month' AND m.level = 'customer' AND m.ar_balance > 0 AND (c.credit_limit IS NULL OR m.ar_balance > c.credit_limit)`,
  ),

  'report_top_overdue: min(10, customers overdue) rows a month, each the mart’s, none left out larger': `
    WITH overdue AS (
      SELECT period_key, unit_id, overdue_amount FROM mart_ar_metrics
      WHERE grain = 'month' AND level = 'customer' AND overdue_amount > 0 AND unit_id IN (SELECT customer_id FROM dim_customer)
    ), top AS (SELECT period_key, count(*) AS n, min(overdue_amount) AS smallest FROM report_top_overdue GROUP BY ALL)
    SELECT period_key FROM (SELECT period_key, count(*) AS overdue FROM overdue GROUP BY ALL) o LEFT JOIN top t USING (period_key)
    WHERE coalesce(t.n, 0) <> least(10, o.overdue)
       OR EXISTS (SELECT 1 FROM overdue x WHERE x.period_key = o.period_key AND x.overdue_amount > t.smallest
                    AND x.unit_id NOT IN (SELECT customer_id FROM report_top_overdue r WHERE r.period_key = o.period_key))
    UNION ALL
    SELECT r.period_key FROM report_top_overdue r LEFT JOIN overdue x ON x.period_key = r.period_key AND x.unit_id = r.customer_id
    WHERE x.overdue_amount IS DISTINCT FROM r.overdue_amount`,

  'aging_unit_month = mart_aging_wide of teams and persons at month ends (empty buckets NULL)': symmetricDifference(
    `SELECT period_key, level, unit_id, total, coalesce(d_not_due, 0), coalesce(d_365p, 0), coalesce(a_0_30, 0), coalesce(a_3yp, 0) FROM aging_unit_month`,
    `SELECT period_key, level, unit_id, total, d_not_due, d_365p, a_0_30, a_3yp FROM mart_aging_wide WHERE grain = 'month' AND level IN ('team', 'person') AND items > 0`,
  ),

  'Σ aging_unit_month.total per month and level = Σ ar_balance of mart_ar_metrics': `
    SELECT a.period_key, a.level FROM (SELECT period_key, level, sum(total) AS total FROM aging_unit_month GROUP BY ALL) a
    JOIN (SELECT period_key, level, sum(ar_balance) AS ar FROM mart_ar_metrics WHERE grain = 'month' GROUP BY ALL) m USING (period_key, level)
    WHERE a.total <> m.ar`,

  'aging_customer_top: at most 10 customers per team and month, the largest, each mart_aging_wide’s own': `
    WITH wide AS (
      SELECT a.period_key, c.owner_team_id AS team_id, a.unit_id, a.total,
             a.a_0_30 + a.a_31_60 + a.a_61_90 + a.a_91_180 + a.a_181_365 AS a_1y
      FROM mart_aging_wide a JOIN dim_customer c ON c.customer_id = a.unit_id
      WHERE a.grain = 'month' AND a.level = 'customer' AND a.items > 0
    ), top AS (SELECT period_key, team_id, count(*) AS n, min(total) AS smallest FROM aging_customer_top GROUP BY ALL)
    SELECT t.period_key, t.team_id FROM top t WHERE t.n > 10
       OR EXISTS (SELECT 1 FROM wide w WHERE w.period_key = t.period_key AND w.team_id IS NOT DISTINCT FROM t.team_id AND w.total > t.smallest
                    AND w.unit_id NOT IN (SELECT customer_id FROM aging_customer_top x WHERE x.period_key = t.period_key))
    UNION ALL
    SELECT x.period_key, x.customer_id FROM aging_customer_top x LEFT JOIN wide w ON w.period_key = x.period_key AND w.unit_id = x.customer_id
    WHERE w.total IS DISTINCT FROM x.total OR nullif(w.a_1y, 0) IS DISTINCT FROM x.a_1y`,

  'customer_latest: every customer once, with the latest month’s metrics; Σ ar_balance = the company’s': `
    SELECT 'count' AS what FROM (SELECT count(*) AS n, count(DISTINCT customer_id) AS d FROM customer_latest) WHERE n <> d OR n <> (SELECT count(*) FROM dim_customer)
    UNION ALL
    SELECT 'metrics' FROM customer_latest l LEFT JOIN mart_ar_metrics m ON m.level = 'customer' AND m.unit_id = l.customer_id AND m.period_key = ${LATEST_MONTH}
    WHERE l.ar_balance IS DISTINCT FROM m.ar_balance OR l.overdue_amount IS DISTINCT FROM m.overdue_amount OR l.open_items IS DISTINCT FROM m.open_items
    UNION ALL
    SELECT 'sum' FROM (SELECT sum(ar_balance) AS s FROM customer_latest)
    WHERE s <> (SELECT ar_balance FROM mart_ar_metrics WHERE level = 'company' AND period_key = ${LATEST_MONTH})`,

  'customer_search: customer_latest\'s rows and listed columns, nothing more': `
    SELECT 'rows' AS what FROM (
      (SELECT customer_id, customer_name, customer_type, region, owner_name, owner_team_name, ar_balance, overdue_amount, link FROM customer_latest
       EXCEPT ALL SELECT * FROM customer_search)
      UNION ALL
      (SELECT * FROM customer_search
       EXCEPT ALL SELECT customer_id, customer_name, customer_type, region, owner_name, owner_team_name, ar_balance, overdue_amount, link FROM customer_latest))`,

  'customer_trail: each customer\'s 50 earliest-due open invoices, the rest counted and summed to the cent; each listed invoice\'s amount less its applications and write-offs is its open amount, which is its last 月末未收': `
    WITH open_now AS (
      SELECT o.customer_id, o.invoice_id, o.open_amount,
             row_number() OVER (PARTITION BY o.customer_id ORDER BY o.due_date, o.invoice_id) AS doc_rank
      FROM fct_open_item o WHERE o.as_of = (SELECT max(as_of) FROM fct_open_item)
    ),
    listed AS (
      SELECT customer_id, count(DISTINCT doc_id) AS docs, any_value(section_docs) AS section_docs,
             any_value(section_rest_amount) AS rest, count(DISTINCT section_docs) + count(DISTINCT section_rest_amount) AS variants
      FROM customer_trail WHERE section = 'invoice' GROUP BY customer_id
    )
    SELECT invoice_id FROM open_now
    WHERE (doc_rank <= 50) <> (invoice_id IN (SELECT doc_id FROM customer_trail WHERE section = 'invoice'))
    UNION ALL
    SELECT l.customer_id FROM listed l
    JOIN (SELECT customer_id, count(*) AS n, sum(open_amount) AS total, sum(open_amount) FILTER (WHERE doc_rank <= 50) AS shown
          FROM open_now GROUP BY customer_id) c USING (customer_id)
    WHERE l.variants <> 2 OR l.section_docs <> c.n OR l.docs <> least(c.n, 50) OR l.rest <> c.total - c.shown
    UNION ALL
    SELECT doc_id FROM customer_trail WHERE section = 'invoice'
    GROUP BY doc_id, doc_amount, doc_open_amount
    HAVING doc_amount - coalesce(sum(amount) FILTER (WHERE event IN ('收款核销', '红字冲销', '坏账核销')), 0) <> doc_open_amount
        OR arg_max(open_amount, event_order) FILTER (WHERE event = '月末未收') <> doc_open_amount
    UNION ALL
    SELECT t.doc_id FROM customer_trail t JOIN fct_open_item o ON o.invoice_id = t.doc_id AND o.as_of = (SELECT max(as_of) FROM fct_open_item)
    WHERE t.section = 'invoice' AND t.doc_open_amount <> o.open_amount`,

  'customer_trail: every receipt of the 6 months, its amount = Σ what it paid + its unapplied rest, each application fct_application’s': `
    SELECT doc_id FROM customer_trail WHERE section = 'receipt'
    GROUP BY doc_id, doc_amount
    HAVING doc_amount <> coalesce(sum(amount) FILTER (WHERE event IN ('核销', '未核销')), 0)
    UNION ALL
    SELECT receipt_id FROM (
      SELECT r.receipt_id, row_number() OVER (PARTITION BY r.customer_id ORDER BY r.receipt_date DESC, r.receipt_id DESC) AS doc_rank
      FROM fct_receipt r
      WHERE r.receipt_date > (SELECT max(as_of) FROM fct_open_item) - INTERVAL 6 MONTH
        AND r.receipt_date <= (SELECT max(as_of) FROM fct_open_item))
    WHERE (doc_rank <= 50) <> (receipt_id IN (SELECT doc_id FROM customer_trail WHERE section = 'receipt'))
    UNION ALL
    SELECT t.customer_id FROM (
      SELECT customer_id, any_value(section_docs) AS section_docs, any_value(section_rest_amount) AS rest,
             sum(doc_amount) FILTER (WHERE event_order = 1) AS shown
      FROM customer_trail WHERE section = 'receipt' GROUP BY customer_id) t
    JOIN (SELECT customer_id, count(*) AS n, sum(amount) AS total FROM fct_receipt
          WHERE receipt_date > (SELECT max(as_of) FROM fct_open_item) - INTERVAL 6 MONTH
            AND receipt_date <= (SELECT max(as_of) FROM fct_open_item) GROUP BY customer_id) r USING (customer_id)
    WHERE t.section_docs <> r.n OR t.rest <> r.total - t.shown
    UNION ALL
    SELECT t.doc_id FROM customer_trail t
    LEFT JOIN fct_application a ON a.source_type = 'receipt' AND a.source_id = t.doc_id AND a.invoice_id = t.counterpart_id
    WHERE t.section = 'receipt' AND t.event = '核销' AND t.amount IS DISTINCT FROM a.amount`,

  'customer pages: a customer with a balance at the latest month end has one unless 5,000 larger ones do; every link to a customer page is to one that is built': `
    SELECT customer_id FROM customer_latest c WHERE ar_balance <> 0 AND NOT has_page
      AND (SELECT count(*) FROM customer_latest p WHERE p.has_page AND p.ar_balance >= c.ar_balance) < 5000
    UNION ALL SELECT 'pages' FROM customer_latest HAVING count(*) FILTER (WHERE has_page) > 5000
    UNION ALL SELECT customer_id FROM customer_latest WHERE has_page <> (link IS NOT NULL)
    UNION ALL SELECT customer_id FROM report_top_overdue WHERE link IS NOT NULL AND link NOT IN (SELECT link FROM customer_latest WHERE has_page)
    UNION ALL SELECT customer_id FROM report_over_limit WHERE link IS NOT NULL AND link NOT IN (SELECT link FROM customer_latest WHERE has_page)
    UNION ALL SELECT customer_id FROM report_overdue_items WHERE customer_link IS NOT NULL AND customer_link NOT IN (SELECT link FROM customer_latest WHERE has_page)
    UNION ALL SELECT customer_id FROM open_item_latest WHERE customer_link IS DISTINCT FROM (SELECT link FROM customer_latest c WHERE c.customer_id = open_item_latest.customer_id)
    UNION ALL SELECT customer_id FROM aging_customer_top WHERE link IS NOT NULL AND link NOT IN (SELECT link FROM customer_latest WHERE has_page)
    UNION ALL SELECT t.customer_id FROM report_top_overdue t JOIN customer_latest c USING (customer_id) WHERE c.has_page AND t.link IS NULL`,

  'person_latest: every person once, with the latest month’s metrics and collection_task place': `
    SELECT 'count' AS what FROM (SELECT count(*) AS n, count(DISTINCT person_id) AS d FROM person_latest) WHERE n <> d OR n <> (SELECT count(*) FROM dim_person)
    UNION ALL
    SELECT p.person_id FROM person_latest p
    LEFT JOIN mart_ar_metrics m ON m.level = 'person' AND m.unit_id = p.person_id AND m.period_key = ${LATEST_MONTH}
    LEFT JOIN mart_league l ON l.policy = 'collection_task' AND l.level = 'person' AND l.unit_id = p.person_id AND l.period_key = ${LATEST_MONTH}
    WHERE p.ar_balance IS DISTINCT FROM m.ar_balance OR p.dso IS DISTINCT FROM m.dso OR p.rank IS DISTINCT FROM l.rank
       OR p.team_rank IS DISTINCT FROM l.team_rank OR p.grade IS DISTINCT FROM l.grade`,
};

Object.assign(INVARIANTS, {
  'worklist_person = mart_dunning at the latest month end per person (items, amount, escalated, highest level)': symmetricDifference(
    `SELECT person_id, items, open_amount, escalated_items, escalated_amount, max_level FROM worklist_person`,
    `SELECT person_id, count(*), sum(open_amount), count(*) FILTER (WHERE role <> '业务员'),
            coalesce(sum(open_amount) FILTER (WHERE role <> '业务员'), 0), max(level)
     FROM mart_dunning WHERE as_of = ${LATEST_AS_OF} AND person_id IS NOT NULL GROUP BY person_id`,
  ),

  'worklist_item: per person, min(200, items) rows listed, listed + person_rest_amount = the person’s mart_dunning amount': `
    SELECT w.person_id FROM worklist_item w
    JOIN worklist_person p USING (person_id)
    GROUP BY w.person_id
    HAVING count(*) <> least(200, any_value(p.items)) OR any_value(w.person_items) <> any_value(p.items)
        OR sum(w.open_amount) + any_value(w.person_rest_amount) <> any_value(p.open_amount)`,

  'worklist_item rows are mart_dunning rows of the latest month end': `
    SELECT invoice_id, level, open_amount, days_past_due FROM worklist_item
    EXCEPT ALL
    SELECT invoice_id, level, open_amount, days_past_due FROM mart_dunning WHERE as_of = ${LATEST_AS_OF}`,

  'Σ worklist_level_summary = Σ mart_dunning at the latest month end, per level': symmetricDifference(
    `SELECT level, sum(items), sum(open_amount) FROM worklist_level_summary GROUP BY level`,
    `SELECT level, count(*), sum(open_amount) FROM mart_dunning WHERE as_of = ${LATEST_AS_OF} GROUP BY level`,
  ),
});

Object.assign(INVARIANTS, {
  'statement_line: opening = the previous month end’s AR − unapplied, closing = the month end’s, opening + Σ lines = closing': `
    WITH s AS (
      SELECT customer_id, any_value(period_key) AS period_key,
             any_value(balance) FILTER (WHERE line_no = 0) AS opening,
             any_value(balance) FILTER (WHERE kind = '期末余额') AS closing, coalesce(sum(amount), 0) AS moved
      FROM statement_line GROUP BY customer_id
    ),
    m AS (SELECT unit_id, period_key, ar_balance - unapplied_amount AS net FROM mart_ar_metrics WHERE grain = 'month' AND level = 'customer')
    SELECT s.customer_id FROM s
    JOIN dim_period d ON d.period_key = s.period_key
    LEFT JOIN m e ON e.unit_id = s.customer_id AND e.period_key = s.period_key
    LEFT JOIN m o ON o.unit_id = s.customer_id AND o.period_key = d.prev_period_key
    WHERE s.opening + s.moved <> s.closing OR s.closing <> coalesce(e.net, 0) OR s.opening <> coalesce(o.net, 0)`,

  'statement_line: each line’s balance = the previous line’s + its amount': `
    SELECT s.customer_id, s.line_no FROM statement_line s
    JOIN statement_line p ON p.customer_id = s.customer_id AND p.line_no = s.line_no - 1
    WHERE s.balance <> p.balance + coalesce(s.amount, 0)`,

  'statement_line: every customer with a balance at the month end has a statement': `
    SELECT unit_id FROM mart_ar_metrics
    WHERE grain = 'month' AND level = 'customer' AND period_key = ${LATEST_MONTH} AND ar_balance - unapplied_amount <> 0
    EXCEPT SELECT customer_id FROM statement_line`,
});

/** The row order each publish table states (its ORDER BY): pages read them without one. */
const ORDER: Record<(typeof PUBLISH_TABLES)[number], string> = {
  league_board: 'period_key, level, policy_order, rank, unit_id',
  meeting_stars: 'period_key, star_rank NULLS LAST, rank, unit_id',
  unit_month_metrics: 'level, unit_id, period_key DESC',
  unit_scores_latest: `level, unit_id, CASE grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END, policy_order, item_order`,
  customer_page: 'customer_id, kind DESC, period_key DESC, days_overdue DESC, invoice_id',
  customer_trail: 'customer_id, section, doc_date DESC, doc_id, event_order',
  customer_latest: 'ar_balance DESC NULLS LAST, customer_id',
  customer_search: 'ar_balance DESC NULLS LAST, customer_id',
  person_latest: 'team_id, team_rank NULLS LAST, person_id',
  open_item_latest: 'customer_id, days_overdue DESC, invoice_id',
  report_aging: 'period_key, basis, bucket_order',
  report_top_overdue: 'period_key, rank',
  report_over_limit: 'period_key, limit_kind_order, excess DESC NULLS LAST, ar_balance DESC, customer_id',
  report_overdue_items: 'period_key, open_amount DESC, invoice_id',
  aging_unit_month: 'period_key, level, unit_id',
  aging_customer_top: 'period_key, team_id, total DESC, customer_id',
  // mart_ar_metrics' own order
  ar_metrics_summary: `(SELECT m.rowid FROM mart_ar_metrics m WHERE m.period_key = t.period_key AND m.level = t.level AND m.unit_id = t.unit_id)`,
  worklist_item: 'person_id, row_in_person',
  worklist_level_summary: 'team_id, level',
  worklist_person: 'open_amount DESC, person_id',
  statement_line: 'customer_id, line_no',
  customer_credit_page: 'customer_id, row_in_customer',
  customer_contact_page: 'customer_id, row_in_customer',
};

describe('publish tables are their marts’ numbers', () => {
  it('the sample has data in every publish table', async () => {
    for (const t of PUBLISH_TABLES) {
      const [{ n }] = await q<{ n: bigint }>(`SELECT count(*) AS n FROM ${t}`);
      expect(Number(n), t).toBeGreaterThan(0);
    }
  });

  for (const [identity, sql] of Object.entries(INVARIANTS)) {
    it(identity, async () => {
      expect(await q(`SELECT * FROM (${sql}) LIMIT 5`)).toEqual([]);
    });
  }
});

describe('publish tables are stored in the order pages read them', () => {
  for (const [table, order] of Object.entries(ORDER)) {
    it(`${table}: ${order.startsWith('(') ? 'the order of mart_ar_metrics' : order}`, async () => {
      const misplaced = await q(
        `SELECT count(*)::INTEGER AS n FROM (SELECT rowid, row_number() OVER (ORDER BY ${order}) - 1 AS position FROM ${table} t) WHERE rowid <> position`,
      );
      expect(misplaced).toEqual([{ n: 0 }]);
    });
  }
});
