package org.dsm.orchestrator.schedules.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 5-field → EventBridge translation, case by case. */
class EventBridgeCronTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the original's default: weekdays at 14:00; Monday-Friday is 2-6 in EventBridge
        "0 14 * * 1-5       | cron(0 14 ? * 2-6 *)",
        "0 14 * * *         | cron(0 14 * * ? *)",
        "0 14 ? * *         | cron(0 14 * * ? *)",
        "*/15 * * * *       | cron(0/15 * * * ? *)",
        "5/20 * * * *       | cron(5/20 * * * ? *)",
        "0 9-17/4 * * *     | cron(0 9,13,17 * * ? *)",
        "0,30 8-18 * * *    | cron(0,30 8-18 * * ? *)",
        "30 8 1 * *         | cron(30 8 1 * ? *)",
        "0 9 */2 * *        | cron(0 9 1/2 * ? *)",
        "0 9 1,15 * ?       | cron(0 9 1,15 * ? *)",
        "0 9 ? * MON-FRI    | cron(0 9 ? * 2-6 *)",
        "0 9 * * mon,wed    | cron(0 9 ? * 2,4 *)",
        "0 9 * * 0          | cron(0 9 ? * 1 *)",
        "0 9 * * 6          | cron(0 9 ? * 7 *)",
        "0 9 * * 0,6        | cron(0 9 ? * 1,7 *)",
        "0 9 * * 1-5/2      | cron(0 9 ? * 2,4,6 *)",
        // EventBridge takes no '/' in day-of-week: a step over the week is its list of days
        "0 9 * * */2        | cron(0 9 ? * 1,3,5,7 *)",
        "0 9 * * */3        | cron(0 9 ? * 1,4,7 *)",
        "0 9 * * 2/2        | cron(0 9 ? * 3,5,7 *)",
        "0 9 * * 5/1        | cron(0 9 ? * 6,7 *)",
        "0 9 1 JAN-MAR *    | cron(0 9 1 JAN-MAR ? *)",
        "0 9 1 jan *        | cron(0 9 1 JAN ? *)",
        "0 12 15 */3 *      | cron(0 12 15 1/3 ? *)",
        "0 12 15 FEB-DEC/5 * | cron(0 12 15 2,7,12 ? *)",
      })
  void translates(String cron, String expected) {
    String translated = EventBridgeCron.translate(cron);

    assertThat(translated).isEqualTo(expected);
    // and the fake service, which checks the EventBridge rules, accepts it
    assertThat(FakeSchedulerServer.validExpression(translated)).as(translated).isTrue();
  }

  /** As the service: day-of-week allows {@code , - * ? L #} but no {@code /} (cron reference). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "cron(0 9 ? * 1/2 *)",
    "cron(0 9 ? * */2 *)",
    "cron(0 9 ? * 2-6/2 *)",
  })
  void theFakeServiceRefusesAStepInDayOfWeek(String expression) {
    assertThat(FakeSchedulerServer.validExpression(expression)).isFalse();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "@daily             | macro",
        "@hourly            | macro",
        "0 9 1 * 1          | both day-of-month",
        "0 9 1-7 * MON      | both day-of-month",
        "0 9 */2 * 1        | both day-of-month",
        "61 * * * *         | minute",
        "0 14 * *           | 5 fields",
        "0 14 * * 7         | day-of-week",
      })
  void refusesWhatHasNoEventBridgeForm(String cron, String reason) {
    assertThatThrownBy(() -> EventBridgeCron.translate(cron))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("schedule ")
        .hasMessageContaining(reason);
  }
}
