CREATE CAPACITY
`example_project.region-us.example-commitment`
OPTIONS (slot_count=123);
