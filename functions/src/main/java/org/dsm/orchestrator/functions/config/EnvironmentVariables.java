package org.dsm.orchestrator.functions.config;

import java.util.List;

/**
 * Every environment variable the application reads, in one place: deployment files (template.yaml,
 * k8s-knative/) are tested against this list, and the configuration table of docs/DEPLOY.md mirrors
 * it. Spring's relaxed binding maps each to the property in the comment.
 */
public final class EnvironmentVariables {
  private EnvironmentVariables() {}

  /** orchestrate | performanceMetrics — which function this Lambda/Knative service runs. */
  public static final String FUNCTION_DEFINITION = "SPRING_CLOUD_FUNCTION_DEFINITION";

  /** HTTP port (Knative sets it); default 8080. */
  public static final String PORT = "PORT";

  /**
   * lambda | knative | local; detected when unset (AWS_LAMBDA_FUNCTION_NAME → lambda, K_SERVICE →
   * knative).
   */
  public static final String PLATFORM = "APP_PLATFORM";

  /** embedded | http (dsm.data.source); default embedded. */
  public static final String DATA_SOURCE = "DSM_DATA_SOURCE";

  public static final String PROJECT_SERVICE_URL = "PROJECT_SERVICE_URL";
  public static final String BACKLOG_SERVICE_URL = "BACKLOG_SERVICE_URL";
  public static final String SPRINT_SERVICE_URL = "SPRINT_SERVICE_URL";
  public static final String CHRONICLE_SERVICE_URL = "CHRONICLE_SERVICE_URL";

  /** Timeout of each DSM service read in milliseconds; default 2000. */
  public static final String HTTP_TIMEOUT_MS = "DSM_HTTP_TIMEOUT_MS";

  /**
   * Timeout of each DSM service write (create/close sprint, run daily scrum, Chronicle note) in
   * milliseconds; default 10000. A write that times out is read back.
   */
  public static final String HTTP_WRITE_TIMEOUT_MS = "DSM_HTTP_WRITE_TIMEOUT_MS";

  /**
   * The orchestration event stream (http data source): Redis host; unset = no stream. Each
   * orchestration that acts appends its decision record to REDIS_STREAM_NAME (default
   * orchestration_events) on REDIS_PORT (default 6379).
   */
  public static final String REDIS_HOST = "REDIS_HOST";

  public static final String REDIS_PORT = "REDIS_PORT";
  public static final String REDIS_STREAM_NAME = "REDIS_STREAM_NAME";

  /**
   * The event stream's length bound: each XADD trims it to about this many entries (MAXLEN ~, so a
   * little more: Redis drops whole nodes of up to 100 entries); default 10000.
   */
  public static final String REDIS_STREAM_MAX_LENGTH = "REDIS_STREAM_MAX_LENGTH";

  /**
   * Circuit breaker per DSM service: failure-rate percent, calls in the sliding window, wait before
   * a trial.
   */
  public static final String BREAKER_FAILURE_RATE = "DSM_BREAKER_FAILURE_RATE";

  public static final String BREAKER_WINDOW = "DSM_BREAKER_WINDOW";
  public static final String BREAKER_WAIT_MS = "DSM_BREAKER_WAIT_MS";

  /** memory | dynamodb | jdbc (metrics.store); default memory. */
  public static final String METRICS_STORE = "METRICS_STORE";

  public static final String METRICS_TABLE = "METRICS_TABLE";
  public static final String METRICS_DYNAMODB_ENDPOINT = "METRICS_DYNAMODB_ENDPOINT";
  public static final String AWS_REGION = "AWS_REGION";
  public static final String METRICS_JDBC_URL = "METRICS_JDBC_URL";
  public static final String METRICS_JDBC_USER = "METRICS_JDBC_USER";
  public static final String METRICS_JDBC_PASSWORD = "METRICS_JDBC_PASSWORD";

  /**
   * ARN of a Secrets Manager secret holding the JDBC password (or {"username", "password"}); read
   * at run time instead of METRICS_JDBC_PASSWORD (Lambda).
   */
  public static final String METRICS_JDBC_PASSWORD_SECRET_ARN = "METRICS_JDBC_PASSWORD_SECRET_ARN";

  /**
   * Bounds on each PostgreSQL statement (statement_timeout, default 5000) and lock wait
   * (lock_timeout, default 2000), in milliseconds, 0 = off: a locked table fails the call (503)
   * instead of hanging it.
   */
  public static final String METRICS_JDBC_STATEMENT_TIMEOUT_MS =
      "METRICS_JDBC_STATEMENT_TIMEOUT_MS";

  public static final String METRICS_JDBC_LOCK_TIMEOUT_MS = "METRICS_JDBC_LOCK_TIMEOUT_MS";

  /**
   * pgjdbc's socketTimeout in milliseconds (rounded up to seconds; default 15000, 0 = off), when
   * the server does not answer at all; above the statement timeout.
   */
  public static final String METRICS_JDBC_SOCKET_TIMEOUT_MS = "METRICS_JDBC_SOCKET_TIMEOUT_MS";

  public static final String METRICS_RETENTION_DAYS = "METRICS_RETENTION_DAYS";

  /** true to also print one CloudWatch Embedded Metric Format line per invocation. */
  public static final String METRICS_EMF = "METRICS_EMF";

  public static final String THRESHOLD_TOTAL_MS = "THRESHOLD_TOTAL_MS";
  public static final String THRESHOLD_PATTERN_MS = "THRESHOLD_PATTERN_MS";
  public static final String THRESHOLD_MEMORY_MB = "THRESHOLD_MEMORY_MB";
  public static final String THRESHOLD_SUCCESS_RATE = "THRESHOLD_SUCCESS_RATE";

  /**
   * Comma-separated project ids the scheduled benchmark orchestrates (dry run); default TEST-001.
   */
  public static final String BENCHMARK_PROJECTS = "BENCHMARK_PROJECTS";

  public static final String BENCHMARK_ITERATIONS = "BENCHMARK_ITERATIONS";

  /**
   * Over HTTP, the platform's request timeout in seconds (Knative's {@code timeoutSeconds}, which
   * the pod cannot read): the scheduled benchmark stops before it and says so, as it does on Lambda
   * before the Context's deadline, instead of being cut off by the queue-proxy with no verdict.
   * Unset or 0: no deadline.
   */
  public static final String REQUEST_TIMEOUT_SECONDS = "REQUEST_TIMEOUT_SECONDS";

  /**
   * Regression margins: a component regressed when worse than its baseline by the relative margin
   * (0.2 = +20 %) and by the absolute one (ms for p95, fraction for rates), with the minimum
   * samples on both sides.
   */
  public static final String REGRESSION_RELATIVE_MARGIN = "REGRESSION_RELATIVE_MARGIN";

  public static final String REGRESSION_ABSOLUTE_MS = "REGRESSION_ABSOLUTE_MS";
  public static final String REGRESSION_ABSOLUTE_RATE = "REGRESSION_ABSOLUTE_RATE";
  public static final String REGRESSION_MIN_SAMPLES = "REGRESSION_MIN_SAMPLES";

  /**
   * Web mode only: prometheus (GET /metrics, default) | otlp (push to OTLP_METRICS_URL every
   * OTLP_STEP) | none.
   */
  public static final String METRICS_EXPORT = "METRICS_EXPORT";

  public static final String OTLP_METRICS_URL = "OTLP_METRICS_URL";
  public static final String OTLP_STEP = "OTLP_STEP";

  /** Where daily-scrum schedules live: memory (default), kubernetes or aws. */
  public static final String SCHEDULER = "DSM_SCHEDULER";

  /** IANA time zone of the schedules' cron expressions; default UTC. */
  public static final String SCHEDULE_TIME_ZONE = "DSM_SCHEDULE_TIME_ZONE";

  /** kubernetes: the CronJobs' namespace (default: the pod's own). */
  public static final String SCHEDULE_NAMESPACE = "DSM_SCHEDULE_NAMESPACE";

  /** kubernetes: the orchestrate service's in-cluster URL the Jobs post to. */
  public static final String SCHEDULE_TARGET_URL = "DSM_SCHEDULE_TARGET_URL";

  /** kubernetes: the Jobs' image (must provide curl). */
  public static final String SCHEDULE_JOB_IMAGE = "DSM_SCHEDULE_JOB_IMAGE";

  /** aws: the EventBridge Scheduler schedule group. */
  public static final String SCHEDULE_GROUP = "DSM_SCHEDULE_GROUP";

  /** aws: the ARN of the function the schedules invoke (orchestrate). */
  public static final String SCHEDULE_TARGET_ARN = "DSM_SCHEDULE_TARGET_ARN";

  /** aws: the role the schedules assume to invoke it. */
  public static final String SCHEDULE_ROLE_ARN = "DSM_SCHEDULE_ROLE_ARN";

  /**
   * iam | jwt | none: the authorizer API Gateway runs in front of the Lambda functions (set by the
   * template); with iam or jwt an HTTP event without an authenticated caller is refused (401).
   * Default none.
   */
  public static final String API_AUTHORIZER = "API_AUTHORIZER";

  /**
   * Over HTTP (Knative): the OIDC issuer whose bearer tokens the app requires (http/JwtSecurity);
   * unset = no check (the Services are cluster-local).
   */
  public static final String AUTH_JWT_ISSUER = "AUTH_JWT_ISSUER";

  /** The issuer's JWK set URL; unset = found through the issuer's OIDC discovery document. */
  public static final String AUTH_JWT_JWKS_URI = "AUTH_JWT_JWKS_URI";

  /** Comma-separated audiences a token must name one of (required with AUTH_JWT_ISSUER). */
  public static final String AUTH_JWT_AUDIENCE = "AUTH_JWT_AUDIENCE";

  /** A scope every token must carry (403 without it); unset = none required. */
  public static final String AUTH_JWT_SCOPE = "AUTH_JWT_SCOPE";

  public static final List<String> ALL =
      List.of(
          FUNCTION_DEFINITION,
          PORT,
          PLATFORM,
          DATA_SOURCE,
          PROJECT_SERVICE_URL,
          BACKLOG_SERVICE_URL,
          SPRINT_SERVICE_URL,
          CHRONICLE_SERVICE_URL,
          HTTP_TIMEOUT_MS,
          HTTP_WRITE_TIMEOUT_MS,
          REDIS_HOST,
          REDIS_PORT,
          REDIS_STREAM_NAME,
          REDIS_STREAM_MAX_LENGTH,
          BREAKER_FAILURE_RATE,
          BREAKER_WINDOW,
          BREAKER_WAIT_MS,
          METRICS_STORE,
          METRICS_TABLE,
          METRICS_DYNAMODB_ENDPOINT,
          AWS_REGION,
          METRICS_JDBC_URL,
          METRICS_JDBC_USER,
          METRICS_JDBC_PASSWORD,
          METRICS_JDBC_STATEMENT_TIMEOUT_MS,
          METRICS_JDBC_LOCK_TIMEOUT_MS,
          METRICS_JDBC_SOCKET_TIMEOUT_MS,
          METRICS_RETENTION_DAYS,
          METRICS_EMF,
          THRESHOLD_TOTAL_MS,
          THRESHOLD_PATTERN_MS,
          THRESHOLD_MEMORY_MB,
          THRESHOLD_SUCCESS_RATE,
          BENCHMARK_PROJECTS,
          BENCHMARK_ITERATIONS,
          REQUEST_TIMEOUT_SECONDS,
          REGRESSION_RELATIVE_MARGIN,
          REGRESSION_ABSOLUTE_MS,
          REGRESSION_ABSOLUTE_RATE,
          REGRESSION_MIN_SAMPLES,
          METRICS_EXPORT,
          OTLP_METRICS_URL,
          OTLP_STEP,
          SCHEDULER,
          SCHEDULE_TIME_ZONE,
          SCHEDULE_NAMESPACE,
          SCHEDULE_TARGET_URL,
          SCHEDULE_JOB_IMAGE,
          SCHEDULE_GROUP,
          SCHEDULE_TARGET_ARN,
          SCHEDULE_ROLE_ARN,
          API_AUTHORIZER,
          AUTH_JWT_ISSUER,
          AUTH_JWT_JWKS_URI,
          AUTH_JWT_AUDIENCE,
          AUTH_JWT_SCOPE,
          METRICS_JDBC_PASSWORD_SECRET_ARN);
}
