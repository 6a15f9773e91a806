SELECT foo, baz, SUM(*)
FROM bar
GROUP BY ALL
;
