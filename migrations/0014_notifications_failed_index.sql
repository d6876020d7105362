-- Notifications given up on (every endpoint kept failing past the retry limit) are what an
-- operator must be told about: `/metrics` counts them at each scrape. This partial index
-- holds only those rows, so the count stays O(failed), not O(every notification ever).
CREATE INDEX notifications_failed ON notifications (id) WHERE status = 'failed';
