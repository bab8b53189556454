package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes whose answer is lost between the API server and the client: fabric8's CRUD mock applies
 * them, {@link LosingApiServer} holds the answer past the client's request timeout (or never
 * forwards the request, or refuses it as RBAC would).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesUnansweredWritesTest {
  private static final String NAMESPACE = "dsm";
  private static final String NAME = "run-dailyscrum-p-p-s01";
  private static final DailyScrumSchedule SCHEDULE =
      new DailyScrumSchedule(NAME, "P", "P-S01", "0 14 * * 1-5");
  private static final int TIMEOUT_MS = 2_000;
  private static final Duration LATE = Duration.ofMillis(4_500);

  static KubernetesMockServer server;
  static KubernetesClient client;

  private final LosingApiServer proxy = new LosingApiServer(client.getMasterUrl().toString());

  @AfterEach
  void stop() {
    proxy.close();
    client.batch().v1().cronjobs().inNamespace(NAMESPACE).delete();
  }

  /** The adapter over the proxy, configured as {@code connect} configures it. */
  private KubernetesDailyScrumSchedules schedules(int retries) {
    return new KubernetesDailyScrumSchedules(
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(proxy.url())
                    .withRequestTimeout(TIMEOUT_MS)
                    .withConnectionTimeout(TIMEOUT_MS)
                    .withRequestRetryBackoffLimit(retries)
                    .withRequestRetryBackoffInterval(100)
                    .build())
            .build(),
        new KubernetesDailyScrumSchedules.Settings(NAMESPACE, "http://o/", "curl", "UTC"));
  }

  private boolean stored() {
    return client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName(NAME).get() != null;
  }

  @Test
  void aCreateAppliedButAnsweredAfterTheTimeoutIsReadBackAndDone() {
    try (var schedules = schedules(0)) {
      proxy.answerLate("POST", LATE);

      Outcome written = schedules.write(SCHEDULE);

      assertThat(written.done()).isTrue();
      assertThat(written.readBack())
          .isEqualTo(
              "kubernetes did not answer the CronJob create "
                  + NAME
                  + " within "
                  + TIMEOUT_MS
                  + " ms; reading the CronJob back showed it was written.")
          .endsWith("reading the CronJob back showed it was written.");
      assertThat(stored()).isTrue();
    }
  }

  /** The cluster's admission may add annotations of its own: the read-back compares ours only. */
  @Test
  void aCreateAnnotatedByTheClusterIsStillRecognisedWhenReadBack() {
    try (var schedules = schedules(0)) {
      proxy
          .annotateCreates("policies.kyverno.io/last-applied-patches", "added")
          .answerLate("POST", LATE);

      Outcome written = schedules.write(SCHEDULE);

      assertThat(written.done()).isTrue();
      assertThat(written.readBack()).endsWith("reading the CronJob back showed it was written.");
    }
  }

  @Test
  void aDeleteAppliedButAnsweredAfterTheTimeoutIsReadBackAndDone() {
    try (var schedules = schedules(0)) {
      schedules.put(SCHEDULE);
      proxy.answerLate("DELETE", LATE);

      Outcome removed = schedules.remove("P", NAME);

      assertThat(removed.done()).isTrue();
      assertThat(removed.readBack()).endsWith("reading the CronJob back showed it was deleted.");
      assertThat(stored()).isFalse();
    }
  }

  /**
   * With fabric8's retries on, a DELETE whose first attempt was applied is retried and answered
   * 404: the CronJob read a moment before is gone, as asked, not "does not exist".
   */
  @Test
  void aRetriedDeleteAnswered404AfterTheReadIsDone() {
    try (var schedules = schedules(3)) {
      schedules.put(SCHEDULE);
      proxy.answerLate("DELETE", LATE);

      Outcome removed = schedules.remove("P", NAME);

      assertThat(removed.done()).isTrue();
      assertThat(removed.readBack()).contains("with 404 Not Found after reading it");
      assertThat(stored()).isFalse();
      assertThat(proxy.requests())
          .extracting(r -> r.substring(0, r.indexOf(' ')))
          .containsExactly("POST", "GET", "DELETE", "DELETE");
    }
  }

  /** A retried POST whose first attempt was applied meets 409 AlreadyExists and patches. */
  @Test
  void aRetriedCreateAppliedByItsFirstAttemptIsWritten() {
    try (var schedules = schedules(3)) {
      proxy.answerLate("POST", LATE);

      Outcome written = schedules.write(SCHEDULE);

      assertThat(written).isEqualTo(Outcome.ANSWERED);
      assertThat(stored()).isTrue();
      assertThat(proxy.requests())
          .extracting(r -> r.substring(0, r.indexOf(' ')))
          .containsExactly("POST", "POST", "PATCH");
    }
  }

  @Test
  void aCreateNeverAnsweredAndNotFoundIsUnknown() {
    try (var schedules = schedules(0)) {
      proxy.neverAnswer("POST", LATE);

      assertThatThrownBy(() -> schedules.write(SCHEDULE))
          .isInstanceOfSatisfying(
              ActionOutcomeUnknownException.class,
              e ->
                  assertThat(e.getMessage())
                      .startsWith("kubernetes did not answer the CronJob create " + NAME)
                      .endsWith(
                          "; reading the CronJob back showed no such CronJob, but the request may"
                              + " still be in progress: the outcome of the CronJob create "
                              + NAME
                              + " is unknown; the project's next orchestration finds the CronJob"
                              + " or (create_cronjob) creates it."));
      assertThat(proxy.requests()).last().asString().startsWith("GET ");
    }
  }

  @Test
  void aDeleteNeverAnsweredAndStillThereIsUnknown() {
    try (var schedules = schedules(0)) {
      schedules.put(SCHEDULE);
      proxy.neverAnswer("DELETE", LATE);

      assertThatThrownBy(() -> schedules.remove("P", NAME))
          .isInstanceOfSatisfying(
              ActionOutcomeUnknownException.class,
              e ->
                  assertThat(e.getMessage())
                      .isEqualTo(
                          "kubernetes did not answer the CronJob delete "
                              + NAME
                              + " within "
                              + TIMEOUT_MS
                              + " ms; reading the CronJob back showed it still"
                              + " exists, but the request may still be in progress: the outcome"
                              + " of the CronJob delete "
                              + NAME
                              + " is unknown."));
      assertThat(stored()).isTrue();
    }
  }

  @Test
  void aForbiddenCreateIsARefusalNamingItsStatus() {
    try (var schedules = schedules(0)) {
      proxy.refuseNext("POST", 403);

      assertThatThrownBy(() -> schedules.write(SCHEDULE))
          .isInstanceOfSatisfying(
              DependencyRefusedException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(503);
                assertThat(e.getMessage())
                    .startsWith(
                        "kubernetes refused CronJob create " + NAME + ": HTTP 403 Forbidden")
                    .endsWith("nothing was done");
              });
      assertThat(stored()).isFalse();
    }
  }

  /**
   * Through the orchestration: the new sprint's CronJob is applied but its answer lost; the answer
   * says it was created, with a warning saying how that is known, and never "Failed to".
   */
  @Test
  void anOrchestrationWhoseCronJobAnswerIsLostReportsItCreatedWithAWarning() {
    try (var schedules = schedules(0);
        var dsm = org.dsm.orchestrator.core.fixtures.FakeDsmServer.start();
        var core =
            org.dsm.orchestrator.core.fixtures.CoreAssembly.over(
                new org.dsm.orchestrator.core.data.http.HttpDsmClient(
                        dsm.config(Duration.ofSeconds(5)), schedules)
                    .ports())) {
      proxy.answerLate("POST", LATE);

      var response =
          core.orchestration.orchestrate(
              new org.dsm.orchestrator.core.orchestration.OrchestrationRequest(
                  org.dsm.orchestrator.core.domain.ProjectId.of("TEST-001"),
                  org.dsm.orchestrator.core.orchestration.OrchestrationRequest
                      .ANALYZE_AND_ORCHESTRATE,
                  org.dsm.orchestrator.core.domain.OrchestrationOptions.DEFAULTS),
              org.dsm.orchestrator.core.fixtures.CoreAssembly.http("lost-answer"));

      assertThat(response.decisions().cronjobCreated()).isTrue();
      assertThat(response.actionsTaken())
          .contains("Created cronjob " + response.cronjobName())
          .noneMatch(a -> a.startsWith("Failed"));
      assertThat(response.decisions().warnings())
          .contains(
              "kubernetes did not answer the CronJob create "
                  + response.cronjobName()
                  + " within "
                  + TIMEOUT_MS
                  + " ms; reading the CronJob back showed it was written.");
      assertThat(
              client
                  .batch()
                  .v1()
                  .cronjobs()
                  .inNamespace(NAMESPACE)
                  .withName(response.cronjobName())
                  .get())
          .isNotNull();
    }
  }

  @Test
  void theWorstCaseCountsTheReadBack() {
    try (var schedules = schedules(0)) {
      assertThat(schedules.worstCaseMs()).isEqualTo(3 * (TIMEOUT_MS + TIMEOUT_MS));
    }
  }
}
