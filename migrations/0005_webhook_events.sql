-- The webhook inbox: every verified WooshPay event, raw, keyed by its id. The HTTP route
-- only inserts (ON CONFLICT DO NOTHING, so duplicate deliveries are stored once) and
-- answers; the WebhookProcessor claims due rows with a lease and syncs the object each
-- names. A row left leased by a crashed replica becomes claimable again once its lease
-- expires, so the claim query is also the sweeper.
CREATE TABLE webhook_events (
    event_id        text PRIMARY KEY,                   -- evt_...
    type            text NOT NULL,                      -- payment_intent.succeeded, ...
    object_id       text,                               -- the pi_/cs_/re_ the event names
    sync_object_id  text,                               -- what to sync: the pi_/cs_ (a refund's payment intent)
    raw_body        text NOT NULL,                      -- exactly as received, for replay and audit
    status          text NOT NULL DEFAULT 'received'
                        CHECK (status IN ('received', 'processed', 'ignored', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,         -- processing tries so far
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    lease_owner     text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz                         -- when processed or ignored
);
-- The processor scans only unfinished rows that are due: a tick costs O(due).
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at)
    WHERE status IN ('received', 'failed');
CREATE INDEX webhook_events_object ON webhook_events (object_id);
