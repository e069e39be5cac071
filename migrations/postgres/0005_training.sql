-- Staff training: completions per person and course, and the reminder steps already
-- queued. A step's row is written in the transaction that queues its message, and its key
-- is unique, so no step is ever sent twice (digests use the course id '*digest').
CREATE TABLE training_completions (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL,
    course_id TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    recorded_by BIGINT,
    recorded_ms BIGINT NOT NULL
);
CREATE INDEX training_completions_person ON training_completions (person_id, course_id);

CREATE TABLE training_reminders (
    person_id BIGINT NOT NULL,
    course_id TEXT NOT NULL,
    due_on TEXT NOT NULL,
    step TEXT NOT NULL,
    sent_ms BIGINT NOT NULL,
    PRIMARY KEY (person_id, course_id, due_on, step)
);
