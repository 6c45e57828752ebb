-- fct_promise: every promise to pay judged against the receipts (transforms/model/marts/fct_promise.sql)
select * from fct_promise
