-- Check-in plans for a case (pseudonymous: the case's id only, no student reference).
-- The cadence is stored as its canonical text (engine::checkin::cadence_text), the time
-- as HH:MM, the zone as an IANA name and the reminders as minutes before, e.g. '1440,60';
-- occurrences are computed from these and anchor_ms, never stored.
CREATE TABLE checkin_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    concern_id BIGINT NOT NULL,
    school_id TEXT NOT NULL,
    cadence TEXT NOT NULL,
    at_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    anchor_ms BIGINT NOT NULL,
    until_on TEXT,
    remind_minutes TEXT NOT NULL,
    state TEXT NOT NULL,
    created_by BIGINT,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX checkin_plans_concern ON checkin_plans (concern_id);

CREATE TABLE checkin_assignees (
    plan_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (plan_id, person_id)
);

-- Every change to a plan (created, paused, resumed, cancelled, cadence changed): who,
-- when, the cadence text after it; the reason, which may say something about the
-- student, is sealed.
CREATE TABLE checkin_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    cadence TEXT,
    reason_sealed BLOB,
    at_ms BIGINT NOT NULL
);
CREATE INDEX checkin_changes_plan ON checkin_changes (plan_id);

-- Per occurrence (plan, seq): the steps already taken (a reminder 'r1440', 'missed', …),
-- each written once in the transaction that queues its message, and the outcome.
CREATE TABLE checkin_steps (
    plan_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    step TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    PRIMARY KEY (plan_id, seq, step)
);

CREATE TABLE checkin_outcomes (
    plan_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    actor_id BIGINT,
    note_sealed BLOB,
    at_ms BIGINT NOT NULL,
    PRIMARY KEY (plan_id, seq)
);
