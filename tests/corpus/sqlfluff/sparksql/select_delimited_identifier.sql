select 1 as `delimited_but_regular_identifer_0`;
select 2 as `100% unruly-identifier`;
select `questionable identifier?` `still-questionable` from `(delimited)-table!`;
