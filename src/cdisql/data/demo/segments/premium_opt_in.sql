-- Premium users in Europe who accept marketing email.
SELECT external_id AS external_user_id
FROM users
WHERE plan = 'premium'
  AND email_opt_in
  AND country IN ('FR', 'DE', 'GB')
