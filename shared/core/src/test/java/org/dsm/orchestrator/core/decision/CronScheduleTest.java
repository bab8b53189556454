package org.dsm.orchestrator.core.decision;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dsm.orchestrator.core.domain.CronSchedule;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 14 * * 1-5",
        "*/15 * * * *",
        "0 0 1,15 * ?",
        "30 9 * JAN-MAR mon-fri",
        "0-59/5 0-23 1-31 1-12 0-6",
        "@daily",
        "@hourly",
        " 5 4 * * sun "
      })
  void acceptsValidExpressions(String cron) {
    assertThatCode(() -> CronSchedule.validate(cron)).doesNotThrowAnyException();
  }

  @org.junit.jupiter.api.Test
  void theDefaultThatOptionsSkipValidatingIsValid() {
    assertThatCode(() -> CronSchedule.validate(OrchestrationOptions.DEFAULT_SCHEDULE))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0 14 * *",
        "0 14 * * 1-5 2025",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * * 13 *",
        "* * * * 7",
        "*/0 * * * *",
        "5-1 * * * *",
        "a * * * *",
        "1,,2 * * * *",
        "@often",
        // Kubernetes' parser (robfig/cron ParseStandard) matches a macro exactly: the CronJob's
        // create would fail with 422 after the sprint was created
        "@HOURLY",
        "@Daily",
        " @daily",
        "@daily ",
        "@every 1h",
        "? * * * *",
        "-1 * * * *",
        "1- * * * *",
        // Unicode digits (Arabic-Indic, fullwidth, Devanagari): no scheduler parses them
        "\u0660 \u0669 * * \u0661-\u0665",
        "\uFF10 14 * * 1-5",
        "0 \u0967\u096A * * *",
        "*/\u0665 * * * *"
      })
  void rejectsInvalidExpressionsNamingTheField(String cron) {
    assertThatThrownBy(() -> CronSchedule.validate(cron))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("schedule ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"61 * * * *"})
  void theMessageNamesTheCronField(String cron) {
    assertThatThrownBy(() -> CronSchedule.validate(cron))
        .hasMessageContaining("minute")
        .hasMessageContaining("61");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 25 * * *"})
  void orchestrationOptionsRejectABadSchedule(String cron) {
    assertThatThrownBy(() -> new OrchestrationOptions(true, true, true, cron, 2, 10, true, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("schedule")
        .hasMessageContaining("hour");
  }

  @ParameterizedTest
  @ValueSource(ints = {201})
  void rejectsOverlongInput(int length) {
    assertThatThrownBy(() -> CronSchedule.validate("*".repeat(length)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("longer");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*/15 * * * *",
        "* 14 * * 1-5",
        "0 9-17 * * *",
        "0 */2 * * *",
        "0,30 14 * * *",
        "0 9,14 * * 1-5",
        "5/10 14 * * *",
        "@hourly"
      })
  void aDailyScrumScheduleThatRunsMoreThanOnceADayIsRefusedSayingWhatIsAccepted(String cron) {
    assertThatThrownBy(() -> new OrchestrationOptions(true, true, true, cron, 2, 10, true, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("schedule ")
        .hasMessageContaining("runs more than once a day")
        .hasMessageContaining("at most once a day");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 14 * * 1-5",
        "30 9 * * MON-FRI",
        "0 0 1,15 * ?",
        "45 23 * JAN-MAR *",
        " 5 4 * * sun ",
        "@daily",
        "@midnight",
        "@weekly",
        "@monthly",
        "@yearly",
        "@annually"
      })
  void aDailyScrumScheduleAtOneTimeOfDayIsAccepted(String cron) {
    assertThatCode(() -> new OrchestrationOptions(true, true, true, cron, 2, 10, true, false))
        .doesNotThrowAnyException();
  }
}
