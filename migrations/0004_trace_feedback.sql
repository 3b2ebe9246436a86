-- Issue #14: the asker's 👍/👎 on an answer, with an optional reason, as JSON { rating, reason?, at }; a 👎 is a
-- flag in the audit queue (GET /api/traces?feedback=down).
ALTER TABLE traces ADD COLUMN feedback TEXT;
