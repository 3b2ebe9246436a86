-- Issue #12: sign-in sessions on Workers. The cookie holds a random id; this table keeps the SHA-256 of the id
-- (never the id itself), the role, a fingerprint of the token that opened the session, and the expiry (ms).
CREATE TABLE IF NOT EXISTS sessions (
  key TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  token_fingerprint TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
