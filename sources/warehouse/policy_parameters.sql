-- policy_parameters: every policy parameter with its value, unit, seed/policy default and seed clause:
-- the 考核规则 page lists them as they are (generated from the policy files, never typed into a page).
select * from policy_parameters
