-- When each check-in plan's next step falls due (a reminder, or a missed check-in to
-- flag), so the scheduler reads only the plans due now, in batches, through the index,
-- instead of walking every plan's timeline on every pass.
--
-- NULL: nothing left to do until the plan changes (ended, cancelled, or off with nothing
-- left to flag). Anything that can move a plan's check-ins sets it to that moment (due
-- now): creating or changing the plan, importing holidays; the scheduler's next pass
-- reads the plan and writes the true value. It may be early, never late. Plans made
-- before this migration are due at once, so the first pass computes theirs.
ALTER TABLE checkin_plans ADD COLUMN next_due_ms BIGINT;
UPDATE checkin_plans SET next_due_ms = updated_ms;
CREATE INDEX checkin_plans_next_due ON checkin_plans (next_due_ms, id);
