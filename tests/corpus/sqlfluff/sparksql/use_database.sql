USE database_name;

-- Use the 'userdb'
USE userdb;

-- Use the 'userdb1'
USE userdb1;
