DESCRIBE DETAIL '/data/events/';

DESCRIBE DETAIL eventstable;

DESCRIBE DETAIL DELTA.`/data/events/`;
