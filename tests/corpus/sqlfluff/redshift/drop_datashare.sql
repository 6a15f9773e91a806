DROP DATASHARE datashare_name;
