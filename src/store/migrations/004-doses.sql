-- Schema version 4: what dose tracking needs beyond the first schema.

-- The person's local calendar day of a slot.  An instant alone cannot
-- say it: the day depends on the zone the schedule followed that day,
-- which changes when the person travels.  Summaries and "today" group by
-- it.  As-needed doses carry the day they were taken.
ALTER TABLE dose_events ADD COLUMN slot_date TEXT
    CHECK (slot_date IS NULL OR date(slot_date, '+0 days') IS slot_date);
ALTER TABLE dose_events_archive ADD COLUMN slot_date TEXT;

CREATE INDEX idx_dose_events_med_day ON dose_events(medication_id,
    slot_date, status);
CREATE INDEX idx_dose_events_person_day ON dose_events(person_id,
    slot_date, scheduled_datetime);
CREATE INDEX idx_dose_archive_med_day ON dose_events_archive(medication_id,
    slot_date, status);
CREATE INDEX idx_dose_archive_slot ON dose_events_archive(schedule_id,
    scheduled_datetime);

-- The zone a person's schedules follow from a local day on.  Without a
-- row they follow user_profiles.timezone; a journey adds a row for the
-- day the schedules start to follow the local zone, and coming home adds
-- one back.  Past days keep the zone they had, so recorded doses still
-- match their slots.
CREATE TABLE schedule_zones (
    zone_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    from_date TEXT NOT NULL CHECK (date(from_date, '+0 days') IS from_date),
    timezone TEXT NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (person_id, from_date)
) STRICT;

-- Daily summary rows are read by day range for one person.
CREATE INDEX idx_summary_person_period ON adherence_summaries(person_id,
    period_type, period_start);
