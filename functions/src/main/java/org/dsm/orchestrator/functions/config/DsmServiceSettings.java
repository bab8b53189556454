package org.dsm.orchestrator.functions.config;

import java.time.Duration;
import org.dsm.orchestrator.core.data.http.HttpDsmConfig;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.resilience.BreakerConfig;

/**
 * The http data source's settings, read once through {@link Settings} (one parser, one style of
 * message for a bad value) and handed to the core as an {@link HttpDsmConfig} value.
 */
final class DsmServiceSettings {
  private static final int MAX_TIMEOUT_MS = 600_000;

  private DsmServiceSettings() {}

  /**
   * @param historyCacheTtl how long Chronicle's historical-project list is cached
   * @throws IllegalStateException naming the variable when a value is out of range or malformed
   */
  static HttpDsmConfig read(Settings s, Duration historyCacheTtl) {
    BreakerConfig d = BreakerConfig.DEFAULTS;
    try {
      return new HttpDsmConfig(
          url(s, EnvironmentVariables.PROJECT_SERVICE_URL, HttpDsmConfig.DEFAULT_PROJECT_URL),
          url(s, EnvironmentVariables.BACKLOG_SERVICE_URL, HttpDsmConfig.DEFAULT_BACKLOG_URL),
          url(s, EnvironmentVariables.SPRINT_SERVICE_URL, HttpDsmConfig.DEFAULT_SPRINT_URL),
          url(s, EnvironmentVariables.CHRONICLE_SERVICE_URL, HttpDsmConfig.DEFAULT_CHRONICLE_URL),
          millis(s, EnvironmentVariables.HTTP_TIMEOUT_MS, HttpDsmConfig.DEFAULT_TIMEOUT),
          millis(
              s, EnvironmentVariables.HTTP_WRITE_TIMEOUT_MS, HttpDsmConfig.DEFAULT_WRITE_TIMEOUT),
          HttpDsmConfig.DEFAULT_RECONCILE_INTERVAL,
          HttpDsmConfig.DEFAULT_RECONCILE_BUDGET,
          historyCacheTtl,
          new BreakerConfig(
              (float)
                  s.decimal(
                      EnvironmentVariables.BREAKER_FAILURE_RATE, d.failureRatePercent(), 1, 100),
              s.integer(EnvironmentVariables.BREAKER_WINDOW, d.window(), 1, 1000),
              millis(s, EnvironmentVariables.BREAKER_WAIT_MS, d.waitInOpen())));
    } catch (InvalidRequestException e) { // the core's own check of a value: stop the start
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static java.net.URI url(Settings s, String name, String fallback) {
    return HttpDsmConfig.serviceUrl(name, s.text(name, fallback));
  }

  private static Duration millis(Settings s, String name, Duration fallback) {
    return Duration.ofMillis(s.integer(name, (int) fallback.toMillis(), 1, MAX_TIMEOUT_MS));
  }
}
