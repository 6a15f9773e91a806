select * from values 1, values 2;
select * from (values 1, 2), (values 2, 3);
