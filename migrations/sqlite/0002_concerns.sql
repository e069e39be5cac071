-- Concerns, their audit trail, and the durable outbox of private messages.
-- Concern content (student reference, details, indicator ids) and notes are sealed under
-- the data key; nothing here is readable without it. Times are unix milliseconds.
-- People are referred to by id without a foreign key: the audit trail must outlive a
-- roster change (and the demo people are deleted when a real roster arrives).
CREATE TABLE concerns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The platform's request id (or a fresh one): a retried delivery finds this row.
    request_key TEXT NOT NULL UNIQUE,
    school_id TEXT NOT NULL,
    reporter_id BIGINT,
    reporter_platform TEXT NOT NULL,
    -- The platform's user id, kept only when the reporter is not on the roster, so the
    -- counselor can still find them.
    reporter_user_id TEXT,
    immediate_danger BOOLEAN NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'delivered', 'acknowledged', 'referred', 'closed')),
    assigned_to BIGINT,
    -- Sealed JSON: student reference, details, indicator ids.
    sealed BLOB NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    delivered_ms BIGINT,
    acknowledged_ms BIGINT,
    closed_ms BIGINT
);
CREATE INDEX concerns_school_state ON concerns (school_id, state);

CREATE TABLE concern_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    concern_id BIGINT NOT NULL REFERENCES concerns (id) ON DELETE CASCADE,
    actor_id BIGINT,
    action TEXT NOT NULL,
    -- Ids only (a referral kind or partner id, a person id); never content.
    detail TEXT,
    note_sealed BLOB,
    at_ms BIGINT NOT NULL
);
CREATE INDEX concern_events_concern ON concern_events (concern_id, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Idempotency: one event never produces the same message twice.
    key TEXT NOT NULL UNIQUE,
    recipient_id BIGINT NOT NULL,
    -- The platform chosen when the message was queued; 'console' when the person has none.
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    concern_id BIGINT REFERENCES concerns (id) ON DELETE SET NULL,
    -- Sealed JSON of the neutral reply.
    payload_sealed BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    created_ms BIGINT NOT NULL,
    sent_ms BIGINT,
    -- An error kind only, never a platform's response body.
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);
