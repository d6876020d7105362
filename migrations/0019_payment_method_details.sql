-- Issue 22: a direct start may carry billing details and method options (PIX's payer,
-- SPEI's CURP). Like a raw card they are passed to WooshPay and never stored; the attempt
-- only remembers that they were withheld, so a lost creating call is re-sent only with a
-- retry's own copy (never from the row, which would send a different body under the key).
ALTER TABLE payment_attempts ADD COLUMN details_withheld boolean NOT NULL DEFAULT false;
