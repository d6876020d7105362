-- A keyed request that dies with its replica (SIGKILL, PostgreSQL restart) must not leave
-- its Idempotency-Key "in use" for a day: the owner renews `claimed_at` while it runs, and
-- a repeat may take the key over once the claim is older than the lease. The re-run must
-- then find what the dead run already wrote, so the objects a keyed request creates carry
-- the client's key (`request_key`): a re-run returns them instead of making new ones.
ALTER TABLE idempotency_keys ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE orders ADD COLUMN request_key text;
CREATE INDEX orders_request_key ON orders (request_key) WHERE request_key IS NOT NULL;

ALTER TABLE refunds ADD COLUMN request_key text;
CREATE INDEX refunds_request_key ON refunds (order_id, request_key) WHERE request_key IS NOT NULL;
