select
    timestamp_ntz '1970-01-01',
    TIMESTAMP_LTZ '1970-01-01',
    cast('1970-01-01' as TIMESTAMP_NTZ),
    cast('1970-01-01' as timestamp_ltz)
