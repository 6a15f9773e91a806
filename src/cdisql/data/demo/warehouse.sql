-- The cdisql demo warehouse: users, orders and events, generated deterministically.
-- Same rows on every machine: the pseudo-random columns are modular arithmetic on the
-- row number, never random() or hash() (which may change between DuckDB versions).

CREATE TABLE users AS
SELECT
    i AS user_id,
    'user_' || lpad(CAST(i AS VARCHAR), 5, '0') AS external_id,
    'user' || i || '@example.com' AS email,
    (['US', 'FR', 'DE', 'GB', 'BR', 'JP'])[1 + (i * 7919) % 6] AS country,
    CAST(DATE '2024-01-01' + CAST((i * 104729) % 700 AS INTEGER) AS DATE) AS signup_date,
    (i * 31) % 5 <> 0 AS email_opt_in,
    CASE WHEN (i * 13) % 10 < 2 THEN 'premium' ELSE 'free' END AS plan
FROM range(1, 2001) AS t(i);

CREATE TABLE orders AS
SELECT
    i AS order_id,
    1 + (i * 7907) % 2000 AS user_id,
    CAST(5 + ((i * 6151) % 50000) / 100.0 AS DECIMAL(10, 2)) AS amount,
    (['paid', 'paid', 'paid', 'refunded', 'cancelled'])[1 + (i * 17) % 5] AS status,
    CAST(DATE '2025-01-01' + CAST((i * 523) % 365 AS INTEGER) AS DATE) AS order_date
FROM range(1, 6001) AS t(i);

CREATE TABLE events AS
SELECT
    i AS event_id,
    1 + (i * 3571) % 2000 AS user_id,
    (['app_open', 'page_view', 'add_to_cart', 'purchase', 'push_open'])[1 + (i * 29) % 5]
        AS event_name,
    CAST(DATE '2025-06-01' + CAST((i * 389) % 180 AS INTEGER) AS DATE) AS event_date,
    (['ios', 'android', 'web'])[1 + (i * 11) % 3] AS platform
FROM range(1, 12001) AS t(i);

CREATE VIEW recent_orders AS
SELECT * FROM orders WHERE order_date >= DATE '2025-10-01';

COMMENT ON TABLE users IS 'One row per registered user';
COMMENT ON COLUMN users.user_id IS 'Internal numeric user id';
COMMENT ON COLUMN users.external_id IS 'Braze external_id of the user';
COMMENT ON COLUMN users.email IS 'Email address (demo data)';
COMMENT ON COLUMN users.country IS 'ISO 3166-1 alpha-2 country code';
COMMENT ON COLUMN users.signup_date IS 'Day the user signed up';
COMMENT ON COLUMN users.email_opt_in IS 'Subscribed to marketing email';
COMMENT ON COLUMN users.plan IS 'free or premium';
COMMENT ON TABLE orders IS 'One row per order';
COMMENT ON COLUMN orders.order_id IS 'Order id';
COMMENT ON COLUMN orders.user_id IS 'Buyer (users.user_id)';
COMMENT ON COLUMN orders.amount IS 'Order total in USD';
COMMENT ON COLUMN orders.status IS 'paid, refunded or cancelled';
COMMENT ON COLUMN orders.order_date IS 'Day the order was placed';
COMMENT ON TABLE events IS 'One row per tracked app or web event';
COMMENT ON COLUMN events.event_id IS 'Event id';
COMMENT ON COLUMN events.user_id IS 'User who triggered it (users.user_id)';
COMMENT ON COLUMN events.event_name IS 'app_open, page_view, add_to_cart, purchase or push_open';
COMMENT ON COLUMN events.event_date IS 'Day of the event: filter on it to read less';
COMMENT ON COLUMN events.platform IS 'ios, android or web';
COMMENT ON VIEW recent_orders IS 'Orders placed since 2025-10-01';
