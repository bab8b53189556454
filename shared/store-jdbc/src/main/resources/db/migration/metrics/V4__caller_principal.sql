-- The authenticated caller (IAM ARN or JWT subject) of each invocation; null when no one was authenticated and in
-- rows written before this column existed.
ALTER TABLE metrics_invocation ADD COLUMN principal text;

-- Idempotency entries belong to a caller: the same Idempotency-Key from two principals is two rows, so one caller
-- never gets another's stored answer. '' = no authenticated caller (local runs), which keeps existing rows valid.
ALTER TABLE idempotency_entry ADD COLUMN principal text NOT NULL DEFAULT '';
ALTER TABLE idempotency_entry DROP CONSTRAINT idempotency_entry_pkey;
ALTER TABLE idempotency_entry ADD PRIMARY KEY (principal, idem_key);
