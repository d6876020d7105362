-- Orders priced server-side from the catalog, with a price snapshot per line.
CREATE TABLE orders (
    id                text PRIMARY KEY,                 -- ord_<hex>
    status            text NOT NULL CHECK (status IN ('awaiting_payment', 'requires_action', 'processing',
                          'authorized', 'paid', 'partially_refunded', 'refunded', 'payment_failed',
                          'canceled', 'expired')),
    currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    subtotal_amount   bigint NOT NULL CHECK (subtotal_amount >= 0),
    total_amount      bigint NOT NULL CHECK (total_amount >= 0),
    refunded_amount   bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= total_amount),
    customer_email    text NOT NULL,
    customer_name     text,
    metadata          jsonb NOT NULL DEFAULT '{}',
    client_token_hash text NOT NULL,                    -- SHA-256 of the browser's order token
    stock_reserved    boolean NOT NULL DEFAULT false,   -- true while reserved units are held
    needs_review      boolean NOT NULL DEFAULT false,
    expires_at        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_created_at ON orders (created_at DESC, id);
CREATE INDEX orders_customer_email ON orders (lower(customer_email));

CREATE TABLE order_items (
    order_id    text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line        integer NOT NULL,
    sku         text NOT NULL,
    name        text NOT NULL,
    unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
    quantity    integer NOT NULL CHECK (quantity > 0),
    amount      bigint NOT NULL CHECK (amount >= 0),
    stock_tracked boolean NOT NULL,
    PRIMARY KEY (order_id, line)
);

-- Audit trail (and later the outbox): every transition with its cause.
CREATE TABLE order_events (
    id         bigserial PRIMARY KEY,
    order_id   text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    type       text NOT NULL,
    cause      text NOT NULL,                           -- api, return, webhook:<evt id>, poll, admin:<key name>
    data       jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Our own Idempotency-Key handling (Stripe semantics), kept 24 h.
CREATE TABLE idempotency_keys (
    scope           text NOT NULL,                      -- method + route + caller
    key             text NOT NULL,
    request_hash    text NOT NULL,
    response_status integer,                            -- NULL while the first request runs
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
