-- meeting_stars: the 季度经验交流会's 回款之星, chosen by the policy's meeting_star_* parameters (transforms/publish/meeting_stars.sql)
select * from meeting_stars
