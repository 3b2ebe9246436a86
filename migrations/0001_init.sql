-- D1 schema of the Workers deployment (issue #6): the same data as the Node server's SQLite files, plus the
-- BM25 postings that the Node server keeps in memory. Apply with: npx wrangler d1 migrations apply DB --remote
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('schema_version', '1'), ('generation', '0');

CREATE TABLE reports (
  id TEXT PRIMARY KEY, source_name TEXT NOT NULL UNIQUE, format TEXT NOT NULL, content_hash TEXT NOT NULL,
  title TEXT NOT NULL, org TEXT, org_key TEXT, district TEXT, year INTEGER,
  sections TEXT NOT NULL, paragraph_count INTEGER NOT NULL, ingested_at TEXT NOT NULL
);

-- Paragraph text and metadata; the vectors live in Vectorize, the tokens in postings. `pid` is the compact
-- integer key the postings use (a text id in every posting would double their size).
CREATE TABLE paragraphs (
  pid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
  section TEXT NOT NULL, section_path TEXT NOT NULL, heading TEXT, text TEXT NOT NULL,
  org_key TEXT, year INTEGER, token_count INTEGER NOT NULL
);
CREATE INDEX paragraphs_by_document ON paragraphs (document_id, ordinal);

-- BM25: one row per (paragraph, term) with the term frequency, the paragraph length, the filter fields and
-- an impact (the BM25 term weight without idf, at a reference length) so a search reads each query term's
-- postings best-first and can stop after a fixed number: reads per question stay bounded as the library grows.
CREATE TABLE postings (
  pid INTEGER NOT NULL, term TEXT NOT NULL, impact REAL NOT NULL, tf INTEGER NOT NULL, dl INTEGER NOT NULL,
  org_key TEXT, year INTEGER, section TEXT NOT NULL,
  PRIMARY KEY (pid, term)
) WITHOUT ROWID;
CREATE INDEX postings_by_term ON postings (term, impact DESC);
CREATE INDEX postings_by_term_org ON postings (term, org_key, impact DESC);
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE lexical_stats (id INTEGER PRIMARY KEY CHECK (id = 1), paragraphs INTEGER NOT NULL, total_length INTEGER NOT NULL);
INSERT INTO lexical_stats (id, paragraphs, total_length) VALUES (1, 0, 0);

CREATE TABLE traces (
  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, conversation_id TEXT NOT NULL, body TEXT NOT NULL,
  verification_ok INTEGER NOT NULL, mode TEXT NOT NULL, review TEXT
);
CREATE INDEX traces_by_time ON traces (created_at DESC);
CREATE INDEX traces_by_conversation ON traces (conversation_id, created_at DESC);

CREATE TABLE drafts (
  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, section TEXT NOT NULL, org TEXT NOT NULL, year INTEGER NOT NULL,
  mode TEXT NOT NULL, verification_ok INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX drafts_by_time ON drafts (created_at DESC);

-- 「加入评测集」 on Workers: reviewed answers kept as regression cases (GET /api/eval-cases exports them).
CREATE TABLE eval_cases (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, body TEXT NOT NULL);
