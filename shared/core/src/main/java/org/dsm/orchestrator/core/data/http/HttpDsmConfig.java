package org.dsm.orchestrator.core.data.http;

import java.net.URI;
import java.time.Duration;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.resilience.BreakerConfig;

/**
 * Where the DSM services live and how long one call may take, as values: the functions module reads
 * them once from its settings. Defaults: the DSM's in-cluster addresses, a 2 s timeout for reads, a
 * 10 s timeout for writes (a real sprint create takes 0.6–1.3 s) and a circuit breaker per service
 * that opens at 50% failures of the last 10 calls (judged from 5) and tries again after 10 s.
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
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMillis(10_000);
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_RECONCILE_BUDGET = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

  /** The original's in-cluster addresses. */
  public static final String DEFAULT_PROJECT_URL = "http://project-service.dsm.svc.cluster.local";

  public static final String DEFAULT_BACKLOG_URL = "http://backlog-service.dsm.svc.cluster.local";
  public static final String DEFAULT_SPRINT_URL = "http://sprint-service.dsm.svc.cluster.local";
  public static final String DEFAULT_CHRONICLE_URL =
      "http://chronicle-service.dsm.svc.cluster.local";
  public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(5);

  public HttpDsmConfig {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new InvalidRequestException(
          "DSM_HTTP_TIMEOUT_MS must be a positive number of milliseconds");
    }
    writeTimeout = writeTimeout == null ? DEFAULT_WRITE_TIMEOUT : writeTimeout;
    if (writeTimeout.isZero() || writeTimeout.isNegative()) {
      throw new InvalidRequestException(
          "DSM_HTTP_WRITE_TIMEOUT_MS must be a positive number of milliseconds");
    }
    reconcileInterval = reconcileInterval == null ? DEFAULT_RECONCILE_INTERVAL : reconcileInterval;
    reconcileBudget = reconcileBudget == null ? DEFAULT_RECONCILE_BUDGET : reconcileBudget;
    historyCacheTtl = historyCacheTtl == null ? DEFAULT_HISTORY_TTL : historyCacheTtl;
    breaker = breaker == null ? BreakerConfig.DEFAULTS : breaker;
  }

  public static HttpDsmConfig of(
      String project, String backlog, String sprint, String chronicle, Duration timeout) {
    return new HttpDsmConfig(
        serviceUrl("PROJECT_SERVICE_URL", project),
        serviceUrl("BACKLOG_SERVICE_URL", backlog),
        serviceUrl("SPRINT_SERVICE_URL", sprint),
        serviceUrl("CHRONICLE_SERVICE_URL", chronicle),
        timeout,
        DEFAULT_WRITE_TIMEOUT,
        DEFAULT_RECONCILE_INTERVAL,
        DEFAULT_RECONCILE_BUDGET,
        DEFAULT_HISTORY_TTL,
        BreakerConfig.DEFAULTS);
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

  /**
   * A service's base URL, checked: http(s) only, no trailing slash; {@code name} is the setting
   * that gave it, for the message.
   */
  public static URI serviceUrl(String name, String value) {
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
