-- The back office's lists page newest first by (created_at, id) with a keyset cursor
-- ((created_at, id) < cursor ORDER BY created_at DESC, id DESC), so each common filter has an
-- index in that order (read backwards): a page costs O(page), never a scan of all orders.
-- orders_created_at from 0003 sorts id ascending within a timestamp, which this order cannot use.
CREATE INDEX orders_admin_created ON orders (created_at, id);
CREATE INDEX orders_admin_status ON orders (status, created_at, id);
CREATE INDEX orders_admin_email ON orders (lower(customer_email), created_at, id);
CREATE INDEX orders_admin_review ON orders (created_at, id) WHERE review_reason IS NOT NULL;

-- The webhook inbox list, newest first, by status or not.
CREATE INDEX webhook_events_admin_received ON webhook_events (received_at, event_id);
CREATE INDEX webhook_events_admin_status ON webhook_events (status, received_at, event_id);

-- Covered by the indexes above (same leading columns), so no longer worth their writes.
DROP INDEX orders_created_at;
DROP INDEX orders_customer_email;
