-- fct_ar_transfer — 应收移交: an invoice's open amount passing to another person or team when the organisation
-- changes (issue 19): its holder moves team (调岗, dim_person_assignment) or leaves (离职交接: from the day after
-- their last day the customer's owner holds it).
-- Grain: (invoice_id, transfer_date), one row per invoice whose attribution differs between the day before
-- transfer_date and transfer_date (macro attributed, as every fact after the invoice), with a non-zero open amount.
-- amount = the open amount at the end of the day before: amount − applications and write-offs dated before
-- transfer_date (the same definition as fct_open_item's). It is the flow that keeps each unit's AR rolling
-- forward: ar(e) = ar(b) + gross_sales − applied_collections − applied_writeoffs + ar_transferred (mart_ar_metrics).
-- Candidates: for each change (a person and a day), the invoices of that person and of the customers they own
-- (an owner who moves team takes the open items they hold for a leaver), dated before the day.
CREATE OR REPLACE TABLE fct_ar_transfer AS
WITH change AS (
    SELECT person_id, valid_from AS transfer_date FROM dim_person_assignment WHERE valid_from IS NOT NULL
    UNION
    SELECT person_id, CAST(left_on + 1 AS DATE) FROM dim_person WHERE left_on IS NOT NULL
),
candidate AS (
    SELECT i.invoice_id, i.customer_id, i.person_id, ch.transfer_date
    FROM change ch
    JOIN fct_invoice i ON i.person_id = ch.person_id AND i.invoice_date < ch.transfer_date AND i.amount > 0
    UNION
    SELECT i.invoice_id, i.customer_id, i.person_id, ch.transfer_date
    FROM change ch
    JOIN dim_customer c ON c.owner_id = ch.person_id
    JOIN fct_invoice i ON i.customer_id = c.customer_id AND i.invoice_date < ch.transfer_date AND i.amount > 0
),
held_before AS (
    SELECT *, CAST(transfer_date - 1 AS DATE) AS attributed_on FROM candidate
),
held_after AS (
    SELECT *, transfer_date AS attributed_on FROM candidate
),
moved AS (
    SELECT b.invoice_id, b.customer_id, b.transfer_date,
        b.person_id AS from_person_id, b.team_id AS from_team_id, a.person_id AS to_person_id, a.team_id AS to_team_id
    FROM attributed(held_before) b
    JOIN attributed(held_after) a USING (invoice_id, transfer_date)
    WHERE b.person_id IS DISTINCT FROM a.person_id OR b.team_id IS DISTINCT FROM a.team_id
),
reduced AS (
    SELECT m.invoice_id, m.transfer_date, sum(x.amount) AS amount
    FROM moved m
    JOIN (
        SELECT invoice_id, applied_date AS reduced_on, amount FROM fct_application
        UNION ALL
        SELECT invoice_id, effective_date, amount FROM fct_writeoff WHERE invoice_id IS NOT NULL
    ) x ON x.invoice_id = m.invoice_id AND x.reduced_on < m.transfer_date
    GROUP BY m.invoice_id, m.transfer_date
)
SELECT
    m.transfer_date,
    strftime(m.transfer_date, '%Y-%m') AS period_key,
    m.invoice_id,
    m.customer_id,
    m.from_person_id,
    m.from_team_id,
    m.to_person_id,
    m.to_team_id,
    CASE WHEN m.from_person_id IS DISTINCT FROM m.to_person_id THEN 'handover' ELSE 'team_move' END AS reason,
    money(i.amount - coalesce(r.amount, 0)) AS amount
FROM moved m
JOIN fct_invoice i USING (invoice_id)
LEFT JOIN reduced r USING (invoice_id, transfer_date)
WHERE i.amount - coalesce(r.amount, 0) <> 0
ORDER BY m.transfer_date, m.invoice_id;
