-- make bench, poller scaling: settled orders straight into the tables, as the service leaves
-- a paid checkout order (order, three lines, one succeeded attempt with its session and
-- intent, the created and paid events), numbered :from .. :to. Every row satisfies the
-- CHECK, UNIQUE and foreign-key constraints of migrations/*.sql; creation times spread over
-- the past year. Closed attempts have no next_sync_at, so none is in payment_attempts_due.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, customer_name, metadata,
                    client_token_hash, stock_reserved, needs_review, expires_at, created_at, updated_at)
SELECT 'ord_fill_' || g, 'paid', 'USD', 4006, 4006, 'fill-' || g || '@example.com', 'Fill Customer', '{}'::jsonb,
       md5(g::text) || md5((-g)::text), false, false,
       now() - make_interval(secs => g % 31536000) + interval '24 hours',
       now() - make_interval(secs => g % 31536000),
       now() - make_interval(secs => g % 31536000) + interval '2 minutes'
FROM generate_series(:from::bigint, :to::bigint) g;

INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked)
SELECT 'ord_fill_' || g, l, 'BENCH-' || (100 + (g * l) % 99), 'Bench product', 1000 + l, l, (1000 + l) * l, false
FROM generate_series(:from::bigint, :to::bigint) g, generate_series(1, 3) l;

INSERT INTO payment_attempts (id, order_id, mode, status, gateway_status, amount, currency, capture_method,
                              payment_method_types, payment_method, idempotency_key, checkout_session_id, checkout_url,
                              payment_intent_id, amount_received, next_sync_at, sync_attempts, created_at, updated_at,
                              succeeded_at)
SELECT 'pay_fill_' || g, 'ord_fill_' || g, 'checkout', 'succeeded', 'succeeded', 4006, 'USD', 'automatic',
       'card', 'card', 'merchant-pay_fill_' || g, 'cs_fill_' || g, 'http://127.0.0.1:8090/pay/cs_fill_' || g,
       'pi_fill_' || g, 4006, NULL, 1,
       now() - make_interval(secs => g % 31536000) + interval '10 seconds',
       now() - make_interval(secs => g % 31536000) + interval '2 minutes',
       now() - make_interval(secs => g % 31536000) + interval '2 minutes'
FROM generate_series(:from::bigint, :to::bigint) g;

INSERT INTO order_events (order_id, type, cause, data, created_at)
SELECT 'ord_fill_' || g, e.type, e.cause, e.data::jsonb, now() - make_interval(secs => g % 31536000) + e.after
FROM generate_series(:from::bigint, :to::bigint) g,
     (VALUES ('order.created', 'api', '{"currency":"USD","total":"4006"}', interval '0'),
             ('order.paid', 'webhook:evt_fill', '{"from":"awaiting_payment","to":"paid"}', interval '2 minutes')) e(type, cause, data, after);
COMMIT;
