-- make bench: :norders unpaid orders ord_pgbp_1.. (three lines each) for payment_tx.sql.
\set ON_ERROR_STOP on
INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, customer_name, metadata,
                    client_token_hash, stock_reserved, expires_at)
SELECT 'ord_pgbp_' || g, 'awaiting_payment', 'USD', 5008, 5008, 'pgbp-' || g || '@example.com', 'Bench Customer', '{}'::jsonb,
       md5(g::text) || md5((-g)::text), false, now() + interval '24 hours'
FROM generate_series(1, :norders) g;
INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked)
SELECT 'ord_pgbp_' || g, l, 'BENCH-' || (100 + 33 * (l - 1) + g % 33), 'Bench product', 1001, l, 1001 * l, false
FROM generate_series(1, :norders) g, generate_series(1, 3) l;
