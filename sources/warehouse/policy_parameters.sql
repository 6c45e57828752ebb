-- policy_parameters: every policy parameter with its value, unit, origin and seed clause: the 考核规则 page lists them as they are
select * from policy_parameters
