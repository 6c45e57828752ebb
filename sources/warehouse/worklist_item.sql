-- worklist_item: the /worklist/<person_id>/ pages: each collector's items to act on (transforms/publish/worklist_item.sql)
select * from worklist_item
