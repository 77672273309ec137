-- Reminders: what the reminder engine keeps beyond the blueprint's queue.
--
--   reminder_kind  which reminder a row is: 'advance' (before the dose),
--                  'due', 'snoozed', 'missed' (after the grace period) or
--                  'refill'; NULL for notifications other parts queue.
--   slot_at        the dose's scheduled instant (for a refill, the instant
--                  the supply runs out), so a dose's rows are found by
--                  schedule and slot and cancelled once it is recorded.
--   held_until     set when quiet hours held the row back; held rows are
--                  delivered together, in one summary, when they end.
--   closed_at      when the person answered it, or the dose it is about
--                  was recorded; a closed row leaves every screen.

ALTER TABLE notification_queue ADD COLUMN reminder_kind TEXT
    CHECK (reminder_kind IN ('advance', 'due', 'snoozed', 'missed', 'refill'));
ALTER TABLE notification_queue ADD COLUMN slot_at INTEGER;
ALTER TABLE notification_queue ADD COLUMN held_until INTEGER;
ALTER TABLE notification_queue ADD COLUMN closed_at INTEGER;

-- idx_queue_once keys a row by recipient, type, schedule and instant.  An
-- hourly dose's "due now" and the next dose's "in 60 minutes" are both
-- medication_reminder rows at one instant, so one of them was dropped
-- without a word.  The planner's rows are keyed by kind and dose as well;
-- the old rule still holds for rows queued without a kind.
DROP INDEX idx_queue_once;
CREATE UNIQUE INDEX idx_queue_once ON notification_queue(user_id,
    notification_type, related_schedule_id, scheduled_for)
    WHERE related_schedule_id IS NOT NULL AND reminder_kind IS NULL;
CREATE UNIQUE INDEX idx_queue_reminder_once ON notification_queue(user_id,
    reminder_kind, related_schedule_id, slot_at, scheduled_for)
    WHERE reminder_kind IS NOT NULL AND related_schedule_id IS NOT NULL;
-- A refill reminder has no schedule: it is one per medication and run-out.
CREATE UNIQUE INDEX idx_queue_refill_once ON notification_queue(user_id,
    related_medication_id, slot_at, scheduled_for)
    WHERE reminder_kind = 'refill';

-- The rows of one dose, for cancelling them once it is recorded.
CREATE INDEX idx_queue_slot ON notification_queue(related_schedule_id,
    slot_at) WHERE closed_at IS NULL;
