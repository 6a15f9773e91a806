-- A first try: French users who opened the app.
SELECT u.user_id
FROM users AS u
JOIN events AS e ON e.user_id = u.user_id
WHERE u.contry = 'FR'
  AND e.event_name = 'app_open';
