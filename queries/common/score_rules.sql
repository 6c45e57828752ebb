-- 回款任务考核's rules as the score explanations state them (components/ScoreRules.svelte): grade thresholds,
-- full points, the streak bonus and the 回款之星 choice, straight from policies/collection_task.yaml
-- (policy_parameters.value is the parameter's JSON).
select parameter, label, value, value_text, unit
from warehouse.policy_parameters
where policy = 'collection_task'
order by param_order
