-- Issue 24: back-office sessions. Staff sign in with an admin key once; the browser then
-- holds only an HttpOnly cookie. The cookie's token is never stored, only its SHA-256, so
-- a database dump opens no session. A session is its key's: revoking the key ends it.
CREATE TABLE admin_sessions (
    token_hash   text PRIMARY KEY,
    key_id       text NOT NULL REFERENCES api_keys (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz
);
CREATE INDEX admin_sessions_key ON admin_sessions (key_id);
CREATE INDEX admin_sessions_seen ON admin_sessions (last_seen_at);
