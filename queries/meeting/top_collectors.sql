-- 季度经验交流会 (seed 001 「应收账款考核制度」: 定期组织经验交流会议, 分享优秀个人的回款经验): every quarter's
-- 回款之星 and, after them, the league's top persons the policy's bar kept out, with the reason. Chosen in the
-- publish stage by collection_task's meeting_star_* parameters (transforms/publish/meeting_stars.sql): every
-- figure is a mart_league / mart_ar_metrics value of the quarter; the table is in (quarter, star_rank) order.
select * from warehouse.meeting_stars
