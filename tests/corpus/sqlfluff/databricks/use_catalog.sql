USE CATALOG catalog_name;

-- Use the 'hive_metastore' .
USE CATALOG hive_metastore;

USE CATALOG 'hive_metastore';

-- Use the 'some_catalog'
USE CATALOG `some_catalog`;

USE CATALOG some_cat;
