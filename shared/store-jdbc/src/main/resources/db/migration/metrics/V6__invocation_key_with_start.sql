-- An invocation id is the platform's request id: over HTTP a client's X-Request-Id, which a client keeps when it
-- retries (and Lambda keeps for an asynchronous retry). Keyed on (function, id) alone, a second invocation under the
-- same id was dropped by ON CONFLICT DO NOTHING. The start time joins the key, as in the DynamoDB store's: the same
-- record written again (a retried batch) still conflicts, a second invocation is kept.
ALTER TABLE metrics_invocation DROP CONSTRAINT metrics_invocation_pkey;
ALTER TABLE metrics_invocation ADD PRIMARY KEY (function_name, invocation_id, start_time);
