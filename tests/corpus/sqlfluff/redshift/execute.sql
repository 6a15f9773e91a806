EXECUTE statement_name;

EXECUTE statement_name (1);

EXECUTE statement_name (1, 'foo');
