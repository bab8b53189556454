package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * DSM_SCHEDULE_TIME_ZONE becomes a CronJob's spec.timeZone, which Kubernetes resolves with Go's
 * time.LoadLocation: IANA names only. Java's ZoneId.of also takes offsets and old aliases, which
 * would pass the start and then fail every CronJob create with 422; the start must refuse them.
 */
class SchedulersTest {
  private static ZoneId zone(String value) {
    return Schedulers.timeZone(
        new Settings(
            new MockEnvironment().withProperty(EnvironmentVariables.SCHEDULE_TIME_ZONE, value)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"})
  void ianaNamesAreTaken(String name) {
    assertThat(zone(name).getId()).isEqualTo(name);
  }

  @Test
  void unsetIsUtc() {
    assertThat(Schedulers.timeZone(new Settings(new MockEnvironment())).getId()).isEqualTo("UTC");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+01:00", "GMT+1", "UTC+2", "Z", "SystemV/AST4", "-05:00", "Mars/Olympus"})
  void whatKubernetesCannotLoadFailsTheStartInOneLineNamingTheVariable(String value) {
    assertThatThrownBy(() -> zone(value))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("DSM_SCHEDULE_TIME_ZONE must be an IANA time zone name")
        .hasMessageEndingWith("got '" + value + "'")
        .message()
        .doesNotContain("\n");
  }
}
