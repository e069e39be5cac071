-- The platform's request id of the submission that created a check-in plan, namespaced
-- as a concern's request_key is (e.g. 'slack:view:V123', 'discord:1234…'): a re-delivered
-- submission (a platform retry, a double click, another replica) finds the plan the first
-- one created instead of creating a second. NULL for plans made without one (the console,
-- the command line, plans made before this migration); NULLs never conflict.
ALTER TABLE checkin_plans ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX checkin_plans_request_key ON checkin_plans (request_key);
