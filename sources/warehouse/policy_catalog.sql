-- policy_catalog: one row per policy file (policies/*.yaml), written by the policy stage: the 考核规则 page.
select * from policy_catalog
