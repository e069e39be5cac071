-- Teams webhook URLs are credentials: whoever holds one can post into that person's chat.
-- From this version they are stored sealed under the data key (XChaCha20-Poly1305, bound
-- to the person's id; see src/store/webhook.rs), in this column. SQL cannot encrypt, so
-- the URLs an earlier version stored in `teams_webhook_url` are sealed by the store itself
-- the first time it is opened with the data key (`serve`, `console`, `roster import`),
-- which then empties that column; it stays only for that.
ALTER TABLE people ADD COLUMN teams_webhook_sealed BLOB;
