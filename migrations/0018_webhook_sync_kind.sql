-- Issue 21: the inbox stores what a processor syncs as a typed target (payment object or
-- refund), taken from the event's object as the adapter decoded it, instead of the
-- processor guessing from the id's "re_" prefix at run time.
ALTER TABLE webhook_events ADD COLUMN sync_kind text
    CHECK (sync_kind IN ('payment', 'refund'));

-- Rows stored before this migration: the prefix rule they were processed by, applied once.
UPDATE webhook_events
SET sync_kind = CASE WHEN sync_object_id LIKE 're\_%' THEN 'refund' ELSE 'payment' END
WHERE sync_object_id IS NOT NULL;

ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_sync_kind_present
    CHECK ((sync_kind IS NULL) = (sync_object_id IS NULL));
