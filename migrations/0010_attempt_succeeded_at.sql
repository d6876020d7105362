-- When each attempt was recorded succeeded. The order keeps the payment that succeeded
-- first, not the attempt created first: two tabs may finish in either order.
ALTER TABLE payment_attempts ADD COLUMN succeeded_at timestamptz;
UPDATE payment_attempts SET succeeded_at = updated_at WHERE status = 'succeeded';
