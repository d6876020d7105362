-- Issue 19: no bearer secret at rest in plaintext.
--
-- Idempotency records are now written with keyed hashes for scope, key and request
-- fingerprint and a sealed (AES-256-GCM) response, all derived from the caller's own key and
-- credential. Records written before this migration hold plaintext responses (order tokens,
-- client secrets) and unkeyed fingerprints of raw card bodies: they go. A retry that spans
-- the upgrade runs as a new request.
DELETE FROM idempotency_keys;
-- The same for the lookup columns of objects created by keyed requests: they held the raw
-- Idempotency-Key; new rows hold the claim's keyed reference.
UPDATE orders SET request_key = NULL WHERE request_key IS NOT NULL;
UPDATE payment_attempts SET request_key = NULL WHERE request_key IS NOT NULL;
UPDATE refunds SET request_key = NULL WHERE request_key IS NOT NULL;

-- Event-stream tickets: `EventSource` cannot send headers, so the browser trades its order
-- token (in a header) for a ticket that opens one stream of one order within 60 s. Only a
-- SHA-256 of the ticket is kept; opening the stream deletes it, so it works once.
CREATE TABLE stream_tickets (
    ticket_hash text PRIMARY KEY,
    order_id    text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX stream_tickets_expires_at ON stream_tickets (expires_at);
