package org.dsm.orchestrator.core.data.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * Where the DSM services live and how long one call may take. Environment names as in the functions module's
 * EnvironmentVariables; defaults are the original's in-cluster addresses and a 2 s timeout.
 */
public record HttpDsmConfig(URI projectServiceUrl, URI backlogServiceUrl, URI sprintServiceUrl,
    URI chronicleServiceUrl, Duration timeout, Duration historyCacheTtl) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);
  public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(5);

  public HttpDsmConfig {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new InvalidRequestException("DSM_HTTP_TIMEOUT_MS must be a positive number of milliseconds");
    }
    historyCacheTtl = historyCacheTtl == null ? DEFAULT_HISTORY_TTL : historyCacheTtl;
  }

  public static HttpDsmConfig of(String project, String backlog, String sprint, String chronicle, Duration timeout) {
    return new HttpDsmConfig(url("PROJECT_SERVICE_URL", project), url("BACKLOG_SERVICE_URL", backlog),
        url("SPRINT_SERVICE_URL", sprint), url("CHRONICLE_SERVICE_URL", chronicle), timeout, DEFAULT_HISTORY_TTL);
  }

  /** Reads PROJECT_SERVICE_URL, BACKLOG_SERVICE_URL, SPRINT_SERVICE_URL, CHRONICLE_SERVICE_URL, DSM_HTTP_TIMEOUT_MS. */
  public static HttpDsmConfig fromEnvironment(Map<String, String> env) {
    String timeout = env.getOrDefault("DSM_HTTP_TIMEOUT_MS", String.valueOf(DEFAULT_TIMEOUT.toMillis()));
    long millis;
    try {
      millis = Long.parseLong(timeout.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("DSM_HTTP_TIMEOUT_MS must be a number of milliseconds, got '" + timeout + "'");
    }
    return of(env.getOrDefault("PROJECT_SERVICE_URL", "http://project-service.dsm.svc.cluster.local"),
        env.getOrDefault("BACKLOG_SERVICE_URL", "http://backlog-service.dsm.svc.cluster.local"),
        env.getOrDefault("SPRINT_SERVICE_URL", "http://sprint-service.dsm.svc.cluster.local"),
        env.getOrDefault("CHRONICLE_SERVICE_URL", "http://chronicle-service.dsm.svc.cluster.local"),
        Duration.ofMillis(millis));
  }

  public HttpDsmConfig withHistoryCacheTtl(Duration ttl) {
    return new HttpDsmConfig(projectServiceUrl, backlogServiceUrl, sprintServiceUrl, chronicleServiceUrl, timeout,
        ttl);
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
