-- Refunds we ask WooshPay for. The row and its idempotency key are written before the
-- call, like payment attempts. `reason = 'duplicate'` refunds a second successful payment
-- of an already paid order: it never counts toward the order's refunded amount.
CREATE TABLE refunds (
    id                text PRIMARY KEY,                    -- rf_<hex>
    order_id          text NOT NULL REFERENCES orders (id),
    attempt_id        text NOT NULL REFERENCES payment_attempts (id),
    payment_intent_id text NOT NULL,
    amount            bigint NOT NULL CHECK (amount > 0),
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reason            text NOT NULL CHECK (reason IN ('duplicate', 'requested_by_customer', 'fraudulent')),
    status            text NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
    gateway_refund_id text UNIQUE,
    gateway_status    text,
    failure_reason    text,
    idempotency_key   text NOT NULL UNIQUE,
    cause             text NOT NULL,                       -- duplicate:<attempt>, admin:<key name>
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_order ON refunds (order_id, created_at);
-- At most one automatic duplicate refund per attempt, however many syncs race.
CREATE UNIQUE INDEX refunds_one_duplicate_per_attempt ON refunds (attempt_id) WHERE reason = 'duplicate';

-- Why an attempt needs a person (amount or currency that does not match the order...).
ALTER TABLE payment_attempts ADD COLUMN review_reason text;
ALTER TABLE orders ADD COLUMN review_reason text;
