-- Least privilege for admin keys, and an audit trail nobody can rewrite (review finding 11).
-- Every key has one role (OrderDomain's AdminRole decides what each may do); keys made
-- before roles existed could do everything, so they become `admin` rather than lose access.
ALTER TABLE api_keys ADD COLUMN role text NOT NULL DEFAULT 'admin'
    CHECK (role IN ('viewer', 'operator', 'catalog', 'admin'));
-- New keys must name their role: the CLI requires `--role`, and so does the table.
ALTER TABLE api_keys ALTER COLUMN role DROP DEFAULT;

-- Every admin change: who (the key's name, or `cli`), with which role, what, on what,
-- and the values before and after. Rows are only ever inserted.
CREATE TABLE admin_audit (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL,                          -- key name, or `cli`
    role       text CHECK (role IN ('viewer', 'operator', 'catalog', 'admin')),  -- NULL for `cli`
    action     text NOT NULL,                          -- product.updated, refund.created, key.revoked, ...
    target     text,                                   -- a SKU, an order id, a key id
    before     jsonb,
    after      jsonb,
    request_id text
);
CREATE INDEX admin_audit_at ON admin_audit (at DESC, id);

-- Append-only for everyone, the table's owner and superusers included: dev and test
-- connect as `postgres`, which privileges alone cannot stop, so triggers refuse it too.
CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER admin_audit_no_update_delete BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON admin_audit FROM PUBLIC;

-- Retention (RETENTION_DAYS): the Housekeeping worker deletes finished inbox events and
-- delivered notifications by age; these indexes hold only the rows it may delete.
CREATE INDEX webhook_events_finished ON webhook_events (processed_at) WHERE status IN ('processed', 'ignored');
CREATE INDEX notifications_delivered ON notifications (updated_at) WHERE status = 'delivered';
