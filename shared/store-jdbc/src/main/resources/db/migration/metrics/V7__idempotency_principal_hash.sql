-- A btree index entry holds at most ~2704 bytes, so the (principal, idem_key) primary key refused a claim whose
-- principal (an IAM ARN with session tags, a JWT subject) was longer, often about 2.7 KB of text that does not
-- compress. The key is now the principal's SHA-256 (32 bytes) with the idem_key (at most 128 characters), as in the
-- DynamoDB store; the principal itself stays in its column. Existing rows get their hash here, so their claims
-- and stored answers are found as before.
ALTER TABLE idempotency_entry ADD COLUMN principal_hash bytea;
UPDATE idempotency_entry SET principal_hash = sha256(convert_to(principal, 'UTF8'));
ALTER TABLE idempotency_entry ALTER COLUMN principal_hash SET NOT NULL;
ALTER TABLE idempotency_entry DROP CONSTRAINT idempotency_entry_pkey;
ALTER TABLE idempotency_entry ADD PRIMARY KEY (principal_hash, idem_key);
