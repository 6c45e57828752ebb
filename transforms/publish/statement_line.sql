-- statement_line — 对账单: each customer's statement of account for the latest month: the opening balance, every
-- document of the month (销售发票, 红字发票, 收款, 退款, 坏账核销, 汇兑差额) with the running balance, and the closing
-- balance; the /statements/<person_id>/ pages print one customer per A4 page with the open items and unapplied cash.
-- Grain: (customer_id, line_no): for every customer with a balance at either month end or a document in the month;
-- line_no 0 the opening balance, 1 … n the documents by (date, kind, document), n + 1 the closing balance.
-- Balance = what the customer owes net: AR − unapplied cash (mart_ar_metrics.ar_balance − unapplied_amount), so
-- opening + invoices + credit notes (negative) − receipts + refunds − write-offs + exchange differences = closing
-- to the cent (test/publish/invariants.test.ts checks every customer against the month end's mart_ar_metrics).
-- An exchange difference (fct_fx_difference) is the 本币 a foreign-currency receipt gave up beyond what it took
-- off its invoice: it leaves the balance on its application date. Write-offs count on their effective date.
-- Sorted by (customer_id, line_no).
CREATE OR REPLACE TABLE statement_line AS
with latest as (
  select period_key, prev_period_key, start_date, end_date from dim_period where grain = 'month' order by period_key desc limit 1
),
balance as (
  select m.unit_id as customer_id, m.period_key, m.ar_balance - m.unapplied_amount as balance
  from mart_ar_metrics m
  where m.grain = 'month' and m.level = 'customer'
),
doc as (
  select i.customer_id, i.invoice_date as doc_date, case when i.is_credit_note then 2 else 1 end as kind_order,
         case when i.is_credit_note then '红字发票' else '销售发票' end as kind, i.invoice_id as doc_id, i.due_date,
         i.amount
  from fct_invoice i join latest l on i.invoice_date between l.start_date and l.end_date
  union all
  select r.customer_id, r.receipt_date, case when r.is_refund then 4 else 3 end,
         case when r.is_refund then '退款' else '收款' end, r.receipt_id, null, -r.amount
  from fct_receipt r join latest l on r.receipt_date between l.start_date and l.end_date
  union all
  select w.customer_id, w.effective_date, 5, '坏账核销', w.writeoff_id, null, -w.amount
  from fct_writeoff w join latest l on w.effective_date between l.start_date and l.end_date
  union all
  select f.customer_id, f.applied_date, 6, '汇兑差额', f.receipt_id, null, f.fx_difference
  from fct_fx_difference f join latest l on f.applied_date between l.start_date and l.end_date
),
customer as (
  select c.customer_id, coalesce(o.balance, 0) as opening, coalesce(e.balance, 0) as closing
  from dim_customer c
  cross join latest l
  left join balance o on o.customer_id = c.customer_id and o.period_key = l.prev_period_key
  left join balance e on e.customer_id = c.customer_id and e.period_key = l.period_key
  where coalesce(o.balance, 0) <> 0 or coalesce(e.balance, 0) <> 0 or c.customer_id in (select customer_id from doc)
),
line as (
  select customer_id, 0 as line_no, l.start_date - 1 as doc_date, 0 as kind_order, '期初余额' as kind, null as doc_id,
         null::date as due_date, null::decimal(18,2) as amount, opening as balance
  from customer cross join latest l
  union all
  select d.customer_id,
         cast(row_number() over (partition by d.customer_id order by d.doc_date, d.kind_order, d.doc_id) as integer),
         d.doc_date, d.kind_order, d.kind, d.doc_id, d.due_date, d.amount,
         c.opening + sum(d.amount) over (partition by d.customer_id order by d.doc_date, d.kind_order, d.doc_id
                                         rows between unbounded preceding and current row)
  from doc d join customer c using (customer_id)
  union all
  select c.customer_id, cast(1 + count(d.doc_id) as integer), l.end_date, 9, '期末余额', null, null, null, c.closing
  from customer c cross join latest l left join doc d using (customer_id)
  group by c.customer_id, l.end_date, c.closing
)
select l.period_key, l.end_date as as_of, x.customer_id, c.customer_name, c.owner_id, p.person_name as owner_name,
       p.team_id as owner_team_id, p.team_name as owner_team_name, x.line_no, x.doc_date, x.kind, x.doc_id, x.due_date,
       cast(x.amount as decimal(18,2)) as amount, cast(x.balance as decimal(18,2)) as balance
from line x
cross join latest l
join dim_customer c using (customer_id)
left join dim_person p on p.person_id = c.owner_id
order by x.customer_id, x.line_no;
