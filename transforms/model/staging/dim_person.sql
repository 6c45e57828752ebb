-- dim_person — 人员维度: one row per person of the export (stg_people).
-- Grain: person_id. Every invoice, collection and open item is attributed to a person ("谁放货谁清收";
-- docs/metrics.md, Units and attribution); a person's team is read from here, so a team is exactly the sum of its people.
CREATE OR REPLACE TABLE dim_person AS
SELECT
    person_id,
    person_name,
    team_id,
    team_name,
    role,
    manager_id,
    money(monthly_salary) AS monthly_salary,
    region
FROM stg_people
ORDER BY person_id;
