-- Admin API keys. Only a SHA-256 of the secret is stored; the secret is shown once.
CREATE TABLE api_keys (
    id          text PRIMARY KEY,             -- key_<hex>, also the visible key prefix
    name        text NOT NULL UNIQUE,
    secret_hash text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
