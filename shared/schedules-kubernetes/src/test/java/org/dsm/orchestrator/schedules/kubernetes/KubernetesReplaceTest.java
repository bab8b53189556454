package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replacing an existing CronJob, request by request. A real API server answers a PUT whose
 * resourceVersion is no longer current with 409 Conflict (fabric8's CRUD mock does not), so a
 * replace that reads the version first and sends it back fails whenever another instance wrote the
 * CronJob in between, and takes a third call (besides the read-back of an unanswered one) that
 * {@code worstCaseMs} does not count.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesReplaceTest {
  private static final String NAMESPACE = "dsm";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private final KubernetesDailyScrumSchedules schedules =
      new KubernetesDailyScrumSchedules(
          server.createClient(),
          new KubernetesDailyScrumSchedules.Settings(NAMESPACE, "http://o/", "curl", "UTC"));

  @AfterEach
  void stop() {
    schedules.close();
    client.batch().v1().cronjobs().inNamespace(NAMESPACE).delete();
  }

  private static List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  @Test
  void aReplaceIsOneMergePatchWithoutResourceVersionAfterTheCreateAndFitsTheWorstCase()
      throws Exception {
    String name = "run-dailyscrum-p-p-s01";
    schedules.put(new DailyScrumSchedule(name, "P", "P-S01", "0 9 * * *"));
    requests();

    schedules.put(new DailyScrumSchedule(name, "P", "P-S01", "30 10 * * 1-5"));

    List<RecordedRequest> replace = requests();
    assertThat(replace).extracting(RecordedRequest::getMethod).containsExactly("POST", "PATCH");
    assertThat(replace.get(1).getHeader("Content-Type")).startsWith("application/merge-patch+json");
    JsonNode sent = Json.mapper().readTree(replace.get(1).getBody().readUtf8());
    assertThat(sent.path("metadata").path("resourceVersion").asText(""))
        .as("no resourceVersion: nothing to conflict with")
        .isEmpty();
    var config = server.createClient().getConfiguration();
    long perCall = config.getConnectionTimeout() + config.getRequestTimeout();
    assertThat(replace.size() * perCall).isLessThanOrEqualTo(schedules.worstCaseMs());
    assertThat(
            client
                .batch()
                .v1()
                .cronjobs()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getSpec()
                .getSchedule())
        .isEqualTo("30 10 * * 1-5");
  }
}
