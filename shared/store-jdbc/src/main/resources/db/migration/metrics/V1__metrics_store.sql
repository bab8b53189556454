-- One row per invocation. The primary key makes a retried write idempotent.
CREATE TABLE metrics_invocation (
  function_name          text             NOT NULL,
  invocation_id          text             NOT NULL,
  project_id             text,
  start_time             timestamptz      NOT NULL,
  schema_version         integer          NOT NULL,
  platform               text,
  trigger_source         text,
  cold_start             boolean          NOT NULL,
  total_duration_ms      double precision NOT NULL,
  component_durations_ms jsonb            NOT NULL,
  status_code            integer          NOT NULL,
  error_type             text,
  memory_increase_mb     double precision NOT NULL,
  cpu_time_ms            double precision NOT NULL,
  app_version            text,
  PRIMARY KEY (function_name, invocation_id)
);
-- newest-first paging by project, by function, or neither (keyset order: time, id, function; "C" = byte order)
CREATE INDEX metrics_invocation_project_time ON metrics_invocation
  (project_id, start_time DESC, invocation_id COLLATE "C" DESC, function_name COLLATE "C" DESC);
CREATE INDEX metrics_invocation_function_time ON metrics_invocation
  (function_name, start_time DESC, invocation_id COLLATE "C" DESC);
CREATE INDEX metrics_invocation_time ON metrics_invocation
  (start_time DESC, invocation_id COLLATE "C" DESC, function_name COLLATE "C" DESC);

-- Append-only bucket partials: one per (function, project, minute) per write batch. histograms holds the encoded
-- BucketAccumulator (counts + per-component HdrHistograms); aggregates merge them in Java.
CREATE TABLE metrics_bucket (
  partial_id    text        PRIMARY KEY,
  function_name text        NOT NULL,
  project_id    text,
  bucket_start  timestamptz NOT NULL,
  invocations   bigint      NOT NULL,
  histograms    bytea       NOT NULL
);
CREATE INDEX metrics_bucket_time ON metrics_bucket (bucket_start, function_name, project_id);
