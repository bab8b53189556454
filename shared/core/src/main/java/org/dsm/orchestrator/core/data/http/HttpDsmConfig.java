package org.dsm.orchestrator.core.data.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.resilience.BreakerConfig;

/**
 * Where the DSM services live and how long one call may take. Environment names as in the functions
 * module's EnvironmentVariables; defaults are the original's in-cluster addresses, a 2 s timeout
 * for reads, a 10 s timeout for writes (a real sprint create takes 0.6–1.3 s) and a circuit breaker
 * per service that opens at 50% failures of the last 10 calls (judged from 5) and tries again after
 * 10 s.
 *
 * <p>{@code reconcileInterval} and {@code reconcileBudget}: after a write timed out, how often and
 * for how long its outcome is read back from the service (see {@code SprintWrites}).
 */
public record HttpDsmConfig(
    URI projectServiceUrl,
    URI backlogServiceUrl,
    URI sprintServiceUrl,
    URI chronicleServiceUrl,
    Duration timeout,
    Duration writeTimeout,
    Duration reconcileInterval,
    Duration reconcileBudget,
    Duration historyCacheTtl,
    BreakerConfig breaker) {
  public static final String TIMEOUT_ENV = "DSM_HTTP_TIMEOUT_MS";
  public static final String WRITE_TIMEOUT_ENV = "DSM_HTTP_WRITE_TIMEOUT_MS";
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMillis(10_000);
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_RECONCILE_BUDGET = Duration.ofSeconds(5);
  public static final String BREAKER_FAILURE_RATE_ENV = "DSM_BREAKER_FAILURE_RATE";
  public static final String BREAKER_WAIT_MS_ENV = "DSM_BREAKER_WAIT_MS";
  public static final String BREAKER_WINDOW_ENV = "DSM_BREAKER_WINDOW";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);
  public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(5);

  public HttpDsmConfig {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new InvalidRequestException(
          "DSM_HTTP_TIMEOUT_MS must be a positive number of milliseconds");
    }
    writeTimeout = writeTimeout == null ? DEFAULT_WRITE_TIMEOUT : writeTimeout;
    if (writeTimeout.isZero() || writeTimeout.isNegative()) {
      throw new InvalidRequestException(
          WRITE_TIMEOUT_ENV + " must be a positive number of milliseconds");
    }
    reconcileInterval = reconcileInterval == null ? DEFAULT_RECONCILE_INTERVAL : reconcileInterval;
    reconcileBudget = reconcileBudget == null ? DEFAULT_RECONCILE_BUDGET : reconcileBudget;
    historyCacheTtl = historyCacheTtl == null ? DEFAULT_HISTORY_TTL : historyCacheTtl;
    breaker = breaker == null ? BreakerConfig.DEFAULTS : breaker;
  }

  public static HttpDsmConfig of(
      String project, String backlog, String sprint, String chronicle, Duration timeout) {
    return new HttpDsmConfig(
        url("PROJECT_SERVICE_URL", project),
        url("BACKLOG_SERVICE_URL", backlog),
        url("SPRINT_SERVICE_URL", sprint),
        url("CHRONICLE_SERVICE_URL", chronicle),
        timeout,
        DEFAULT_WRITE_TIMEOUT,
        DEFAULT_RECONCILE_INTERVAL,
        DEFAULT_RECONCILE_BUDGET,
        DEFAULT_HISTORY_TTL,
        BreakerConfig.DEFAULTS);
  }

  /**
   * Reads PROJECT_SERVICE_URL, BACKLOG_SERVICE_URL, SPRINT_SERVICE_URL, CHRONICLE_SERVICE_URL,
   * DSM_HTTP_TIMEOUT_MS, DSM_HTTP_WRITE_TIMEOUT_MS (default 10000), DSM_BREAKER_FAILURE_RATE
   * (percent, default 50), DSM_BREAKER_WINDOW (calls, default 10) and DSM_BREAKER_WAIT_MS (default
   * 10000).
   */
  public static HttpDsmConfig fromEnvironment(Map<String, String> env) {
    long millis = number(env, TIMEOUT_ENV, DEFAULT_TIMEOUT.toMillis(), "a number of milliseconds");
    long writeMillis =
        number(
            env, WRITE_TIMEOUT_ENV, DEFAULT_WRITE_TIMEOUT.toMillis(), "a number of milliseconds");
    BreakerConfig defaults = BreakerConfig.DEFAULTS;
    BreakerConfig breaker =
        new BreakerConfig(
            number(
                env,
                BREAKER_FAILURE_RATE_ENV,
                (long) defaults.failureRatePercent(),
                "a percentage"),
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    number(env, BREAKER_WINDOW_ENV, defaults.window(), "a number of calls")),
            Duration.ofMillis(
                number(
                    env,
                    BREAKER_WAIT_MS_ENV,
                    defaults.waitInOpen().toMillis(),
                    "a number of milliseconds")));
    return of(
            env.getOrDefault("PROJECT_SERVICE_URL", "http://project-service.dsm.svc.cluster.local"),
            env.getOrDefault("BACKLOG_SERVICE_URL", "http://backlog-service.dsm.svc.cluster.local"),
            env.getOrDefault("SPRINT_SERVICE_URL", "http://sprint-service.dsm.svc.cluster.local"),
            env.getOrDefault(
                "CHRONICLE_SERVICE_URL", "http://chronicle-service.dsm.svc.cluster.local"),
            Duration.ofMillis(millis))
        .withWriteTimeout(Duration.ofMillis(writeMillis))
        .withBreaker(breaker);
  }

  public HttpDsmConfig withHistoryCacheTtl(Duration ttl) {
    return new HttpDsmConfig(
        projectServiceUrl,
        backlogServiceUrl,
        sprintServiceUrl,
        chronicleServiceUrl,
        timeout,
        writeTimeout,
        reconcileInterval,
        reconcileBudget,
        ttl,
        breaker);
  }

  public HttpDsmConfig withBreaker(BreakerConfig breakerConfig) {
    return new HttpDsmConfig(
        projectServiceUrl,
        backlogServiceUrl,
        sprintServiceUrl,
        chronicleServiceUrl,
        timeout,
        writeTimeout,
        reconcileInterval,
        reconcileBudget,
        historyCacheTtl,
        breakerConfig);
  }

  public HttpDsmConfig withWriteTimeout(Duration writes) {
    return new HttpDsmConfig(
        projectServiceUrl,
        backlogServiceUrl,
        sprintServiceUrl,
        chronicleServiceUrl,
        timeout,
        writes,
        reconcileInterval,
        reconcileBudget,
        historyCacheTtl,
        breaker);
  }

  /** How often, and for how long at most, a timed-out write's outcome is read back. */
  public HttpDsmConfig withReconciliation(Duration interval, Duration budget) {
    return new HttpDsmConfig(
        projectServiceUrl,
        backlogServiceUrl,
        sprintServiceUrl,
        chronicleServiceUrl,
        timeout,
        writeTimeout,
        interval,
        budget,
        historyCacheTtl,
        breaker);
  }

  private static long number(Map<String, String> env, String name, long fallback, String what) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name + " must be " + what + ", got '" + value + "'");
    }
  }

  private static URI url(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(name + " is required");
    }
    try {
      URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new InvalidRequestException(name + " must be an http(s) URL, got '" + value + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(name + " is not a valid URL: '" + value + "'");
    }
  }
}
