-- Issue #14: the audit console pages through thousands of traces by keyset (created_at, id), newest first.
CREATE INDEX IF NOT EXISTS traces_by_time_id ON traces(created_at DESC, id DESC);
