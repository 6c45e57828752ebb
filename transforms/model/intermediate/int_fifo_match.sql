-- int_fifo_match — 先进先出核销结果: the customer's source stream laid against its queue.
-- Grain: one row per (source, consumer) overlap, plus one row per source remainder nothing consumed.
--
-- FIFO as an interval match: source s covers [cum_start, cum_end) of the customer's cumulative stream and
-- consumer c covers its own [cum_start, cum_end) of the queue; they meet on the overlap of the two slices.
-- Done as a merge of sorted boundaries, strictly linear after the sort: every source end and consumer end
-- is a boundary point; between two consecutive points sits exactly one source (number of source ends
-- before the segment + 1) and one consumer (likewise), found with running counts, then joined by
-- (customer_id, seq) equality. No range join, no cursor.
-- The day the money meets the invoice: greatest(source_date, consumer_date), so cash received before the
-- invoice existed is unapplied (预收) until the invoice date.
-- This equals a sequential day-by-day FIFO whenever no invoice arrives with an earlier due date than one
-- already issued to the customer and still open (always true for due dates from fixed credit terms; checked
-- in test/model/hand.test.ts and invariants.test.ts against a day-by-day simulation). Where one does (explicit
-- due dates), money is still laid by due date over the customer's whole history: cash received before that
-- invoice waits for it (unapplied) instead of paying the older open invoice, so at that month end both AR and
-- unapplied are higher by the same amount, and the as-of view depends on the later invoice. On the bundled
-- sample (60,000 invoices): 219 of 79,167 application rows, 47 of 2,000 customers, at worst 0.15 % of a
-- month's company AR. Ordering invoices by the running maximum of due dates instead would make every as-of
-- view exact but pays older-issued invoices before newer overdue ones (5 % of the amount differs).
CREATE OR REPLACE TABLE int_fifo_match AS
WITH boundary AS (
    SELECT customer_id, cum_end AS pos, 1 AS source_ends, 0 AS consumer_ends FROM int_fifo_source
    UNION ALL
    SELECT customer_id, cum_end, 0, 1 FROM int_fifo_consumer
),
point AS (
    SELECT customer_id, pos, CAST(sum(source_ends) AS BIGINT) AS source_ends, CAST(sum(consumer_ends) AS BIGINT) AS consumer_ends
    FROM boundary
    GROUP BY customer_id, pos
),
segment AS (
    SELECT
        customer_id,
        coalesce(lag(pos) OVER (PARTITION BY customer_id ORDER BY pos), 0) AS seg_start,
        pos AS seg_end,
        CAST(1 + sum(source_ends) OVER w - source_ends AS BIGINT) AS source_seq,
        CAST(1 + sum(consumer_ends) OVER w - consumer_ends AS BIGINT) AS consumer_seq
    FROM point
    -- the ends before a point = the running count to it less its own (a frame ending 1 PRECEDING was a slower window
    -- over 9.7 M points at 10 M invoices), as BIGINT like seq (a HUGEINT sum made the joins below cast every key):
    -- 13.0-13.8 -> 12.2-12.6 s there
    WINDOW w AS (PARTITION BY customer_id ORDER BY pos ROWS UNBOUNDED PRECEDING)
)
SELECT
    g.customer_id,
    s.source_type,
    s.source_id,
    s.source_date,
    s.is_acceptance,
    c.consumer_type,
    c.consumer_id,
    c.consumer_date,
    greatest(s.source_date, c.consumer_date) AS matched_date,
    money(g.seg_end - g.seg_start) AS amount,
    g.seg_start,
    g.seg_end
FROM segment g
JOIN int_fifo_source s ON s.customer_id = g.customer_id AND s.seq = g.source_seq
LEFT JOIN int_fifo_consumer c ON c.customer_id = g.customer_id AND c.seq = g.consumer_seq;
