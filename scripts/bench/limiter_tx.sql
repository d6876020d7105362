-- The rate limiter's statement as each limited request runs it (RateLimitMiddleware): one
-- take from a client's allowance, over 1,000 client keys, with a limit never reached.
\set client random(1, 1000)
SELECT rate_limit_take('bench-orders-client-' || (:client)::integer, 1, 1000000000, 1, false);
