-- make bench ceiling: the transaction POST /v1/orders commits (PostgresOrderRepository.place
-- with CatalogSQL.pricesForUpdate, without an Idempotency-Key), statement for statement,
-- values bound as parameters (pgbench -M extended, as PQexecParams), three lines from the
-- three thirds of the catalog. Stock is not tracked in the bench catalog, so no UPDATE
-- products runs (as in the service). Keep in step with the store when it changes.
\set a 100 + random(0, :third - 1)
\set b 100 + :third + random(0, :third - 1)
\set c 100 + 2 * :third + random(0, :third - 1)
\set n random(1, 9000000000000000000)
BEGIN;
SELECT p.sku, p.name, p.active, p.stock, pp.unit_amount
FROM products p
LEFT JOIN product_prices pp ON pp.sku = p.sku AND pp.currency = :cur
WHERE p.sku IN ('BENCH-' || :a::text, 'BENCH-' || :b::text, 'BENCH-' || :c::text)
ORDER BY p.sku
FOR UPDATE OF p;
INSERT INTO orders (id, status, currency, subtotal_amount, total_amount, customer_email, customer_name, metadata, client_token_hash, stock_reserved, expires_at, request_key) VALUES ('ord_pgb_' || :n::text, 'awaiting_payment', :cur, :total, :total, 'bench-' || :n::text || '@example.com', 'Bench Customer', '{}'::jsonb, :tokhash, false, now() + make_interval(secs => :life), NULL) RETURNING id, status, currency, total_amount, refunded_amount, customer_email, customer_name, metadata::text AS metadata, extract(epoch FROM created_at)::bigint AS created_epoch, extract(epoch FROM expires_at)::bigint AS expires_epoch;
INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked) VALUES ('ord_pgb_' || :n::text, 1, 'BENCH-' || :a::text, 'Bench product', 1001, 1, 1001, false);
INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked) VALUES ('ord_pgb_' || :n::text, 2, 'BENCH-' || :b::text, 'Bench product', 1002, 2, 2004, false);
INSERT INTO order_items (order_id, line, sku, name, unit_amount, quantity, amount, stock_tracked) VALUES ('ord_pgb_' || :n::text, 3, 'BENCH-' || :c::text, 'Bench product', 1001, 1, 1001, false);
INSERT INTO order_events (order_id, type, cause, data) VALUES ('ord_pgb_' || :n::text, 'order.created', 'api', :evdata::jsonb);
COMMIT;
