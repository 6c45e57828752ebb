-- dim_dunning_level: the dunning levels of policies/dunning.yaml (transforms/policies/dunning.ts)
select * from dim_dunning_level
