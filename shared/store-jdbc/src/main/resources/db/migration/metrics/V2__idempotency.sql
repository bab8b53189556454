-- One row per Idempotency-Key (JdbcIdempotencyStore). The primary key makes claiming a key atomic across
-- instances; a row whose expires_at has passed counts as absent and is taken over or purged.
-- status/headers/body are null while the first attempt runs, and hold its response once it completed.
CREATE TABLE idempotency_entry (
  idem_key    text        PRIMARY KEY,
  fingerprint text        NOT NULL,
  owner_token text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  status      integer,
  headers     jsonb,
  body        text
);
CREATE INDEX idempotency_entry_expires ON idempotency_entry (expires_at);
