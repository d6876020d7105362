-- One row per attempt to collect an order's money at WooshPay. The row and its
-- idempotency key are written before WooshPay is called, so a crash or timeout in
-- between leaves a `pending` row that the next request or the settlement engine
-- completes with the same key (never a second intent).
CREATE TABLE payment_attempts (
    id                   text PRIMARY KEY,                  -- pay_<hex>
    order_id             text NOT NULL REFERENCES orders (id),
    mode                 text NOT NULL CHECK (mode IN ('checkout', 'sdk', 'direct')),
    status               text NOT NULL CHECK (status IN ('pending', 'requires_payment_method', 'requires_confirmation',
                             'requires_action', 'processing', 'requires_capture', 'succeeded', 'failed', 'canceled', 'expired')),
    gateway_status       text,                              -- WooshPay's spelling, for audit
    amount               bigint NOT NULL CHECK (amount > 0),
    currency             text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    capture_method       text NOT NULL CHECK (capture_method IN ('automatic', 'manual')),
    payment_method_types text NOT NULL,                     -- comma list sent to WooshPay
    payment_method       text,                              -- pm_... id, or a redirect type; never card data
    uses_raw_card        boolean NOT NULL DEFAULT false,    -- the card itself is never stored
    idempotency_key      text NOT NULL UNIQUE,              -- for the creating call at WooshPay
    confirm_count        integer NOT NULL DEFAULT 0,        -- later confirms use <key>-confirm-<n>
    checkout_session_id  text UNIQUE,
    checkout_url         text,
    payment_intent_id    text UNIQUE,
    next_action_type     text,
    next_action_url      text,
    amount_received      bigint NOT NULL DEFAULT 0,
    amount_capturable    bigint NOT NULL DEFAULT 0,
    last_error_code      text,
    last_error_message   text,
    next_sync_at         timestamptz,                       -- when the poller should look again
    sync_attempts        integer NOT NULL DEFAULT 0,
    lease_until          timestamptz,
    lease_owner          text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_attempts_order ON payment_attempts (order_id, created_at);
-- Workers scan only open attempts that are due: O(due), not O(all attempts).
CREATE INDEX payment_attempts_due ON payment_attempts (next_sync_at)
    WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'expired');
