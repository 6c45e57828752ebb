-- report_over_limit — 信用额度预警: early warning 2 of the monthly report: at each month end, the customers with a
-- balance (mart_ar_metrics, level customer) that their credit limit (dim_customer.credit_limit) does not cover,
-- in three kinds a reader must not add up (issue 17; seed 002 「公司销售回款管理制度」: 对于超信用额度或超信用期限
-- 的客户不再发生销售业务; small orders are 款到发货 — paid before delivery, no credit):
--   over      超出信用额度: a limit above 0 and AR above it (excess = ar_balance − credit_limit);
--   zero      零额度仍有欠款: a limit of 0 means no credit (款到发货), so any AR is owed against the rule
--             (excess = the whole ar_balance);
--   not_set   未设定信用额度: the export leaves the limit empty; nothing to exceed (excess NULL), listed so the
--             limit gets set, never counted as over the limit.
-- Grain: (period_key, customer_id): one row per customer with AR above 0 that its limit does not cover.
-- Sorted by (period_key, limit_kind_order, excess DESC, ar_balance DESC, customer_id).
CREATE OR REPLACE TABLE report_over_limit AS
select m.period_key, m.unit_id as customer_id, m.unit_name as customer_name, c.customer_type, c.credit_limit,
       case when c.credit_limit is null then 'not_set' when c.credit_limit = 0 then 'zero' else 'over' end as limit_kind,
       case when c.credit_limit is null then '未设定信用额度' when c.credit_limit = 0 then '零额度（款到发货）仍有欠款'
            else '超出信用额度' end as limit_kind_label,
       case when c.credit_limit is null then 3 when c.credit_limit = 0 then 2 else 1 end as limit_kind_order,
       m.ar_balance, m.ar_balance - c.credit_limit as excess, m.overdue_amount,
       (select cl.link from customer_latest cl where cl.customer_id = m.unit_id) as link
from mart_ar_metrics m
join dim_customer c on c.customer_id = m.unit_id
where m.grain = 'month' and m.level = 'customer' and m.ar_balance > 0
  and (c.credit_limit is null or m.ar_balance > c.credit_limit)
order by m.period_key, limit_kind_order, excess desc nulls last, m.ar_balance desc, m.unit_id;
