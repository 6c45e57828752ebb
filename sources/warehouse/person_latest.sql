-- person_latest: the people index and team pages: every person, latest month (transforms/publish/person_latest.sql)
select * from person_latest
