select
    (1 as one) + 1 as col_1,
    one + 3 as col_2,
    one + 5 as col_3,
    one + 7 as col_4
