-- statement_line: the /statements/ pages: each customer's statement of account (transforms/publish/statement_line.sql)
select * from statement_line
