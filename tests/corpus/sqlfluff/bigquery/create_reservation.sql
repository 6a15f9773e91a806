CREATE RESERVATION
`example_project.region-us.example-reservation`
OPTIONS (slot_capacity=123);
