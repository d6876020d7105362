-- Issue 23: the back office lists disputes newest first with a keyset cursor, and the
-- gauge counts open disputes whose evidence is due soon; both read an index, not the table.
CREATE INDEX disputes_created ON disputes (created_at DESC, id DESC);
CREATE INDEX disputes_open_due ON disputes (evidence_due_by) WHERE status IN ('needs_response', 'under_review');
