-- Users who added to cart in the last weeks of the data but did not purchase.
SELECT DISTINCT u.external_id AS external_user_id
FROM events AS e
JOIN users AS u ON u.user_id = e.user_id
WHERE e.event_name = 'add_to_cart'
  AND e.event_date >= DATE '2025-11-01'
  AND NOT EXISTS (
    SELECT 1
    FROM events AS p
    WHERE p.user_id = e.user_id
      AND p.event_name = 'purchase'
      AND p.event_date >= DATE '2025-11-01'
  )
