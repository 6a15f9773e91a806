SELECT TOP 10 example_value_col FROM example_schema.some_table ORDER BY example_value_col;
