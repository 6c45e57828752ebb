-- mart_dunning: every open item at every month end with its dunning level (a view, transforms/policies/mart_dunning.sql)
select * from mart_dunning
