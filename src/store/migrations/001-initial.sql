-- PrescripCare schema, version 1.
--
-- Conventions, the same in every table:
--   * ids are INTEGER PRIMARY KEY: SQLite's own rowid, compact and fast;
--     a single local file gains nothing from UUIDs.
--   * instants (*_at, *_datetime, *_until) are INTEGER seconds since the
--     Unix epoch, which is UTC by definition.
--   * calendar dates are TEXT 'YYYY-MM-DD' and times of day TEXT 'HH:MM';
--     both are wall-clock values in the person's own time zone.  A date is
--     checked with date(x, '+0 days') IS x: without a modifier SQLite
--     echoes impossible dates such as 2026-02-30 back unchanged.
--   * booleans are INTEGER 0 or 1.
--   * columns of type BLOB marked "sealed" hold health data encrypted with
--     XChaCha20-Poly1305 under the person's data key: a copy of the file
--     reveals nothing of them.  Indexes on such columns would be useless,
--     so the blueprint's indexes on names and birth dates are dropped.
--   * every table is STRICT, so a value of the wrong type is refused.
--
-- The blueprint ties health records to login accounts.  Here a person
-- whose health is recorded ("people") is separate from an account
-- ("users"): a caregiver looks after a parent who never logs in, and a
-- pharmacist keeps records of customers.  Every health table refers to
-- person_id where the blueprint has user_id.

-- 1. Accounts and the people looked after -------------------------------

CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    -- The account's own health record, when it has one.
    person_id INTEGER UNIQUE REFERENCES people(person_id) ON DELETE SET NULL,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE
        CHECK (length(email) BETWEEN 3 AND 255 AND email LIKE '%_@_%'),
    -- An Argon2id string from crypto_pwhash_str, which carries its own
    -- salt and parameters: the blueprint's separate salt column is gone.
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    account_status TEXT NOT NULL DEFAULT 'active'
        CHECK (account_status IN ('active', 'suspended', 'deactivated')),
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    two_factor_enabled INTEGER NOT NULL DEFAULT 0
        CHECK (two_factor_enabled IN (0, 1)),
    -- TOTP secret, sealed under the account's own key.
    totp_secret BLOB,
    -- The account's key pair: the public key in clear, the secret key
    -- wrapped twice, under a key derived from the password and under one
    -- derived from the recovery code.  The KDF salts are not password-hash
    -- salts; they belong to these two wrappings.
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    secret_key_by_password BLOB NOT NULL,
    password_key_salt BLOB NOT NULL CHECK (length(password_key_salt) = 16),
    secret_key_by_recovery BLOB NOT NULL,
    recovery_key_salt BLOB NOT NULL CHECK (length(recovery_key_salt) = 16),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    last_login INTEGER,
    login_attempts INTEGER NOT NULL DEFAULT 0 CHECK (login_attempts >= 0),
    locked_until INTEGER
) STRICT;

CREATE INDEX idx_users_account_status ON users(account_status);
CREATE INDEX idx_users_created_at ON users(created_at);
-- The blueprint's idx_email is dropped: UNIQUE already builds that index.

CREATE TABLE people (
    person_id INTEGER PRIMARY KEY,
    -- Whoever created the record and manages it: the person themself, a
    -- caregiver for a dependent, a pharmacist for a customer.
    managed_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    -- Bumped when the data key is rotated after a revoke.
    key_version INTEGER NOT NULL DEFAULT 1 CHECK (key_version >= 1),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_people_managed_by ON people(managed_by);

-- A person's data key sealed to each account allowed to read it, one row
-- per key version, so data written before a rotation stays readable by
-- those who could read it then.
CREATE TABLE person_keys (
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    key_version INTEGER NOT NULL CHECK (key_version >= 1),
    sealed_key BLOB NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (person_id, user_id, key_version)
) STRICT;

CREATE INDEX idx_person_keys_user ON person_keys(user_id);

-- What another account may do with a person's record.
CREATE TABLE care_relationships (
    relationship_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    can_view INTEGER NOT NULL DEFAULT 1 CHECK (can_view IN (0, 1)),
    can_record_doses INTEGER NOT NULL DEFAULT 0
        CHECK (can_record_doses IN (0, 1)),
    can_edit_medications INTEGER NOT NULL DEFAULT 0
        CHECK (can_edit_medications IN (0, 1)),
    can_receive_alerts INTEGER NOT NULL DEFAULT 0
        CHECK (can_receive_alerts IN (0, 1)),
    granted_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    granted_at INTEGER NOT NULL DEFAULT (unixepoch()),
    revoked_at INTEGER,
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE UNIQUE INDEX idx_care_active ON care_relationships(person_id, user_id)
    WHERE revoked_at IS NULL;
CREATE INDEX idx_care_user ON care_relationships(user_id)
    WHERE revoked_at IS NULL;

CREATE TABLE user_profiles (
    profile_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE
        REFERENCES people(person_id) ON DELETE CASCADE,
    first_name BLOB NOT NULL,                   -- sealed
    last_name BLOB NOT NULL,                    -- sealed
    date_of_birth BLOB,                         -- sealed 'YYYY-MM-DD'
    gender TEXT NOT NULL DEFAULT 'prefer_not_to_say'
        CHECK (gender IN ('male', 'female', 'other', 'prefer_not_to_say')),
    phone_number BLOB,                          -- sealed
    emergency_contact_name BLOB,                -- sealed
    emergency_contact_phone BLOB,               -- sealed

    height_cm INTEGER CHECK (height_cm > 0 AND height_cm < 300),
    weight_kg REAL CHECK (weight_kg > 0 AND weight_kg < 1000),
    bmi REAL GENERATED ALWAYS AS
        (round(weight_kg / ((height_cm / 100.0) * (height_cm / 100.0)), 2))
        STORED,
    blood_type TEXT CHECK (blood_type IN
        ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'unknown')),

    address_line1 BLOB,                         -- sealed
    address_line2 BLOB,                         -- sealed
    city BLOB,                                  -- sealed
    state_province BLOB,                        -- sealed
    postal_code BLOB,                           -- sealed
    country BLOB,                               -- sealed

    -- An IANA zone name; the program checks it against the tz database.
    timezone TEXT NOT NULL DEFAULT 'UTC'
        CHECK (length(timezone) BETWEEN 1 AND 64),
    -- When travelling: keep dose times in the home zone, or follow local.
    travel_timezone TEXT CHECK (length(travel_timezone) BETWEEN 1 AND 64),
    preferred_language TEXT NOT NULL DEFAULT 'en'
        CHECK (length(preferred_language) BETWEEN 2 AND 10),
    -- The blueprint's notification_preferences JSON column is dropped: the
    -- notification_preferences table holds those settings, and one setting
    -- kept in two places drifts apart.

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE user_medical_conditions (
    condition_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    condition_name BLOB NOT NULL,               -- sealed
    condition_code BLOB,                        -- sealed ICD-10 code
    severity TEXT NOT NULL DEFAULT 'moderate'
        CHECK (severity IN ('mild', 'moderate', 'severe')),
    diagnosed_date TEXT
        CHECK (date(diagnosed_date, '+0 days') IS diagnosed_date),
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'resolved', 'managed')),
    notes BLOB,                                 -- sealed
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_conditions_person ON user_medical_conditions(person_id);
CREATE INDEX idx_conditions_status ON user_medical_conditions(status);

CREATE TABLE user_allergies (
    allergy_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    allergen_name BLOB NOT NULL,                -- sealed
    allergen_type TEXT NOT NULL
        CHECK (allergen_type IN ('drug', 'food', 'environmental', 'other')),
    reaction_severity TEXT NOT NULL CHECK (reaction_severity IN
        ('mild', 'moderate', 'severe', 'life_threatening')),
    reaction_symptoms BLOB,                     -- sealed
    verified_by_doctor INTEGER NOT NULL DEFAULT 0
        CHECK (verified_by_doctor IN (0, 1)),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_allergies_person ON user_allergies(person_id);
CREATE INDEX idx_allergies_type ON user_allergies(allergen_type);
CREATE INDEX idx_allergies_severity ON user_allergies(reaction_severity);

-- 2. Drug master data (reference facts, not anyone's health data) -------

CREATE TABLE drugs_master (
    drug_id INTEGER PRIMARY KEY,
    drug_name TEXT NOT NULL CHECK (length(drug_name) BETWEEN 1 AND 200),
    generic_name TEXT CHECK (length(generic_name) <= 200),
    brand_names TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(brand_names) AND json_type(brand_names) = 'array'),
    drug_class TEXT,
    therapeutic_category TEXT,
    atc_code TEXT CHECK (atc_code GLOB '[A-Z][0-9][0-9]*'),
    rxcui TEXT UNIQUE,

    active_ingredients TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(active_ingredients)),
    available_strengths TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(available_strengths)),
    dosage_forms TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(dosage_forms)),
    route_of_administration TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(route_of_administration)),

    indications TEXT,
    contraindications TEXT,
    side_effects TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(side_effects)),
    warnings_precautions TEXT,
    pregnancy_category TEXT CHECK (pregnancy_category IN
        ('A', 'B', 'C', 'D', 'X', 'N')),
    controlled_substance_schedule TEXT CHECK (controlled_substance_schedule
        IN ('CI', 'CII', 'CIII', 'CIV', 'CV')),

    storage_conditions TEXT CHECK (length(storage_conditions) <= 200),
    shelf_life_months INTEGER CHECK (shelf_life_months > 0),

    fda_approved INTEGER NOT NULL DEFAULT 0 CHECK (fda_approved IN (0, 1)),
    approval_date TEXT CHECK (date(approval_date, '+0 days') IS approval_date),
    manufacturer TEXT,
    ndc_codes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ndc_codes)),

    -- Where the row came from: the shipped catalogue is replaced when a
    -- newer one ships; imported and hand-added rows are kept.
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT,

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE UNIQUE INDEX idx_drug_name ON drugs_master(drug_name COLLATE NOCASE);
CREATE INDEX idx_generic_name ON drugs_master(generic_name COLLATE NOCASE);
CREATE INDEX idx_drug_class ON drugs_master(drug_class);
CREATE INDEX idx_therapeutic_category ON drugs_master(therapeutic_category);
-- The blueprint's FULLTEXT index becomes an FTS5 table kept by the drug
-- search module.

CREATE TABLE drug_interactions (
    interaction_id INTEGER PRIMARY KEY,
    drug_a_id INTEGER NOT NULL REFERENCES drugs_master(drug_id) ON DELETE CASCADE,
    drug_b_id INTEGER NOT NULL REFERENCES drugs_master(drug_id) ON DELETE CASCADE,
    interaction_type TEXT NOT NULL
        CHECK (interaction_type IN ('major', 'moderate', 'minor')),
    mechanism TEXT CHECK (length(mechanism) <= 500),
    clinical_effect TEXT,
    management_strategy TEXT,
    evidence_level TEXT NOT NULL DEFAULT 'established' CHECK (evidence_level
        IN ('established', 'probable', 'possible', 'theoretical')),
    severity_score INTEGER CHECK (severity_score BETWEEN 1 AND 10),
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user')),
    source TEXT,
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    -- A pair is stored once, smaller id first, so A+B and B+A are one rule
    -- and the blueprint's UNIQUE cannot be dodged by swapping the pair.
    CHECK (drug_a_id < drug_b_id),
    UNIQUE (drug_a_id, drug_b_id)
) STRICT;

CREATE INDEX idx_interactions_drug_b ON drug_interactions(drug_b_id);
CREATE INDEX idx_interaction_type ON drug_interactions(interaction_type);
CREATE INDEX idx_interaction_severity ON drug_interactions(severity_score);
-- idx_drug_a is the leading column of the UNIQUE index already.

CREATE TABLE drug_food_interactions (
    interaction_id INTEGER PRIMARY KEY,
    drug_id INTEGER NOT NULL REFERENCES drugs_master(drug_id) ON DELETE CASCADE,
    food_item TEXT NOT NULL CHECK (length(food_item) BETWEEN 1 AND 200),
    interaction_type TEXT NOT NULL
        CHECK (interaction_type IN ('avoid', 'caution', 'timing_required')),
    description TEXT,
    recommendation TEXT,
    origin TEXT NOT NULL DEFAULT 'user'
        CHECK (origin IN ('catalogue', 'import', 'user'))
) STRICT;

CREATE INDEX idx_food_drug ON drug_food_interactions(drug_id);
CREATE INDEX idx_food_item ON drug_food_interactions(food_item);

-- 3. Medications ---------------------------------------------------------

CREATE TABLE user_medications (
    medication_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    drug_id INTEGER NOT NULL REFERENCES drugs_master(drug_id),

    prescription_number BLOB,                   -- sealed
    prescriber_name BLOB,                       -- sealed
    prescriber_npi BLOB,                        -- sealed
    prescriber_id INTEGER REFERENCES healthcare_providers(provider_id)
        ON DELETE SET NULL,
    pharmacy_name BLOB,                         -- sealed
    pharmacy_phone BLOB,                        -- sealed
    pharmacy_id INTEGER REFERENCES pharmacies(pharmacy_id) ON DELETE SET NULL,

    strength TEXT NOT NULL CHECK (length(strength) BETWEEN 1 AND 50),
    dosage_form TEXT NOT NULL CHECK (length(dosage_form) BETWEEN 1 AND 50),
    quantity_prescribed INTEGER CHECK (quantity_prescribed > 0),
    refills_remaining INTEGER NOT NULL DEFAULT 0 CHECK (refills_remaining >= 0),
    days_supply INTEGER CHECK (days_supply > 0),

    dosing_frequency TEXT CHECK (length(dosing_frequency) <= 100),
    -- The schedule as the person wrote it ("08:00,20:00"); the rows of
    -- medication_schedules are what the program computes with.
    dosing_schedule TEXT CHECK (length(dosing_schedule) <= 200),
    instructions BLOB,                          -- sealed

    start_date TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    end_date TEXT
        CHECK (date(end_date, '+0 days') IS end_date AND end_date >= start_date),
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'completed', 'discontinued', 'paused')),
    discontinuation_reason BLOB,                -- sealed
    -- A critical medication still sounds during quiet hours.
    is_critical INTEGER NOT NULL DEFAULT 0 CHECK (is_critical IN (0, 1)),

    adherence_target REAL NOT NULL DEFAULT 100.0
        CHECK (adherence_target BETWEEN 0 AND 100),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_medications_drug ON user_medications(drug_id);
CREATE INDEX idx_medications_status ON user_medications(status);
CREATE INDEX idx_medications_dates ON user_medications(start_date, end_date);
CREATE INDEX idx_user_medication_status
    ON user_medications(person_id, status, start_date);
CREATE INDEX idx_active_medications ON user_medications(person_id, drug_id)
    WHERE status = 'active';

-- Every change of a medication's status, so history is never overwritten.
CREATE TABLE medication_status_history (
    change_id INTEGER PRIMARY KEY,
    medication_id INTEGER NOT NULL
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,
    old_status TEXT CHECK (old_status IN
        ('active', 'completed', 'discontinued', 'paused')),
    new_status TEXT NOT NULL CHECK (new_status IN
        ('active', 'completed', 'discontinued', 'paused')),
    reason BLOB,                                -- sealed
    changed_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    changed_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_status_history_med
    ON medication_status_history(medication_id, changed_at);

-- Each dispensing, for refill forecasts and refill-based adherence.
CREATE TABLE medication_fills (
    fill_id INTEGER PRIMARY KEY,
    medication_id INTEGER NOT NULL
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,
    filled_on TEXT NOT NULL CHECK (date(filled_on, '+0 days') IS filled_on),
    quantity REAL NOT NULL CHECK (quantity > 0),
    days_supply INTEGER NOT NULL CHECK (days_supply BETWEEN 1 AND 365),
    pharmacy_id INTEGER REFERENCES pharmacies(pharmacy_id) ON DELETE SET NULL,
    recorded_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_fills_med ON medication_fills(medication_id, filled_on);

CREATE TABLE medication_schedules (
    schedule_id INTEGER PRIMARY KEY,
    medication_id INTEGER NOT NULL
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,
    -- The blueprint knows only a time every day; the other kinds that
    -- real prescriptions use are described by the columns below.
    kind TEXT NOT NULL DEFAULT 'daily' CHECK (kind IN
        ('daily', 'interval', 'weekdays', 'every_n_days', 'cycle', 'prn',
         'taper')),
    dose_time TEXT CHECK (dose_time GLOB '[0-2][0-9]:[0-5][0-9]'
        AND dose_time < '24:00'),
    interval_hours INTEGER CHECK (interval_hours BETWEEN 1 AND 24),
    weekdays INTEGER CHECK (weekdays BETWEEN 1 AND 127), -- bit 0 = Monday
    every_n_days INTEGER CHECK (every_n_days BETWEEN 2 AND 365),
    cycle_days_on INTEGER CHECK (cycle_days_on BETWEEN 1 AND 365),
    cycle_days_off INTEGER CHECK (cycle_days_off BETWEEN 1 AND 365),
    prn_min_interval_minutes INTEGER CHECK (prn_min_interval_minutes > 0),
    prn_max_per_day INTEGER CHECK (prn_max_per_day > 0),
    -- Applies from this date (and for a taper, until valid_until).
    valid_from TEXT CHECK (date(valid_from, '+0 days') IS valid_from),
    valid_until TEXT CHECK (date(valid_until, '+0 days') IS valid_until
        AND valid_until >= valid_from),
    dose_amount REAL CHECK (dose_amount > 0),
    dose_unit TEXT CHECK (length(dose_unit) BETWEEN 1 AND 20),
    special_instructions BLOB,                  -- sealed
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (kind = 'prn' OR dose_time IS NOT NULL)
) STRICT;

CREATE INDEX idx_schedules_med ON medication_schedules(medication_id);
CREATE INDEX idx_schedules_time ON medication_schedules(dose_time);
CREATE INDEX idx_schedules_active ON medication_schedules(medication_id)
    WHERE is_active = 1;

-- 4. Dose tracking and adherence -----------------------------------------

CREATE TABLE dose_events (
    event_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    medication_id INTEGER NOT NULL
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,
    schedule_id INTEGER NOT NULL
        REFERENCES medication_schedules(schedule_id) ON DELETE CASCADE,

    scheduled_datetime INTEGER NOT NULL,
    actual_datetime INTEGER,
    status TEXT NOT NULL CHECK (status IN
        ('taken', 'missed', 'skipped', 'snoozed', 'partial')),
    dose_amount_taken REAL CHECK (dose_amount_taken > 0),

    taken_with_food INTEGER CHECK (taken_with_food IN (0, 1)),
    side_effects_noted BLOB,                    -- sealed
    notes BLOB,                                 -- sealed
    location BLOB,                              -- sealed
    snoozed_until INTEGER,

    recorded_via TEXT NOT NULL DEFAULT 'manual'
        CHECK (recorded_via IN ('manual', 'reminder', 'auto', 'caregiver')),
    recorded_by INTEGER REFERENCES users(user_id) ON DELETE SET NULL,
    -- Entered after the fact (long after the grace period).
    is_retrospective INTEGER NOT NULL DEFAULT 0
        CHECK (is_retrospective IN (0, 1)),
    device_info TEXT CHECK (device_info IS NULL OR json_valid(device_info)),

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),

    -- One event per schedule slot: this is what refuses a double dose.
    UNIQUE (schedule_id, scheduled_datetime),
    CHECK (status NOT IN ('taken', 'partial') OR actual_datetime IS NOT NULL)
) STRICT;

CREATE INDEX idx_dose_events_med ON dose_events(medication_id,
    scheduled_datetime);
CREATE INDEX idx_dose_events_status ON dose_events(status);
-- The blueprint indexes DATE(scheduled_datetime).  That date is the UTC
-- date, which is not the person's day anywhere but at UTC, and a day is
-- better asked as a range of instants [start, end) computed in the
-- person's zone, which this plain composite index answers.  It replaces
-- the blueprint's idx_dose_events_summary as well.
CREATE INDEX idx_dose_events_summary ON dose_events(person_id,
    scheduled_datetime, status);

CREATE TABLE adherence_summaries (
    summary_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    -- NULL for the summary over all of the person's medications.
    medication_id INTEGER
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,

    period_type TEXT NOT NULL
        CHECK (period_type IN ('daily', 'weekly', 'monthly', 'yearly')),
    period_start TEXT NOT NULL
        CHECK (date(period_start, '+0 days') IS period_start),
    period_end TEXT NOT NULL CHECK (date(period_end, '+0 days') IS period_end
        AND period_end >= period_start),

    total_scheduled_doses INTEGER NOT NULL DEFAULT 0
        CHECK (total_scheduled_doses >= 0),
    doses_taken INTEGER NOT NULL DEFAULT 0 CHECK (doses_taken >= 0),
    doses_missed INTEGER NOT NULL DEFAULT 0 CHECK (doses_missed >= 0),
    -- Skipped doses are counted too: the blueprint lost them.
    doses_skipped INTEGER NOT NULL DEFAULT 0 CHECK (doses_skipped >= 0),
    doses_snoozed INTEGER NOT NULL DEFAULT 0 CHECK (doses_snoozed >= 0),
    doses_partial INTEGER NOT NULL DEFAULT 0 CHECK (doses_partial >= 0),
    adherence_percentage REAL GENERATED ALWAYS AS
        (CASE WHEN total_scheduled_doses > 0
         THEN round(doses_taken * 100.0 / total_scheduled_doses, 2)
         ELSE 0 END) STORED,

    current_streak_days INTEGER NOT NULL DEFAULT 0
        CHECK (current_streak_days >= 0),
    longest_streak_days INTEGER NOT NULL DEFAULT 0
        CHECK (longest_streak_days >= 0),

    calculated_at INTEGER NOT NULL DEFAULT (unixepoch()),
    CHECK (doses_taken + doses_missed + doses_skipped + doses_partial
        <= total_scheduled_doses)
) STRICT;

-- The blueprint's UNIQUE (user_id, medication_id, period_type,
-- period_start) lets the overall rows (medication_id NULL) repeat, since
-- NULLs never compare equal; two partial indexes close that hole.
CREATE UNIQUE INDEX idx_summary_per_med ON adherence_summaries(person_id,
    medication_id, period_type, period_start) WHERE medication_id IS NOT NULL;
CREATE UNIQUE INDEX idx_summary_overall ON adherence_summaries(person_id,
    period_type, period_start) WHERE medication_id IS NULL;
CREATE INDEX idx_summary_medication_period ON adherence_summaries(
    medication_id, period_type, period_start);
CREATE INDEX idx_summary_percentage
    ON adherence_summaries(adherence_percentage);

-- 5. Notifications -------------------------------------------------------

CREATE TABLE notification_preferences (
    preference_id INTEGER PRIMARY KEY,
    -- Preferences belong to the account that receives the notifications.
    user_id INTEGER NOT NULL UNIQUE REFERENCES users(user_id) ON DELETE CASCADE,

    medication_reminders INTEGER NOT NULL DEFAULT 1
        CHECK (medication_reminders IN (0, 1)),
    missed_dose_alerts INTEGER NOT NULL DEFAULT 1
        CHECK (missed_dose_alerts IN (0, 1)),
    refill_reminders INTEGER NOT NULL DEFAULT 1
        CHECK (refill_reminders IN (0, 1)),
    interaction_warnings INTEGER NOT NULL DEFAULT 1
        CHECK (interaction_warnings IN (0, 1)),
    health_tips INTEGER NOT NULL DEFAULT 1 CHECK (health_tips IN (0, 1)),
    appointment_reminders INTEGER NOT NULL DEFAULT 1
        CHECK (appointment_reminders IN (0, 1)),

    push_notifications INTEGER NOT NULL DEFAULT 1
        CHECK (push_notifications IN (0, 1)),
    email_notifications INTEGER NOT NULL DEFAULT 1
        CHECK (email_notifications IN (0, 1)),
    sms_notifications INTEGER NOT NULL DEFAULT 0
        CHECK (sms_notifications IN (0, 1)),
    in_app_notifications INTEGER NOT NULL DEFAULT 1
        CHECK (in_app_notifications IN (0, 1)),

    reminder_advance_minutes INTEGER NOT NULL DEFAULT 15
        CHECK (reminder_advance_minutes BETWEEN 0 AND 240),
    quiet_hours_start TEXT DEFAULT '22:00' CHECK (quiet_hours_start
        GLOB '[0-2][0-9]:[0-5][0-9]' AND quiet_hours_start < '24:00'),
    quiet_hours_end TEXT DEFAULT '07:00' CHECK (quiet_hours_end
        GLOB '[0-2][0-9]:[0-5][0-9]' AND quiet_hours_end < '24:00'),

    phone_number BLOB,                          -- sealed
    email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    phone_verified INTEGER NOT NULL DEFAULT 0 CHECK (phone_verified IN (0, 1)),

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE notification_queue (
    notification_id INTEGER PRIMARY KEY,
    -- The account it is for, and the person it is about.
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(person_id) ON DELETE CASCADE,

    notification_type TEXT NOT NULL CHECK (notification_type IN
        ('medication_reminder', 'missed_dose', 'refill_due',
         'interaction_warning', 'health_tip', 'appointment')),
    -- Texts name no person; they are built from the references below.
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    message TEXT NOT NULL,

    scheduled_for INTEGER NOT NULL,
    delivery_method TEXT NOT NULL DEFAULT 'in_app' CHECK (delivery_method IN
        ('push', 'email', 'sms', 'in_app', 'command')),
    priority TEXT NOT NULL DEFAULT 'normal'
        CHECK (priority IN ('low', 'normal', 'high', 'urgent')),

    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
        ('pending', 'sent', 'delivered', 'failed', 'cancelled')),
    -- Set when one process takes a row to deliver it, so two never do.
    claimed_by TEXT,
    claimed_at INTEGER,
    sent_at INTEGER,
    delivered_at INTEGER,
    failure_reason TEXT CHECK (length(failure_reason) <= 200),
    retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    max_retries INTEGER NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
    next_attempt_at INTEGER,

    related_medication_id INTEGER
        REFERENCES user_medications(medication_id) ON DELETE CASCADE,
    related_schedule_id INTEGER
        REFERENCES medication_schedules(schedule_id) ON DELETE CASCADE,
    related_event_id INTEGER
        REFERENCES dose_events(event_id) ON DELETE SET NULL,
    metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),

    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_queue_user ON notification_queue(user_id);
CREATE INDEX idx_queue_status ON notification_queue(status);
CREATE INDEX idx_queue_type ON notification_queue(notification_type);
CREATE INDEX idx_queue_priority ON notification_queue(priority);
CREATE INDEX idx_notification_delivery
    ON notification_queue(user_id, scheduled_for, status);
CREATE INDEX idx_pending_notifications ON notification_queue(scheduled_for)
    WHERE status = 'pending';
-- A reminder for one slot is queued once per recipient and kind.
CREATE UNIQUE INDEX idx_queue_once ON notification_queue(user_id,
    notification_type, related_schedule_id, scheduled_for)
    WHERE related_schedule_id IS NOT NULL;

CREATE TABLE notification_history (
    history_id INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL
        REFERENCES notification_queue(notification_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,

    delivery_method TEXT NOT NULL CHECK (delivery_method IN
        ('push', 'email', 'sms', 'in_app', 'command')),
    delivery_status TEXT NOT NULL CHECK (delivery_status IN
        ('delivered', 'failed', 'bounced', 'opened', 'clicked')),
    delivered_at INTEGER NOT NULL,

    opened_at INTEGER,
    clicked_at INTEGER,
    action_taken TEXT CHECK (length(action_taken) <= 100),

    device_info TEXT CHECK (device_info IS NULL OR json_valid(device_info)),
    user_agent TEXT CHECK (length(user_agent) <= 500),
    ip_address TEXT CHECK (length(ip_address) <= 45)
) STRICT;

CREATE INDEX idx_history_notification ON notification_history(notification_id);
CREATE INDEX idx_history_user ON notification_history(user_id);
CREATE INDEX idx_history_delivered_at ON notification_history(delivered_at);
CREATE INDEX idx_history_status ON notification_history(delivery_status);

-- 6. Providers -----------------------------------------------------------

-- Professionals' public practice details: not patients' health data.
CREATE TABLE healthcare_providers (
    provider_id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    title TEXT CHECK (length(title) <= 50),
    specialty TEXT CHECK (length(specialty) <= 100),

    npi_number TEXT UNIQUE CHECK (npi_number GLOB
        '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    dea_number TEXT CHECK (length(dea_number) <= 20),
    license_number TEXT CHECK (length(license_number) <= 50),
    license_state TEXT CHECK (length(license_state) <= 50),

    practice_name TEXT CHECK (length(practice_name) <= 200),
    phone_number TEXT CHECK (length(phone_number) <= 20),
    fax_number TEXT CHECK (length(fax_number) <= 20),
    email TEXT CHECK (length(email) <= 255),

    address_line1 TEXT,
    address_line2 TEXT,
    city TEXT,
    state_province TEXT,
    postal_code TEXT,
    country TEXT,

    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    -- The login, when the provider also has an account here.
    user_id INTEGER UNIQUE REFERENCES users(user_id) ON DELETE SET NULL,

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_providers_specialty ON healthcare_providers(specialty);
CREATE INDEX idx_providers_name ON healthcare_providers(last_name, first_name);
CREATE INDEX idx_providers_location ON healthcare_providers(city,
    state_province);

CREATE TABLE user_provider_relationships (
    relationship_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
    provider_id INTEGER NOT NULL
        REFERENCES healthcare_providers(provider_id) ON DELETE CASCADE,

    relationship_type TEXT NOT NULL CHECK (relationship_type IN
        ('primary_care', 'specialist', 'pharmacist', 'other')),
    is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    start_date TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    end_date TEXT
        CHECK (date(end_date, '+0 days') IS end_date AND end_date >= start_date),
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'inactive')),

    can_view_medications INTEGER NOT NULL DEFAULT 1
        CHECK (can_view_medications IN (0, 1)),
    can_prescribe INTEGER NOT NULL DEFAULT 0 CHECK (can_prescribe IN (0, 1)),
    can_modify_prescriptions INTEGER NOT NULL DEFAULT 0
        CHECK (can_modify_prescriptions IN (0, 1)),

    notes BLOB,                                 -- sealed

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_upr_person ON user_provider_relationships(person_id);
CREATE INDEX idx_upr_provider ON user_provider_relationships(provider_id);
CREATE INDEX idx_upr_type ON user_provider_relationships(relationship_type);
CREATE INDEX idx_upr_status ON user_provider_relationships(status);

-- 7. Health metrics and goals --------------------------------------------

CREATE TABLE health_metrics (
    metric_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,

    metric_type TEXT NOT NULL CHECK (metric_type IN ('weight',
        'blood_pressure_systolic', 'blood_pressure_diastolic', 'heart_rate',
        'blood_sugar', 'cholesterol', 'temperature', 'pain_level', 'mood',
        'energy_level', 'sleep_hours', 'custom')),
    metric_value REAL NOT NULL,
    unit TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),

    recorded_at INTEGER NOT NULL,
    notes BLOB,                                 -- sealed
    recorded_via TEXT NOT NULL DEFAULT 'manual'
        CHECK (recorded_via IN ('manual', 'device', 'provider')),
    device_name TEXT CHECK (length(device_name) <= 100),

    is_verified INTEGER NOT NULL DEFAULT 0 CHECK (is_verified IN (0, 1)),
    verified_by_provider INTEGER
        REFERENCES healthcare_providers(provider_id) ON DELETE SET NULL,

    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_metrics_person_type ON health_metrics(person_id, metric_type);
CREATE INDEX idx_metrics_recorded_at ON health_metrics(recorded_at);
CREATE INDEX idx_metrics_type ON health_metrics(metric_type);

CREATE TABLE lifestyle_goals (
    goal_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,

    goal_type TEXT NOT NULL CHECK (goal_type IN ('weight_loss', 'weight_gain',
        'exercise_frequency', 'medication_adherence', 'blood_pressure',
        'blood_sugar', 'cholesterol', 'smoking_cessation', 'custom')),
    goal_name BLOB NOT NULL,                    -- sealed
    description BLOB,                           -- sealed

    target_value REAL,
    target_unit TEXT CHECK (length(target_unit) <= 20),
    current_value REAL,
    baseline_value REAL,

    start_date TEXT NOT NULL CHECK (date(start_date, '+0 days') IS start_date),
    target_date TEXT CHECK (date(target_date, '+0 days') IS target_date
        AND target_date >= start_date),

    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'completed', 'paused', 'abandoned')),
    completion_percentage REAL NOT NULL DEFAULT 0
        CHECK (completion_percentage BETWEEN 0 AND 100),

    last_updated INTEGER NOT NULL DEFAULT (unixepoch()),
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_goals_person ON lifestyle_goals(person_id);
CREATE INDEX idx_goals_type ON lifestyle_goals(goal_type);
CREATE INDEX idx_goals_status ON lifestyle_goals(status);
CREATE INDEX idx_goals_target_date ON lifestyle_goals(target_date);

-- 8. Pharmacies and insurance --------------------------------------------

CREATE TABLE pharmacies (
    pharmacy_id INTEGER PRIMARY KEY,
    pharmacy_name TEXT NOT NULL CHECK (length(pharmacy_name) BETWEEN 1 AND 200),
    chain_name TEXT CHECK (length(chain_name) <= 100),
    pharmacy_type TEXT NOT NULL CHECK (pharmacy_type IN
        ('retail', 'hospital', 'mail_order', 'specialty', 'independent')),

    phone_number TEXT NOT NULL CHECK (length(phone_number) BETWEEN 3 AND 20),
    fax_number TEXT CHECK (length(fax_number) <= 20),
    email TEXT CHECK (length(email) <= 255),
    website TEXT CHECK (length(website) <= 255),

    address_line1 TEXT NOT NULL,
    address_line2 TEXT,
    city TEXT NOT NULL,
    state_province TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,

    hours_of_operation TEXT
        CHECK (hours_of_operation IS NULL OR json_valid(hours_of_operation)),
    services_offered TEXT
        CHECK (services_offered IS NULL OR json_valid(services_offered)),
    accepts_insurance INTEGER NOT NULL DEFAULT 1
        CHECK (accepts_insurance IN (0, 1)),

    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_pharmacy_name ON pharmacies(pharmacy_name);
CREATE INDEX idx_pharmacy_location ON pharmacies(city, state_province,
    postal_code);
CREATE INDEX idx_pharmacy_type ON pharmacies(pharmacy_type);
CREATE INDEX idx_pharmacy_chain ON pharmacies(chain_name);

CREATE TABLE user_insurance (
    insurance_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,

    insurance_company TEXT NOT NULL CHECK (length(insurance_company)
        BETWEEN 1 AND 200),
    plan_name TEXT CHECK (length(plan_name) <= 200),
    policy_number BLOB NOT NULL,                -- sealed
    group_number BLOB,                          -- sealed

    prescription_coverage INTEGER NOT NULL DEFAULT 1
        CHECK (prescription_coverage IN (0, 1)),
    copay_amount REAL CHECK (copay_amount >= 0),
    deductible_amount REAL CHECK (deductible_amount >= 0),
    out_of_pocket_max REAL CHECK (out_of_pocket_max >= 0),

    effective_date TEXT NOT NULL
        CHECK (date(effective_date, '+0 days') IS effective_date),
    expiration_date TEXT
        CHECK (date(expiration_date, '+0 days') IS expiration_date
        AND expiration_date >= effective_date),

    is_primary INTEGER NOT NULL DEFAULT 1 CHECK (is_primary IN (0, 1)),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_insurance_person ON user_insurance(person_id);
CREATE INDEX idx_insurance_company ON user_insurance(insurance_company);
-- idx_policy_number is dropped: the policy number is sealed.

-- 9. Security and audit --------------------------------------------------

CREATE TABLE audit_logs (
    log_id INTEGER PRIMARY KEY,

    -- Accounts are suspended or deactivated, never deleted while their
    -- audit rows exist, so these references stay meaningful.
    user_id INTEGER REFERENCES users(user_id),
    provider_id INTEGER REFERENCES healthcare_providers(provider_id),
    session_id TEXT,
    person_id INTEGER,          -- whose record, kept after it is deleted

    action_type TEXT NOT NULL CHECK (action_type IN ('create', 'read',
        'update', 'delete', 'login', 'logout', 'login_failed', 'lockout',
        'password_change', 'grant', 'revoke', 'medication_taken',
        'reminder_sent', 'override', 'undo', 'export', 'archive')),
    table_name TEXT CHECK (length(table_name) <= 100),
    record_id INTEGER,

    -- Sensitive values never reach these columns in clear.
    old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
    new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
    description TEXT,

    performed_at INTEGER NOT NULL DEFAULT (unixepoch()),
    -- The SSH client's address when there is one, else NULL for a local
    -- terminal (the blueprint's INET NOT NULL has no value for that).
    ip_address TEXT CHECK (length(ip_address) <= 45),
    user_agent TEXT CHECK (length(user_agent) <= 500),
    device_info TEXT CHECK (device_info IS NULL OR json_valid(device_info)),

    risk_level TEXT NOT NULL DEFAULT 'low'
        CHECK (risk_level IN ('low', 'medium', 'high')),
    flagged_for_review INTEGER NOT NULL DEFAULT 0
        CHECK (flagged_for_review IN (0, 1))
) STRICT;

CREATE INDEX idx_audit_user ON audit_logs(user_id);
CREATE INDEX idx_audit_performed_at ON audit_logs(performed_at);
CREATE INDEX idx_audit_action ON audit_logs(action_type);
CREATE INDEX idx_audit_table_record ON audit_logs(table_name, record_id);
CREATE INDEX idx_audit_risk ON audit_logs(risk_level);

CREATE TABLE session_management (
    -- A random token, hex encoded.
    session_id TEXT PRIMARY KEY CHECK (length(session_id) BETWEEN 16 AND 100),
    user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,

    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
    last_activity INTEGER NOT NULL DEFAULT (unixepoch()),
    expires_at INTEGER NOT NULL,

    ip_address TEXT CHECK (length(ip_address) <= 45),
    user_agent TEXT CHECK (length(user_agent) <= 500),
    device_fingerprint TEXT CHECK (length(device_fingerprint) <= 200),
    location_info TEXT
        CHECK (location_info IS NULL OR json_valid(location_info)),

    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    logout_reason TEXT CHECK (logout_reason IN
        ('user_logout', 'timeout', 'admin_logout', 'security_logout')),
    CHECK (expires_at > created_at)
) STRICT;

CREATE INDEX idx_sessions_user ON session_management(user_id);
CREATE INDEX idx_sessions_expires ON session_management(expires_at);
CREATE INDEX idx_sessions_last_activity ON session_management(last_activity);
CREATE INDEX idx_sessions_active ON session_management(is_active);

CREATE TABLE api_integrations (
    integration_id INTEGER PRIMARY KEY,
    integration_name TEXT NOT NULL UNIQUE
        CHECK (length(integration_name) BETWEEN 1 AND 100),
    api_endpoint TEXT NOT NULL CHECK (length(api_endpoint) BETWEEN 1 AND 500),
    api_key_encrypted BLOB,
    rate_limit_per_hour INTEGER NOT NULL DEFAULT 1000
        CHECK (rate_limit_per_hour > 0),
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    last_sync INTEGER,
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- 10. Archives -----------------------------------------------------------
-- The same columns as their live tables, without the references (the
-- rows they point at may be gone) and without the live tables' triggers.

CREATE TABLE dose_events_archive (
    event_id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    medication_id INTEGER NOT NULL,
    schedule_id INTEGER NOT NULL,
    scheduled_datetime INTEGER NOT NULL,
    actual_datetime INTEGER,
    status TEXT NOT NULL CHECK (status IN
        ('taken', 'missed', 'skipped', 'snoozed', 'partial')),
    dose_amount_taken REAL,
    taken_with_food INTEGER,
    side_effects_noted BLOB,
    notes BLOB,
    location BLOB,
    snoozed_until INTEGER,
    recorded_via TEXT NOT NULL,
    recorded_by INTEGER,
    is_retrospective INTEGER NOT NULL,
    device_info TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX idx_dose_archive_person ON dose_events_archive(person_id,
    scheduled_datetime);
CREATE INDEX idx_dose_archive_med ON dose_events_archive(medication_id,
    scheduled_datetime);

CREATE TABLE notification_history_archive (
    history_id INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    delivery_method TEXT NOT NULL,
    delivery_status TEXT NOT NULL,
    delivered_at INTEGER NOT NULL,
    opened_at INTEGER,
    clicked_at INTEGER,
    action_taken TEXT,
    device_info TEXT,
    user_agent TEXT,
    ip_address TEXT,
    archived_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE audit_logs_archive (
    log_id INTEGER PRIMARY KEY,
    user_id INTEGER,
    provider_id INTEGER,
    session_id TEXT,
    person_id INTEGER,
    action_type TEXT NOT NULL,
    table_name TEXT,
    record_id INTEGER,
    old_values TEXT,
    new_values TEXT,
    description TEXT,
    performed_at INTEGER NOT NULL,
    ip_address TEXT,
    user_agent TEXT,
    device_info TEXT,
    risk_level TEXT NOT NULL,
    flagged_for_review INTEGER NOT NULL,
    archived_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- The audit trail is append-only.  A row may leave audit_logs only once
-- an identical copy stands in the archive, and the archive itself is
-- never changed.
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_logs_delete_only_archived BEFORE DELETE ON audit_logs
WHEN NOT EXISTS (SELECT 1 FROM audit_logs_archive a
                 WHERE a.log_id = OLD.log_id
                   AND a.performed_at = OLD.performed_at
                   AND a.action_type = OLD.action_type)
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be deleted');
END;

CREATE TRIGGER audit_archive_no_update BEFORE UPDATE ON audit_logs_archive
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_archive_no_delete BEFORE DELETE ON audit_logs_archive
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be deleted');
END;

-- Views ------------------------------------------------------------------

-- The blueprint's view groups by medication_id alone while it selects
-- columns it neither groups nor aggregates; counting the schedules in a
-- subquery keeps one row per medication without that ambiguity.  The
-- month is the UTC month; the program asks for a person's own month.
CREATE VIEW user_medication_summary AS
SELECT
    um.person_id,
    um.medication_id,
    dm.drug_name,
    dm.generic_name,
    um.strength,
    um.status,
    um.start_date,
    um.end_date,
    (SELECT count(*) FROM medication_schedules ms
      WHERE ms.medication_id = um.medication_id AND ms.is_active = 1
        AND ms.kind <> 'prn') AS daily_doses,
    coalesce((SELECT s.adherence_percentage FROM adherence_summaries s
               WHERE s.medication_id = um.medication_id
                 AND s.period_type = 'monthly'
                 AND s.period_start = strftime('%Y-%m-01', 'now')), 0)
        AS current_adherence
FROM user_medications um
JOIN drugs_master dm ON dm.drug_id = um.drug_id
WHERE um.status = 'active';

-- Names are sealed, so this view gives ids; the program decrypts names
-- for those allowed to see them.  "Today" is the UTC day here too.
CREATE VIEW daily_adherence_dashboard AS
SELECT
    p.person_id,
    count(CASE WHEN de.status = 'taken' THEN 1 END) AS doses_taken_today,
    count(de.event_id) AS total_doses_today,
    round(count(CASE WHEN de.status = 'taken' THEN 1 END) * 100.0
          / nullif(count(de.event_id), 0), 2) AS today_adherence_percentage,
    max(de.actual_datetime) AS last_dose_time
FROM people p
LEFT JOIN dose_events de ON de.person_id = p.person_id
    AND de.scheduled_datetime >= unixepoch('now', 'start of day')
    AND de.scheduled_datetime < unixepoch('now', 'start of day', '+1 day')
GROUP BY p.person_id;

-- updated_at follows every change, whoever makes it.  The WHEN clause lets
-- an UPDATE that sets updated_at itself stand, and stops the recursion.

CREATE TRIGGER users_updated_at AFTER UPDATE ON users
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE users SET updated_at = unixepoch() WHERE user_id = NEW.user_id;
END;

CREATE TRIGGER people_updated_at AFTER UPDATE ON people
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE people SET updated_at = unixepoch() WHERE person_id = NEW.person_id;
END;

CREATE TRIGGER care_relationships_updated_at AFTER UPDATE ON care_relationships
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE care_relationships SET updated_at = unixepoch() WHERE relationship_id = NEW.relationship_id;
END;

CREATE TRIGGER user_profiles_updated_at AFTER UPDATE ON user_profiles
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_profiles SET updated_at = unixepoch() WHERE profile_id = NEW.profile_id;
END;

CREATE TRIGGER user_medical_conditions_updated_at AFTER UPDATE ON user_medical_conditions
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_medical_conditions SET updated_at = unixepoch() WHERE condition_id = NEW.condition_id;
END;

CREATE TRIGGER user_allergies_updated_at AFTER UPDATE ON user_allergies
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_allergies SET updated_at = unixepoch() WHERE allergy_id = NEW.allergy_id;
END;

CREATE TRIGGER drugs_master_updated_at AFTER UPDATE ON drugs_master
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE drugs_master SET updated_at = unixepoch() WHERE drug_id = NEW.drug_id;
END;

CREATE TRIGGER drug_interactions_updated_at AFTER UPDATE ON drug_interactions
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE drug_interactions SET updated_at = unixepoch() WHERE interaction_id = NEW.interaction_id;
END;

CREATE TRIGGER user_medications_updated_at AFTER UPDATE ON user_medications
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_medications SET updated_at = unixepoch() WHERE medication_id = NEW.medication_id;
END;

CREATE TRIGGER medication_schedules_updated_at AFTER UPDATE ON medication_schedules
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE medication_schedules SET updated_at = unixepoch() WHERE schedule_id = NEW.schedule_id;
END;

CREATE TRIGGER dose_events_updated_at AFTER UPDATE ON dose_events
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE dose_events SET updated_at = unixepoch() WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER notification_preferences_updated_at AFTER UPDATE ON notification_preferences
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE notification_preferences SET updated_at = unixepoch() WHERE preference_id = NEW.preference_id;
END;

CREATE TRIGGER healthcare_providers_updated_at AFTER UPDATE ON healthcare_providers
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE healthcare_providers SET updated_at = unixepoch() WHERE provider_id = NEW.provider_id;
END;

CREATE TRIGGER user_provider_relationships_updated_at AFTER UPDATE ON user_provider_relationships
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_provider_relationships SET updated_at = unixepoch() WHERE relationship_id = NEW.relationship_id;
END;

CREATE TRIGGER pharmacies_updated_at AFTER UPDATE ON pharmacies
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE pharmacies SET updated_at = unixepoch() WHERE pharmacy_id = NEW.pharmacy_id;
END;

CREATE TRIGGER user_insurance_updated_at AFTER UPDATE ON user_insurance
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
    UPDATE user_insurance SET updated_at = unixepoch() WHERE insurance_id = NEW.insurance_id;
END;

CREATE TRIGGER lifestyle_goals_last_updated AFTER UPDATE ON lifestyle_goals
WHEN NEW.last_updated IS OLD.last_updated
BEGIN
    UPDATE lifestyle_goals SET last_updated = unixepoch()
     WHERE goal_id = NEW.goal_id;
END;
