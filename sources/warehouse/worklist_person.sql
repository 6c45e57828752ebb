-- worklist_person: the /worklist/ page: one row per collector (transforms/publish/worklist_person.sql)
select * from worklist_person
