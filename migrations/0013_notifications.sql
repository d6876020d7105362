-- The transactional outbox of merchant notifications: an `order.*` event the merchant's
-- systems are told about, written in the transaction that changed the order (see
-- PostgresPaymentAttemptStore.event), then delivered by every replica's notifier under a
-- lease, signed like WooshPay's webhooks, with retries. `payload` is the exact JSON sent.
CREATE TABLE notifications (
    id              text PRIMARY KEY,                     -- evt_<hex>
    seq             bigserial NOT NULL UNIQUE,            -- creation order (event streams resume after it)
    order_id        text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    type            text NOT NULL CHECK (type IN ('order.paid', 'order.payment_failed', 'order.authorized',
                        'order.refunded', 'order.canceled', 'order.expired', 'order.needs_review')),
    payload         text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,           -- delivery rounds so far
    next_attempt_at timestamptz DEFAULT now(),            -- NULL once delivered or given up
    lease_until     timestamptz,
    lease_owner     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX notifications_order ON notifications (order_id, seq);
CREATE INDEX notifications_created ON notifications (created_at DESC, id);

-- One row per notification and endpoint URL: a notification is delivered once every
-- configured endpoint answered 2xx; an endpoint that did is not sent it again (but a replay).
CREATE TABLE notification_deliveries (
    notification_id text NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    url             text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_status     integer,                              -- HTTP status of the last try; NULL: no answer
    last_error      text,
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, url)
);
