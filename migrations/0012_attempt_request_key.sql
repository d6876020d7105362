-- The client's Idempotency-Key of the payment start that created or last continued an
-- attempt: a re-run of that request after its owner died (see 0011) answers with the
-- attempt it paid or authorised, instead of `409 order_already_paid`.
ALTER TABLE payment_attempts ADD COLUMN request_key text;
