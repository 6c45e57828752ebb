-- data_dictionary: the 数据字典 page: every column of every table with its comment (transforms/dictionary.ts)
select * from data_dictionary
