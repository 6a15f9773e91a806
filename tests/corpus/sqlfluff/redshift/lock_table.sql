lock event, sales;

LOCK TABLE schema_name.table_name1, schema_name.table_name2;
