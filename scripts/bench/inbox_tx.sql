-- make bench ceiling: the statement POST /webhooks/wooshpay runs (PostgresWebhookInbox.store),
-- one autocommit INSERT ... ON CONFLICT DO NOTHING with a real event's raw body (-D body=...),
-- values bound as parameters (pgbench -M extended, as PQexecParams), a fresh event id each time.
\set n random(1, 9000000000000000000)
INSERT INTO webhook_events (event_id, type, object_id, sync_object_id, sync_kind, raw_body) VALUES ('evt_pgb_' || :n::text, 'payment_intent.succeeded', :obj, :obj, 'payment', :body) ON CONFLICT (event_id) DO NOTHING;
