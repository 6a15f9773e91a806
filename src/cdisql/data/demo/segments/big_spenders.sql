-- Users who spent more than 500 USD on paid orders in 2025.
SELECT u.external_id AS external_user_id
FROM users AS u
JOIN orders AS o ON o.user_id = u.user_id
WHERE o.status = 'paid'
  AND o.order_date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
GROUP BY u.external_id
HAVING SUM(o.amount) > 500
