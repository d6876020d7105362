-- Settlement by polling: the expiry sweep scans only unpaid orders by expiry, so a
-- tick costs O(orders due to expire), not O(all orders ever placed). (The reason an
-- order is flagged for review lives in orders.review_reason, added by 0007.)
CREATE INDEX orders_expiring ON orders (expires_at)
    WHERE status IN ('awaiting_payment', 'payment_failed', 'requires_action');
