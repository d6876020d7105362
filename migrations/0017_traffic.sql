-- Issue 20: hostile traffic.

-- Rate limits shared by every replica: one row per key (class, and client, order or admin
-- key) holding its GCRA theoretical arrival time in microseconds since the epoch. UNLOGGED:
-- no WAL, so a take costs no fsync; a crash forgets the counts, which only lets one burst
-- through again. Housekeeping deletes rows whose time has passed (they hold a full burst).
CREATE UNLOGGED TABLE rate_limits (
    key text PRIMARY KEY,
    tat bigint NOT NULL
);

-- One round trip per request: takes `cost` (0 only asks) from `key`'s allowance of one
-- request per `interval_us` with bursts up to `burst_us`, or with `force` records it anyway
-- (a decline that already happened). Returns 0 when allowed, else microseconds to wait.
-- The database's clock decides, so replicas with drifting clocks still agree. This is
-- OrderDomain's `GCRA.step`, which the store tests compare it with.
CREATE FUNCTION rate_limit_take(p_key text, p_interval_us bigint, p_burst_us bigint, p_cost integer, p_force boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    t_now  bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
    t_tat  bigint;
    t_next bigint;
BEGIN
    INSERT INTO rate_limits (key, tat) VALUES (p_key, t_now) ON CONFLICT (key) DO NOTHING;
    SELECT tat INTO t_tat FROM rate_limits WHERE key = p_key FOR UPDATE;
    t_next := greatest(t_tat, t_now) + p_interval_us * greatest(p_cost, 1);
    IF p_force OR t_next - t_now <= p_burst_us THEN
        IF p_cost > 0 THEN UPDATE rate_limits SET tat = t_next WHERE key = p_key; END IF;
        RETURN 0;
    END IF;
    RETURN t_next - t_now - p_burst_us;
END $$;

-- Stock is held for STOCK_HOLD after an order is placed (and while a payment is open), not
-- for the order's whole CHECKOUT_EXPIRY. Existing orders keep their hold until 15 minutes
-- from now at most.
ALTER TABLE orders ADD COLUMN stock_held_until timestamptz;
UPDATE orders SET stock_held_until = least(expires_at, now() + interval '15 minutes') WHERE stock_reserved;
CREATE INDEX orders_stock_hold ON orders (stock_held_until) WHERE stock_reserved;

-- Declined payments of the order (card testing cap: MAX_PAYMENT_FAILURES_PER_ORDER).
ALTER TABLE orders ADD COLUMN payment_failures integer NOT NULL DEFAULT 0;

-- When WooshPay was last read for the attempt, by any replica and any path: reads are
-- spaced RETURN_SYNC_MIN_INTERVAL apart.
ALTER TABLE payment_attempts ADD COLUMN gateway_read_at timestamptz;
