-- The instance's init phase (process start or snapshot restore -> ready) on a cold invocation; null otherwise
-- and in rows written before this column existed.
ALTER TABLE metrics_invocation ADD COLUMN init_duration_ms double precision;
