-- PrescripCare schema, version 2: what logging in needs beyond version 1.

-- RFC 6238 asks that a one-time code be accepted once only: the step
-- (seconds since the epoch / 30) of the last code accepted is kept, and a
-- code of that step or an earlier one is refused.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0
    CHECK (totp_last_step >= 0);
