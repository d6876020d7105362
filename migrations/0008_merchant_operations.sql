-- Merchant operations: refunds followed to their end like payments, refunds made in
-- WooshPay's dashboard recorded too, and authorisations dated so lapsing ones are seen.

-- Who made the refund: us through the API, or someone in WooshPay's dashboard.
ALTER TABLE refunds ADD COLUMN source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'dashboard'));
-- A dashboard refund may carry any of WooshPay's reasons, or none.
ALTER TABLE refunds DROP CONSTRAINT refunds_reason_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_reason_check
    CHECK (reason IN ('duplicate', 'requested_by_customer', 'fraudulent', 'resolved_dispute', 'unspecified'));
-- Polling of refunds whose outcome is not known yet (pending, or the create call's answer
-- was lost), with leases like payment attempts.
ALTER TABLE refunds ADD COLUMN next_sync_at timestamptz;
ALTER TABLE refunds ADD COLUMN sync_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN lease_until timestamptz;
ALTER TABLE refunds ADD COLUMN lease_owner text;
CREATE INDEX refunds_due ON refunds (next_sync_at) WHERE next_sync_at IS NOT NULL;
CREATE INDEX refunds_payment_intent ON refunds (payment_intent_id);
-- Duplicate refunds made before this migration whose outcome is open are polled too.
UPDATE refunds SET next_sync_at = now() WHERE status IN ('pending', 'requires_action');

-- When the payment was authorised (manual capture): authorisations lapse after about 7 days.
ALTER TABLE payment_attempts ADD COLUMN authorized_at timestamptz;
UPDATE payment_attempts SET authorized_at = updated_at WHERE status = 'requires_capture';
CREATE INDEX payment_attempts_authorized ON payment_attempts (authorized_at) WHERE status = 'requires_capture';
