DROP SCHEMA example_dataset;
DROP SCHEMA IF EXISTS example_project.example_dataset;
UNDROP SCHEMA example_dataset;
UNDROP SCHEMA IF NOT EXISTS example_project.example_dataset;
