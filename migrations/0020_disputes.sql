-- Issue 23: a customer's chargeback is recorded, not ignored. One row per WooshPay dispute,
-- on the attempt it disputes, written only from WooshPay's own answer (GET /v1/disputes/{id}),
-- whatever told us (webhook, poller, reconciliation). A decided dispute never reopens.
CREATE TABLE disputes (
    id                 text PRIMARY KEY,                    -- WooshPay's dp_...
    order_id           text NOT NULL REFERENCES orders (id),
    attempt_id         text NOT NULL REFERENCES payment_attempts (id),
    amount             bigint NOT NULL CHECK (amount > 0),
    currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reason             text NOT NULL,
    status             text NOT NULL CHECK (status IN ('needs_response', 'under_review', 'won', 'lost')),
    gateway_status     text NOT NULL,
    evidence_due_by    timestamptz,
    funds_withdrawn    bigint NOT NULL DEFAULT 0 CHECK (funds_withdrawn >= 0),
    funds_reinstated   bigint NOT NULL DEFAULT 0 CHECK (funds_reinstated >= 0),
    evidence_submitted boolean NOT NULL DEFAULT false,
    -- When the poller re-reads an open dispute next; NULL once decided.
    next_sync_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disputes_order ON disputes (order_id, created_at);
CREATE INDEX disputes_attempt ON disputes (attempt_id);
CREATE INDEX disputes_due ON disputes (next_sync_at) WHERE next_sync_at IS NOT NULL;

-- The inbox's sync target may now be a dispute.
ALTER TABLE webhook_events DROP CONSTRAINT IF EXISTS webhook_events_sync_kind_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_sync_kind_check
    CHECK (sync_kind IN ('payment', 'refund', 'dispute'));

-- Two notifications announce disputes: opened, and decided.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_type_check
    CHECK (type IN ('order.paid', 'order.payment_failed', 'order.authorized', 'order.refunded', 'order.canceled',
                    'order.expired', 'order.needs_review', 'order.disputed', 'order.dispute_closed'));
