-- How many times a message has been claimed for delivery. A message claimed before may
-- have reached the platform even though its row was never marked sent (the server died
-- between the two, or the answer was lost): its next delivery first looks on the
-- platform for it (Slack: the DM's history, by the message's metadata key).
ALTER TABLE outbox ADD COLUMN claims BIGINT NOT NULL DEFAULT 0;
