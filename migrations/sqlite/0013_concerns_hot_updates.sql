-- A concern's state changes several times (submitted, delivered, acknowledged, …), the
-- first within a second of filing. With `state` in an index, each change also rewrote
-- its index entry. Indexed by school only, a state change touches no index. (On
-- PostgreSQL this also lets the change be a heap-only update.) The lists by school
-- filter the state on the rows.
DROP INDEX concerns_school_state;
CREATE INDEX concerns_school ON concerns (school_id);
