-- dim_person_assignment — 任职记录: which team (and manager, role) each person belonged to, and when.
-- Grain: (person_id, valid_from), one row per span; a person's spans cover every date without overlap.
-- A person without rows in the optional assignments file (stg_assignments, issue 19) has one span, valid_from and
-- valid_to NULL: the team of the people file on every date. A person with rows has a span per row, from its
-- valid_from to the next row's (exclusive); the first span's valid_from is NULL, since documents dated before a
-- person's first row can belong to no other team. Every dated fact takes the team of the span holding its date
-- (macro team_span_holds, docs/metrics.md, Organisation history); dim_person.team_id is the span valid today.
-- team_name: the row's own, else the team's name in the people file (dim_team names every team seen here).
CREATE TABLE IF NOT EXISTS stg_assignments (
    person_id VARCHAR, team_id VARCHAR, team_name VARCHAR, manager_id VARCHAR, role VARCHAR, valid_from DATE,
    source_file VARCHAR, source_line INTEGER
);

CREATE OR REPLACE TABLE dim_person_assignment AS
WITH team_name AS (
    SELECT team_id, arg_min(team_name, person_id) AS team_name FROM stg_people GROUP BY team_id
),
dated AS (
    SELECT
        a.person_id,
        a.team_id,
        coalesce(a.team_name, t.team_name) AS team_name,
        a.manager_id,
        a.role,
        CASE WHEN row_number() OVER w > 1 THEN a.valid_from END AS valid_from,
        lead(a.valid_from) OVER w AS valid_to
    FROM stg_assignments a
    LEFT JOIN team_name t USING (team_id)
    WINDOW w AS (PARTITION BY a.person_id ORDER BY a.valid_from)
)
SELECT person_id, team_id, team_name, manager_id, role, valid_from, valid_to FROM dated
UNION ALL
SELECT p.person_id, p.team_id, p.team_name, p.manager_id, p.role, CAST(NULL AS DATE), CAST(NULL AS DATE)
FROM stg_people p
WHERE p.person_id NOT IN (SELECT person_id FROM stg_assignments)
ORDER BY person_id, valid_from NULLS FIRST;
