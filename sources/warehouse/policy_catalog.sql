-- policy_catalog: exposed to pages as warehouse.policy_catalog (see docs/architecture.md)
select * from policy_catalog
