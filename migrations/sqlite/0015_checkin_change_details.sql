-- A plan's change log keeps what the change set, so `/checkin log` can show it whole:
-- the time and zone with the cadence (both were kept only on the plan itself), and who is
-- assigned after it, as person ids in order separated by ',' (NULL: not changed). Rows
-- written before this version have NULL here and show the cadence alone.
ALTER TABLE checkin_changes ADD COLUMN at_time TEXT;
ALTER TABLE checkin_changes ADD COLUMN time_zone TEXT;
ALTER TABLE checkin_changes ADD COLUMN assignees TEXT;
