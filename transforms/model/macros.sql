-- Helpers shared by the model SQL files (run first by transforms/model/index.ts).
-- TEMP macros: they live on the model's connection only and are not stored in the warehouse file,
-- so the warehouse an analyst opens holds tables, not code.

-- Months as integers (year × 12 + month − 1): month arithmetic without date math, and `range()` over it.
CREATE OR REPLACE TEMP MACRO month_idx(d) AS (year(d) * 12 + month(d) - 1);
CREATE OR REPLACE TEMP MACRO month_start_of(m) AS make_date(CAST(m // 12 AS BIGINT), CAST(m % 12 + 1 AS BIGINT), 1);
CREATE OR REPLACE TEMP MACRO month_end_of(m) AS last_day(month_start_of(m));

-- Exact money: DECIMAL(18,2) (sums come back as DECIMAL(38,2)).
CREATE OR REPLACE TEMP MACRO money(x) AS CAST(x AS DECIMAL(18, 2));

-- A rate (docs/metrics.md, Money and rates): DOUBLE computed from exact DECIMALs; NULL when the denominator is 0 or NULL.
CREATE OR REPLACE TEMP MACRO ratio(n, d) AS
    CASE WHEN d IS NULL OR d = 0 THEN NULL ELSE CAST(n AS DOUBLE) / CAST(d AS DOUBLE) END;

-- A customer's FIFO stream cut into slices (docs/metrics.md, Receipt application): `stream` (a table or CTE name)
-- has customer_id, sort_date, type_order, doc_id and amount; each row with amount > 0 comes back with its place in
-- the customer's order (seq) and its slice [cum_start, cum_end) of the customer's running total. The money and
-- the invoices are both laid out this way (int_fifo_source, int_fifo_consumer), and int_fifo_match overlaps them.
CREATE OR REPLACE TEMP MACRO fifo_slices(stream) AS TABLE
    SELECT *,
        row_number() OVER slice AS seq,
        sum(amount) OVER slice - amount AS cum_start,
        sum(amount) OVER slice AS cum_end
    FROM query_table(stream)
    WHERE amount > 0
    WINDOW slice AS (PARTITION BY customer_id ORDER BY sort_date, type_order, doc_id ROWS UNBOUNDED PRECEDING);

-- The four reporting levels (docs/metrics.md, Units and attribution) and the unit a fact row belongs to at each level.
-- Rows without a person (no person_id on the invoice and no owner on the customer) or whose person has no
-- team are kept under the unit '_unassigned', so that company = Σ teams = Σ persons holds exactly.
CREATE OR REPLACE TEMP MACRO unit_levels() AS TABLE
    SELECT * FROM (VALUES ('company', 1), ('team', 2), ('person', 3), ('customer', 4)) l(level, level_order);
CREATE OR REPLACE TEMP MACRO unit_at(level, customer_id, person_id, team_id) AS
    CASE level
        WHEN 'company' THEN 'company'
        WHEN 'team' THEN coalesce(team_id, '_unassigned')
        WHEN 'person' THEN coalesce(person_id, '_unassigned')
        ELSE customer_id
    END;
CREATE OR REPLACE TEMP MACRO level_order(level) AS
    CASE level WHEN 'company' THEN 1 WHEN 'team' THEN 2 WHEN 'person' THEN 3 ELSE 4 END;
CREATE OR REPLACE TEMP MACRO grain_order(grain) AS
    CASE grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END;

-- Aging buckets (docs/metrics.md, Aging buckets): the one definition of the thresholds. dim_aging_bucket derives its min/max days
-- from these, and fct_open_item assigns buckets with them (a CASE is cheaper than a range join per row).
-- due: by days past the due date (≤ 0 = not yet due); age: by days since the invoice date.
CREATE OR REPLACE TEMP MACRO due_bucket(days_overdue) AS
    CASE
        WHEN days_overdue <= 0 THEN 'not_due'
        WHEN days_overdue <= 30 THEN '1-30'
        WHEN days_overdue <= 60 THEN '31-60'
        WHEN days_overdue <= 90 THEN '61-90'
        WHEN days_overdue <= 180 THEN '91-180'
        WHEN days_overdue <= 365 THEN '181-365'
        ELSE '365+'
    END;
CREATE OR REPLACE TEMP MACRO age_bucket(age_days) AS
    CASE
        WHEN age_days <= 30 THEN '0-30'
        WHEN age_days <= 60 THEN '31-60'
        WHEN age_days <= 90 THEN '61-90'
        WHEN age_days <= 180 THEN '91-180'
        WHEN age_days <= 365 THEN '181-365'
        WHEN age_days <= 730 THEN '1-2y'
        WHEN age_days <= 1095 THEN '2-3y'
        ELSE '3y+'
    END;

-- Organisation history (docs/metrics.md, Organisation history): the dim_person_assignment span `a` holds date d.
-- Join a dated fact to its person's spans: `a.person_id = x.person_id AND team_span_holds(a.valid_from, a.valid_to, d)`.
-- Open ends as far-off dates, not `IS NULL OR …`: with an OR in the condition DuckDB joined every fact with every
-- span (BLOCKWISE_NL_JOIN, 25 M open items × the spans at 10 M invoices); with plain comparisons it is a hash join
-- on person_id that checks the dates of the few spans of that person.
CREATE OR REPLACE TEMP MACRO team_span_holds(valid_from, valid_to, d) AS
    d >= coalesce(valid_from, DATE '0001-01-01') AND d < coalesce(valid_to, DATE '9999-12-31');
-- Who holds a document of `person_id` on day d: the person, or, once they have left (d after left_on, their
-- last day), the customer's owner (issue 19: a leaver keeps their history; their open items pass to the owner).
CREATE OR REPLACE TEMP MACRO holder_on(person_id, left_on, owner_id, d) AS
    CASE WHEN left_on IS NOT NULL AND d > left_on AND owner_id IS NOT NULL THEN owner_id ELSE person_id END;
-- A document's attribution on a day: each row of `rows` (a CTE or table name with person_id — the document's
-- person —, customer_id and attributed_on, the day that counts: applied, written off, month end) comes back
-- with person_id = its holder that day (holder_on) and team_id = the holder's team that day. The one place
-- facts after the invoice take their person and team (fct_application, fct_writeoff, fct_fx_difference, fct_open_item).
CREATE OR REPLACE TEMP MACRO attributed(rows) AS TABLE
    SELECT h.* EXCLUDE (person_id, holder), h.holder AS person_id, s.team_id
    FROM (
        SELECT x.*, holder_on(x.person_id, p.left_on, c.owner_id, x.attributed_on) AS holder
        FROM query_table(rows) x
        LEFT JOIN dim_person p ON p.person_id = x.person_id
        LEFT JOIN dim_customer c ON c.customer_id = x.customer_id
    ) h
    LEFT JOIN dim_person_assignment s ON s.person_id = h.holder AND team_span_holds(s.valid_from, s.valid_to, h.attributed_on);
