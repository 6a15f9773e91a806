DROP PROCEDURE quarterly_revenue(volume INOUT bigint, at_price IN numeric,result OUT int);

DROP PROCEDURE quarterly_revenue(volume bigint, at_price numeric,result int);
