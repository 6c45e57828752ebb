-- dim_team — 团队维度: one row per team a person belongs to today (dim_person) or belonged to (dim_person_assignment).
-- Grain: team_id. The manager is the team's 销售经理 today (the first by person_id when there are several);
-- the director is the person the manager reports to, else a 销售总监 inside the team. person_count: people in it
-- today (0 for a team known only from the history).
CREATE OR REPLACE TABLE dim_team AS
WITH manager AS (
    SELECT team_id, min(person_id) AS manager_id
    FROM dim_person
    WHERE role = '销售经理'
    GROUP BY team_id
),
director_in_team AS (
    SELECT team_id, min(person_id) AS director_id
    FROM dim_person
    WHERE role = '销售总监'
    GROUP BY team_id
),
today AS (
    SELECT
        team_id,
        arg_min(team_name, person_id) AS team_name,
        arg_min(region, person_id) FILTER (WHERE region IS NOT NULL) AS region,
        count(*) AS person_count
    FROM dim_person
    GROUP BY team_id
),
team AS (
    SELECT * FROM today
    UNION ALL
    SELECT team_id, arg_min(team_name, person_id), NULL, 0
    FROM dim_person_assignment
    WHERE team_id NOT IN (SELECT team_id FROM today)
    GROUP BY team_id
)
SELECT
    t.team_id,
    t.team_name,
    t.region,
    m.manager_id,
    coalesce(manager_row.manager_id, d.director_id) AS director_id,
    CAST(t.person_count AS INTEGER) AS person_count
FROM team t
LEFT JOIN manager m USING (team_id)
LEFT JOIN dim_person manager_row ON manager_row.person_id = m.manager_id
LEFT JOIN director_in_team d USING (team_id)
ORDER BY t.team_id;
