-- Check-in plans that change over time (issue 8): pause, resume, cancel, a new cadence.
--
-- seq_base: the number of the current cadence's first check-in. Check-in ids (PLAN.N,
-- N = seq + 1) keep counting across a change, so a step or outcome recorded under an
-- earlier cadence never meets a check-in of the new one.
-- off_spans: when the plan held no check-ins, as 'from_ms-to_ms' items separated by ';'
-- (an open 'from_ms-' while paused or after a cancel). Check-ins inside are not held:
-- no reminder, not missed, not listed.
ALTER TABLE checkin_plans ADD COLUMN seq_base BIGINT NOT NULL DEFAULT 0;
ALTER TABLE checkin_plans ADD COLUMN off_spans TEXT NOT NULL DEFAULT '';

-- The cadences a plan had before its current one, each until to_ms (exclusive), so
-- check-ins made under them can still be recorded and found missed.
CREATE TABLE checkin_versions (
    plan_id BIGINT NOT NULL,
    seq_base BIGINT NOT NULL,
    cadence TEXT NOT NULL,
    at_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    anchor_ms BIGINT NOT NULL,
    until_on TEXT,
    to_ms BIGINT NOT NULL,
    PRIMARY KEY (plan_id, seq_base)
);

-- Closed days imported per school (`safeharbor holidays import`), on top of the
-- holidays in safeharbor.toml.
CREATE TABLE school_holidays (
    school_id TEXT NOT NULL,
    on_date TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (school_id, on_date)
);
