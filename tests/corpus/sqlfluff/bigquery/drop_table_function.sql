DROP TABLE FUNCTION mydataset.my_table_function;
DROP TABLE FUNCTION IF EXISTS mydataset.my_table_function;
