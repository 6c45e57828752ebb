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

COMMENT ON TABLE dim_person IS '人员维度 / People: one row per person (业务员 sales rep, 销售经理 manager, 销售总监 director) and the team they belong to';
COMMENT ON COLUMN dim_person.person_id IS '人员编码 / Person id';
COMMENT ON COLUMN dim_person.person_name IS '姓名 / Name';
COMMENT ON COLUMN dim_person.team_id IS '团队编码 / Team id (dim_team)';
COMMENT ON COLUMN dim_person.team_name IS '团队名称 / Team name';
COMMENT ON COLUMN dim_person.role IS '岗位 / Role: 业务员, 销售经理, 销售总监 or as given';
COMMENT ON COLUMN dim_person.manager_id IS '上级 / The person this one reports to';
COMMENT ON COLUMN dim_person.monthly_salary IS '月工资 / Monthly salary (base of the salary deductions: docs/policies.md, 逾期考核 and 逾期欠款比例扣薪)';
COMMENT ON COLUMN dim_person.region IS '区域 / Region';
