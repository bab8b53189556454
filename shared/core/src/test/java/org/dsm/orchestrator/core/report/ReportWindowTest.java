package org.dsm.orchestrator.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportWindowTest {

  @Test
  void absentOrBlankMeansOneHour() {
    assertThat(ReportWindow.parse(null)).isEqualTo(Duration.ofHours(1));
    assertThat(ReportWindow.parse("  ")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void acceptsEachUnit() {
    assertThat(ReportWindow.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ReportWindow.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(ReportWindow.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(ReportWindow.parse("30d")).isEqualTo(Duration.ofDays(30));
  }

  /** The 30-day maximum in every unit, seconds included (7 digits). */
  @ParameterizedTest
  @ValueSource(strings = {"30d", "720h", "43200m", "2592000s"})
  void acceptsTheMaximumInEachUnit(String value) {
    assertThat(ReportWindow.parse(value)).isEqualTo(ReportWindow.MAX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "h",
        "-1h",
        "1.5h",
        "1w",
        "59s",
        "31d",
        "9999999h",
        "2592001s",
        "99999999s",
        "1h;drop",
        "１h"
      })
  void rejectsAnythingElseNamingTheAcceptedForms(String value) {
    assertThatThrownBy(() -> ReportWindow.parse(value))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("window must be");
  }

  @Test
  void formatsCanonically() {
    assertThat(ReportWindow.format(Duration.ofHours(24))).isEqualTo("1d");
    assertThat(ReportWindow.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(ReportWindow.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ReportWindow.format(Duration.ofHours(1))).isEqualTo("1h");
  }
}
