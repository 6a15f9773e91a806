DROP RLS POLICY policy_concerts;

DROP RLS POLICY IF EXISTS policy_concerts CASCADE;
