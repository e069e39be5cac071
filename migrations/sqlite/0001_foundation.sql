-- People from the roster, partners, and small key/value facts (e.g. "demo data present").
CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    school_id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    roles TEXT NOT NULL,
    locale TEXT,
    slack_user_id TEXT,
    discord_user_id TEXT,
    teams_user_id TEXT,
    teams_webhook_url TEXT,
    position BIGINT NOT NULL,
    added_at_ms BIGINT NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX people_slack ON people (slack_user_id);
CREATE INDEX people_discord ON people (discord_user_id);
CREATE INDEX people_teams ON people (teams_user_id);

CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    phones TEXT NOT NULL,
    text_line TEXT NOT NULL,
    email TEXT NOT NULL,
    url TEXT NOT NULL,
    address TEXT NOT NULL,
    city TEXT NOT NULL,
    state TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    service_area TEXT NOT NULL,
    hours TEXT NOT NULL,
    open_24_7 BOOLEAN NOT NULL,
    languages TEXT NOT NULL,
    mou BOOLEAN NOT NULL,
    mou_date TEXT,
    confidential BOOLEAN NOT NULL,
    last_verified_on TEXT,
    last_verified_by TEXT NOT NULL,
    shipped BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
