ALTER TABLE example_dataset.example_table
DROP CONSTRAINT x;

ALTER TABLE `example-project.example_dataset.example_table`
DROP CONSTRAINT IF EXISTS x;
