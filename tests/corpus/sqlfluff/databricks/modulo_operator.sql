SELECT 10 % 3 AS remainder;

SELECT 10
% 3 AS remainder;
