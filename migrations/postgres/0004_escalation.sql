-- How far a concern has been escalated: 0 none, 1 backups told, 2 coordinator and admins told.
-- Moving it is a conditional update, so several servers escalate each concern once.
ALTER TABLE concerns ADD COLUMN escalation_level BIGINT NOT NULL DEFAULT 0;
