package org.dsm.orchestrator.schedules.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Writes whose answer is lost, through the SDK client as {@code connect} configures it (2 s per
 * attempt, 5 s per call, the SDK's standard retries): the fake applies the write and answers after
 * the attempt timed out, so the SDK retries it, as a real call can.
 */
class EventBridgeUnansweredWritesTest {
  private static final String GROUP = EventBridgeDailyScrumSchedulesTest.GROUP;
  private static final String NAME = "run-dailyscrum-p-p-s01";
  private static final DailyScrumSchedule SCHEDULE =
      new DailyScrumSchedule(NAME, "P", "P-S01", "0 14 * * 1-5");

  private final FakeSchedulerServer fake = FakeSchedulerServer.start(GROUP);
  private final EventBridgeDailyScrumSchedules schedules =
      new EventBridgeDailyScrumSchedules(
          EventBridgeDailyScrumSchedules.builder()
              .endpointOverride(fake.endpoint())
              .region(Region.of(FakeSchedulerServer.REGION))
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
              .build(),
          GROUP,
          EventBridgeDailyScrumSchedulesTest.TARGET,
          EventBridgeDailyScrumSchedulesTest.ROLE,
          ZoneId.of("UTC"));

  @AfterEach
  void stop() {
    schedules.close();
    fake.close();
  }

  /**
   * The first DeleteSchedule is applied and its answer comes after the 2 s attempt timeout; the
   * SDK's retry is answered ResourceNotFoundException. Our own call deleted it: done, not "does not
   * exist".
   */
  @Test
  void aDeleteWhoseRetryFindsItGoneIsDone() {
    schedules.put(SCHEDULE);
    fake.answerLate("DeleteSchedule", Duration.ofMillis(3_000));

    Outcome removed = schedules.remove("P", NAME);

    assertThat(removed.done()).isTrue();
    assertThat(removed.readBack()).contains("it was deleted");
    assertThat(fake.schedule(GROUP, NAME)).isNull();
    assertThat(fake.operations())
        .containsSubsequence("GetSchedule", "DeleteSchedule", "DeleteSchedule");
  }

  /**
   * The first CreateSchedule is applied and answered late; the retry carries the same ClientToken
   * and the service answers it with the first attempt's success: one create, no update.
   */
  @Test
  void aCreateWhoseFirstAttemptWasAppliedIsAnsweredByItsRetry() {
    fake.answerLate("CreateSchedule", Duration.ofMillis(3_000));

    Outcome written = schedules.write(SCHEDULE);

    assertThat(written).isEqualTo(Outcome.ANSWERED);
    assertThat(fake.schedule(GROUP, NAME)).isNotNull();
    assertThat(fake.operations()).containsExactly("CreateSchedule", "CreateSchedule");
  }

  /**
   * The fake honours the token as the service does: the same token again is the first answer; a new
   * call (new token) for an existing name is a ConflictException.
   */
  @Test
  void theFakeAnswersARetriedCreateTokenWithItsFirstAnswer() {
    try (var client = SchedulerClients.client(fake)) {
      java.util.function.Consumer<
              software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest.Builder>
          create =
              r ->
                  r.name(NAME)
                      .groupName(GROUP)
                      .clientToken("token-1")
                      .scheduleExpression("cron(0 14 ? * 2-6 *)")
                      .flexibleTimeWindow(f -> f.mode("OFF"))
                      .target(
                          t ->
                              t.arn(EventBridgeDailyScrumSchedulesTest.TARGET)
                                  .roleArn(EventBridgeDailyScrumSchedulesTest.ROLE));
      String arn = client.createSchedule(create).scheduleArn();
      assertThat(client.createSchedule(create).scheduleArn()).isEqualTo(arn);
      assertThatThrownBy(() -> client.createSchedule(create.andThen(r -> r.clientToken("token-2"))))
          .isInstanceOf(software.amazon.awssdk.services.scheduler.model.ConflictException.class);
    }
  }

  /** Nothing answers within the call's 5 s and the read-back finds nothing: unknown, not failed. */
  @Test
  void aCreateNeverAnsweredAndNotFoundIsUnknown() {
    fake.neverAnswer("CreateSchedule", Duration.ofMillis(2_500));

    assertThatThrownBy(() -> schedules.write(SCHEDULE))
        .isInstanceOfSatisfying(
            ActionOutcomeUnknownException.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith(
                        "scheduler did not answer CreateSchedule " + NAME + " within 5000 ms")
                    .contains(
                        "; reading the schedule back showed no such schedule, but the request may"
                            + " still be in progress: the outcome of CreateSchedule "
                            + NAME
                            + " is unknown; the project's next orchestration finds the schedule or"
                            + " (create_cronjob) creates it."));
    assertThat(fake.operations()).last().isEqualTo("GetSchedule");
  }

  /** A delete never answered and still there when read back: unknown, not failed, not done. */
  @Test
  void aDeleteNeverAnsweredAndStillThereIsUnknown() {
    schedules.put(SCHEDULE);
    fake.neverAnswer("DeleteSchedule", Duration.ofMillis(2_500));

    assertThatThrownBy(() -> schedules.remove("P", NAME))
        .isInstanceOfSatisfying(
            ActionOutcomeUnknownException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "scheduler did not answer DeleteSchedule "
                            + NAME
                            + " within 5000 ms; reading the schedule back showed it still exists,"
                            + " but the request may still be in progress: the outcome of"
                            + " DeleteSchedule "
                            + NAME
                            + " is unknown."));
    assertThat(fake.schedule(GROUP, NAME)).isNotNull();
  }

  /** AccessDenied is a definite refusal: named with its status, nothing was done. */
  @Test
  void anAccessDeniedCreateIsARefusalNamingItsStatus() {
    fake.refuseNext(
        "CreateSchedule",
        403,
        "AccessDeniedException",
        "User is not authorized to perform: scheduler:CreateSchedule");

    assertThatThrownBy(() -> schedules.write(SCHEDULE))
        .isInstanceOfSatisfying(
            DependencyRefusedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.getMessage())
                  .startsWith("scheduler refused CreateSchedule " + NAME + ": HTTP 403")
                  .contains("AccessDeniedException")
                  .endsWith("nothing was done");
            });
    assertThat(fake.operations()).containsExactly("CreateSchedule");
  }

  @Test
  void theWorstCaseCountsTheReadBack() {
    assertThat(schedules.worstCaseMs()).isEqualTo(3 * 5_000);
  }
}
