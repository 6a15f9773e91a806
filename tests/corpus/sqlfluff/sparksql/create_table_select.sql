-- create table select without `AS` keyword
CREATE TABLE tab1 SELECT * FROM tab2;


-- create table select with `AS` keyword
CREATE TABLE tab1 AS SELECT * FROM tab2;
