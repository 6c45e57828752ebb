-- policy_parameters: exposed to pages as warehouse.policy_parameters (see docs/architecture.md)
select * from policy_parameters
