update tbl1
set col1 = col2;

update tbl1 as set
set col1 = col2;
