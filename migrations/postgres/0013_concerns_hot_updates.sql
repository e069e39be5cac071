-- A concern's state changes several times (submitted, delivered, acknowledged, …), the
-- first within a second of filing. With `state` in an index, each change wrote a new
-- entry in every index of the table. Indexed by school only, a state change touches no
-- indexed column, and with room left in each page (fillfactor) PostgreSQL can make it
-- a heap-only (HOT) update. The lists by school filter the state on the rows.
DROP INDEX concerns_school_state;
CREATE INDEX concerns_school ON concerns (school_id);
ALTER TABLE concerns SET (fillfactor = 85);
