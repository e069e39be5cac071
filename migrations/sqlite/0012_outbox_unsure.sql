-- 1 when the last attempt at a message ended without knowing whether the platform got
-- it (a timeout, a connection lost after sending, a server error on the post itself).
-- Only then, or when an earlier claim ended with no outcome recorded at all (claims
-- beyond attempts: the server died), does the next attempt look on the platform first.
-- A definite failure (rate limited, refused before sending) needs no look.
ALTER TABLE outbox ADD COLUMN unsure BIGINT NOT NULL DEFAULT 0;
