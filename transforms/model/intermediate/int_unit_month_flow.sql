-- int_unit_month_flow — 单位月度发生额: the flows of every unit (company, team, person, customer) per month.
-- Grain: (month_start, level, unit_id), only where the unit has some flow that month.
-- Flows add up over months, so a quarter's or year's flow is the sum of its months (mart_ar_metrics).
-- Each measure is attributed to customer / person / team (docs/metrics.md, Units and attribution):
--   sales, gross_sales   fct_invoice by invoice_date (person = the invoice's person)
--   collections          int_collection_credit by receipt_date (applied part → invoice's person, rest → owner)
--   writeoffs            fct_writeoff by writeoff_date (reduced invoice's person, else owner)
--   applied_collections  fct_application by applied_date (receipts and credit notes, to the invoice's person)
--   applied_writeoffs    fct_writeoff with an invoice, by effective_date
--   ar_transferred       fct_ar_transfer by transfer_date: + to the new holder / team, − from the old (issue 19)
-- so that ar(e) = ar(b) + gross_sales − applied_collections − applied_writeoffs + ar_transferred for every unit
-- (each fact after the invoice is attributed to its holder on its own day, macro attributed).
-- Each source is summed per (month, customer, person, team) on its own, all its measures in one pass, before
-- the sources are stacked (issue 9): grouping the stacked document rows (24 M at 10 M invoices) cost 12 s.
-- A source's row exists where it has a document that month, as the long list had; decimal sums are exact.
CREATE OR REPLACE TABLE int_unit_month_flow AS
WITH fine AS (
    SELECT month_idx(invoice_date) AS m, customer_id, person_id, team_id,
        sum(amount) AS sales, sum(amount) FILTER (WHERE amount > 0) AS gross_sales
    FROM fct_invoice
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(receipt_date) AS m, customer_id, person_id, team_id,
        sum(amount) AS collections, sum(amount) FILTER (WHERE is_acceptance) AS acceptance_collections
    FROM int_collection_credit
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(writeoff_date) AS m, customer_id, person_id, team_id, sum(amount) AS writeoffs
    FROM fct_writeoff
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(effective_date) AS m, customer_id, person_id, team_id, sum(amount) AS applied_writeoffs
    FROM fct_writeoff WHERE invoice_id IS NOT NULL
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(applied_date) AS m, customer_id, person_id, team_id, sum(amount) AS applied_collections
    FROM fct_application
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(transfer_date) AS m, customer_id, to_person_id AS person_id, to_team_id AS team_id, sum(amount) AS ar_transferred
    FROM fct_ar_transfer
    GROUP BY ALL
    UNION ALL BY NAME
    SELECT month_idx(transfer_date) AS m, customer_id, from_person_id AS person_id, from_team_id AS team_id, -sum(amount) AS ar_transferred
    FROM fct_ar_transfer
    GROUP BY ALL
),
by_unit AS (
    SELECT
        month_start_of(f.m) AS month_start,
        l.level,
        unit_at(l.level, f.customer_id, f.person_id, f.team_id) AS unit_id,
        f.* EXCLUDE (m, customer_id, person_id, team_id)
    FROM fine f
    CROSS JOIN unit_levels() l
)
SELECT
    month_start,
    level,
    unit_id,
    money(coalesce(sum(sales), 0)) AS sales,
    money(coalesce(sum(gross_sales), 0)) AS gross_sales,
    money(coalesce(sum(collections), 0)) AS collections,
    money(coalesce(sum(acceptance_collections), 0)) AS acceptance_collections,
    money(coalesce(sum(writeoffs), 0)) AS writeoffs,
    money(coalesce(sum(applied_collections), 0)) AS applied_collections,
    money(coalesce(sum(applied_writeoffs), 0)) AS applied_writeoffs,
    money(coalesce(sum(ar_transferred), 0)) AS ar_transferred
FROM by_unit
GROUP BY month_start, level, unit_id;
