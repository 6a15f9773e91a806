ALTER TABLE example_dataset.example_table
SET DEFAULT COLLATE "und:ci";
