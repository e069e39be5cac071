-- Signed links (Teams card actions) act once. The nonce of a link that has acted is kept
-- until the link would have expired anyway; nothing here says which case it was for.
-- Times are unix milliseconds.
CREATE TABLE used_links (
    nonce TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms BIGINT NOT NULL
);
CREATE INDEX used_links_expiry ON used_links (expires_ms);
