-- int_unit_target — 回款任务: the collection (and sales) target of each person, team and the company per period.
-- Grain: (period_key, level, unit_id) for periods of dim_period that have a target. Customers have none.
-- Rules (seed 000: targets cascade company → team → rep, monthly, quarterly, yearly):
--   own target of a person or team for a period = its stg_targets row for that exact period_key; when a
--     quarter or year has no row of its own, the sum of the unit's month rows inside it (if any);
--   person: its own target;
--   team: its own target, else Σ of the targets of the persons in it at the period's end (dim_person_assignment);
--   company: Σ of the teams' targets (which already fall back to their persons).
CREATE OR REPLACE TABLE int_unit_target AS
WITH exact AS (
    SELECT
        CASE WHEN person_id IS NOT NULL THEN 'person' ELSE 'team' END AS level,
        coalesce(person_id, team_id) AS unit_id,
        period_key,
        sum(collection_target) AS collection_target,
        sum(sales_target) AS sales_target
    FROM stg_targets
    GROUP BY ALL
),
month_rollup AS (
    SELECT e.level, e.unit_id, p.period_key, sum(e.collection_target) AS collection_target, sum(e.sales_target) AS sales_target
    FROM exact e
    JOIN dim_period m ON m.grain = 'month' AND m.period_key = e.period_key
    JOIN dim_period p ON p.grain <> 'month' AND m.start_date BETWEEN p.start_date AND p.end_date
    GROUP BY ALL
),
own AS (
    SELECT
        level,
        unit_id,
        period_key,
        CASE WHEN e.unit_id IS NOT NULL THEN e.collection_target ELSE r.collection_target END AS collection_target,
        CASE WHEN e.unit_id IS NOT NULL THEN e.sales_target ELSE r.sales_target END AS sales_target
    FROM exact e
    FULL JOIN month_rollup r USING (level, unit_id, period_key)
),
person AS (
    SELECT o.unit_id AS person_id, a.team_id, o.period_key, o.collection_target, o.sales_target
    FROM own o
    JOIN dim_period d USING (period_key)
    LEFT JOIN dim_person_assignment a ON a.person_id = o.unit_id AND team_span_holds(a.valid_from, a.valid_to, d.end_date)
    WHERE o.level = 'person'
),
team_from_persons AS (
    SELECT team_id, period_key, sum(collection_target) AS collection_target, sum(sales_target) AS sales_target
    FROM person
    WHERE team_id IS NOT NULL
    GROUP BY ALL
),
team AS (
    SELECT
        coalesce(t.unit_id, f.team_id) AS team_id,
        coalesce(t.period_key, f.period_key) AS period_key,
        CASE WHEN t.unit_id IS NOT NULL THEN t.collection_target ELSE f.collection_target END AS collection_target,
        CASE WHEN t.unit_id IS NOT NULL THEN t.sales_target ELSE f.sales_target END AS sales_target
    FROM (SELECT * FROM own WHERE level = 'team') t
    FULL JOIN team_from_persons f ON f.team_id = t.unit_id AND f.period_key = t.period_key
),
target AS (
    SELECT period_key, 'person' AS level, person_id AS unit_id, collection_target, sales_target FROM person
    UNION ALL
    SELECT period_key, 'team', team_id, collection_target, sales_target FROM team
    UNION ALL
    SELECT period_key, 'company', 'company', sum(collection_target), sum(sales_target) FROM team GROUP BY period_key
)
SELECT t.period_key, t.level, t.unit_id, money(t.collection_target) AS collection_target, money(t.sales_target) AS sales_target
FROM target t
JOIN dim_period p USING (period_key);
