package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dsm.orchestrator.core.data.http.HttpDsmConfig;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DsmServiceSettingsTest {
  private static final Duration TTL = Duration.ofMinutes(5);

  private static HttpDsmConfig read(MockEnvironment environment) {
    return DsmServiceSettings.read(new Settings(environment), TTL);
  }

  @Test
  void defaultsAreTheInClusterAddressesAndTheDocumentedTimeouts() {
    HttpDsmConfig config = read(new MockEnvironment());
    assertThat(config.projectServiceUrl().getHost())
        .isEqualTo("project-service.dsm.svc.cluster.local");
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2000));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.breaker()).isEqualTo(BreakerConfig.DEFAULTS);
    assertThat(config.historyCacheTtl()).isEqualTo(TTL);
  }

  @Test
  void valuesComeFromTheEnvironment() {
    HttpDsmConfig config =
        read(
            new MockEnvironment()
                .withProperty("SPRINT_SERVICE_URL", "http://127.0.0.1:9999/")
                .withProperty("DSM_HTTP_TIMEOUT_MS", "750")
                .withProperty("DSM_HTTP_WRITE_TIMEOUT_MS", "4000")
                .withProperty("DSM_BREAKER_FAILURE_RATE", "75")
                .withProperty("DSM_BREAKER_WINDOW", "20")
                .withProperty("DSM_BREAKER_WAIT_MS", "2500"));
    assertThat(config.sprintServiceUrl().toString()).isEqualTo("http://127.0.0.1:9999");
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.breaker()).isEqualTo(new BreakerConfig(75f, 20, Duration.ofMillis(2500)));
  }

  @Test
  void aBadValueStopsTheStartNamingItsVariable() {
    assertThatThrownBy(
            () -> read(new MockEnvironment().withProperty("DSM_HTTP_TIMEOUT_MS", "soon")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("DSM_HTTP_TIMEOUT_MS must be an integer, got 'soon'");
    assertThatThrownBy(() -> read(new MockEnvironment().withProperty("DSM_HTTP_TIMEOUT_MS", "0")))
        .hasMessageContaining("DSM_HTTP_TIMEOUT_MS must be between 1 and");
    assertThatThrownBy(
            () -> read(new MockEnvironment().withProperty("DSM_BREAKER_FAILURE_RATE", "150")))
        .hasMessageContaining("DSM_BREAKER_FAILURE_RATE");
    assertThatThrownBy(() -> read(new MockEnvironment().withProperty("DSM_BREAKER_WINDOW", "0")))
        .hasMessageContaining("DSM_BREAKER_WINDOW");
    assertThatThrownBy(
            () -> read(new MockEnvironment().withProperty("SPRINT_SERVICE_URL", "ftp://x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPRINT_SERVICE_URL must be an http(s) URL");
  }
}
