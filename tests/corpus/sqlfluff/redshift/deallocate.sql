DEALLOCATE statement_name;

DEALLOCATE PREPARE statement_name;
