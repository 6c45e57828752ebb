-- fct_collection_contact: every contact of the collection log (transforms/model/marts/fct_collection_contact.sql)
select * from fct_collection_contact
