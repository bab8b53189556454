package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The orchestrator against the fake DSM services and fabric8's mock Kubernetes API server in CRUD
 * mode (it stores what is created and answers reads, lists by label and deletes like an API
 * server). Each "instance" is a separate core with its own Kubernetes client, as two pods would be.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesSchedulesLifecycleTest {
  private static final String NAMESPACE = "dsm";
  private static final String TARGET = "http://orchestrate.dsm.svc.cluster.local/";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private FakeDsmServer dsm;
  private final List<AutoCloseable> opened = new java.util.ArrayList<>();

  @BeforeEach
  void startDsm() {
    dsm = FakeDsmServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    dsm.close();
    client.batch().v1().cronjobs().inNamespace(NAMESPACE).delete();
  }

  private KubernetesDailyScrumSchedules schedules() {
    var schedules =
        new KubernetesDailyScrumSchedules(
            server.createClient(),
            new KubernetesDailyScrumSchedules.Settings(
                NAMESPACE, TARGET, KubernetesDailyScrumSchedules.Settings.DEFAULT_IMAGE, "UTC"));
    opened.add(schedules);
    return schedules;
  }

  /** One application instance: its own DSM client, scheduler client and core. */
  private CoreAssembly instance() {
    var core =
        CoreAssembly.over(
            new HttpDsmClient(dsm.config(Duration.ofSeconds(5)), schedules()).ports());
    opened.add(core);
    return core;
  }

  private static OrchestrationResponse orchestrate(CoreAssembly core, String project) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project),
            OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
            OrchestrationOptions.DEFAULTS),
        CoreAssembly.http("k8s-" + System.nanoTime()));
  }

  private static CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName(name).get();
  }

  @Test
  void aNewSprintGetsARealCronJobThatASecondInstanceSeesAndClosingDeletes() throws Exception {
    OrchestrationResponse first = orchestrate(instance(), EmbeddedDataset.TEST);

    String sprintId = first.sprintId();
    String name = ScheduleNames.dailyScrum(EmbeddedDataset.TEST, sprintId);
    assertThat(first.decisions().cronjobCreated()).isTrue();
    assertThat(first.cronjobName()).isEqualTo(name);
    assertThat(first.actionsTaken()).contains("Created cronjob " + name);

    CronJob job = cronJob(name);
    assertThat(job).as("CronJob %s in the API server", name).isNotNull();
    assertThat(job.getSpec().getSchedule()).isEqualTo(OrchestrationOptions.DEFAULTS.schedule());
    assertThat(job.getSpec().getTimeZone()).isEqualTo("UTC");
    assertThat(job.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("project", EmbeddedDataset.TEST)
        .containsEntry("sprint", sprintId)
        .containsEntry("app.kubernetes.io/managed-by", "dsm-orchestrator");
    assertThat(job.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(4);
    Container container =
        job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand())
        .containsExactly("sh", "-c", KubernetesDailyScrumSchedules.JOB_SCRIPT, "daily-scrum");
    assertThat(job.getSpec().getJobTemplate().getSpec().getPodFailurePolicy().getRules().get(0))
        .satisfies(
            rule -> {
              assertThat(rule.getAction()).isEqualTo("FailJob");
              assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("daily-scrum");
              assertThat(rule.getOnExitCodes().getValues())
                  .containsExactly(KubernetesDailyScrumSchedules.REFUSED_EXIT_CODE);
            });
    List<String> args = container.getArgs();
    assertThat(args.get(args.size() - 1)).isEqualTo(TARGET);
    JsonNode event = Json.mapper().readTree(args.get(args.indexOf("--data") + 1));
    assertThat(event.path("type").asText()).isEqualTo("org.dsm.orchestrator.daily-scrum");
    assertThat(event.path("id").asText()).isEqualTo("$(JOB_NAME)");
    assertThat(event.path("data").path("project_id").asText()).isEqualTo(EmbeddedDataset.TEST);
    assertThat(event.path("data").path("sprint_id").asText()).isEqualTo(sprintId);
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("JOB_NAME");
              assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.labels['job-name']");
            });

    assertRestrictedPodSecurity(job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());

    // a second instance (fresh process: nothing in memory) finds the CronJob: nothing to recreate
    OrchestrationResponse second = orchestrate(instance(), EmbeddedDataset.TEST);
    assertThat(second.decisions().reasoning())
        .contains("existing CronJob")
        .doesNotContain("Recreating");
    assertThat(second.decisions().cronjobCreated()).isFalse();
    assertThat(second.actionsTaken()).isEmpty();
    assertThat(schedules().list(EmbeddedDataset.TEST))
        .containsExactly(
            new DailyScrumSchedule(
                name, EmbeddedDataset.TEST, sprintId, OrchestrationOptions.DEFAULTS.schedule()));
  }

  @Test
  void closingASprintDeletesItsCronJob() {
    String sprintId = activeSprint(EmbeddedDataset.CLOSE);
    String name = ScheduleNames.dailyScrum(EmbeddedDataset.CLOSE, sprintId);
    // created by an earlier orchestration (the demo's seeded schedule lives in the embedded data)
    schedules().put(new DailyScrumSchedule(name, EmbeddedDataset.CLOSE, sprintId, "0 14 * * 1-5"));
    assertThat(cronJob(name)).isNotNull();

    OrchestrationResponse closed = orchestrate(instance(), EmbeddedDataset.CLOSE);

    assertThat(closed.decisions().sprintClosureTriggered()).isTrue();
    assertThat(closed.decisions().cronjobDeleted()).isTrue();
    assertThat(closed.actionsTaken())
        .contains("Closed sprint " + sprintId, "Deleted cronjob " + name);
    assertThat(cronJob(name)).isNull();
  }

  @Test
  void closingWithoutACronJobDeletesNothing() {
    String sprintId = activeSprint(EmbeddedDataset.CLOSE);

    OrchestrationResponse closed = orchestrate(instance(), EmbeddedDataset.CLOSE);

    assertThat(closed.decisions().sprintClosureTriggered()).isTrue();
    assertThat(closed.decisions().cronjobDeleted()).isFalse();
    assertThat(closed.actionsTaken())
        .contains("Closed sprint " + sprintId)
        .noneMatch(action -> action.startsWith("Deleted cronjob"));
  }

  @Test
  void aRunningSprintWithoutItsCronJobGetsItBack() {
    String sprintId = activeSprint(EmbeddedDataset.STEADY);
    String name = ScheduleNames.dailyScrum(EmbeddedDataset.STEADY, sprintId);

    OrchestrationResponse healed = orchestrate(instance(), EmbeddedDataset.STEADY);

    assertThat(healed.decisions().reasoning()).contains("Recreating");
    assertThat(cronJob(name)).isNotNull();
    assertThat(orchestrate(instance(), EmbeddedDataset.STEADY).decisions().reasoning())
        .doesNotContain("Recreating");
  }

  @Test
  void schedulesOfAnotherProjectAreNeitherSeenNorDeleted() {
    var schedules = schedules();
    schedules.put(new DailyScrumSchedule("run-dailyscrum-a-a-s01", "A", "A-S01", "0 9 * * *"));

    assertThat(schedules.exists("B", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.delete("B", "run-dailyscrum-a-a-s01")).isFalse();
    assertThat(schedules.list("B")).isEmpty();
    assertThat(schedules.exists("A", "run-dailyscrum-a-a-s01")).isTrue();
    assertThat(schedules.delete("A", "run-dailyscrum-a-a-s01")).isTrue();
    assertThat(schedules.delete("A", "run-dailyscrum-a-a-s01")).isFalse();
  }

  @Test
  void putReplacesTheScheduleOfAnExistingCronJob() {
    var schedules = schedules();
    schedules.put(new DailyScrumSchedule("run-dailyscrum-a-a-s01", "A", "A-S01", "0 9 * * *"));
    schedules.put(new DailyScrumSchedule("run-dailyscrum-a-a-s01", "A", "A-S01", "30 8 * * 1-5"));

    assertThat(cronJob("run-dailyscrum-a-a-s01").getSpec().getSchedule()).isEqualTo("30 8 * * 1-5");
    assertThat(schedules.list("A")).hasSize(1);
  }

  @Test
  void idsThatAreNoLabelValuesStillListByProject() {
    var schedules = schedules();
    String project = "_" + "P".repeat(63);
    schedules.put(
        new DailyScrumSchedule("run-dailyscrum-x", project, project + "-S01", "0 9 * * *"));

    assertThat(KubernetesDailyScrumSchedules.labelValue(project))
        .hasSizeLessThanOrEqualTo(63)
        .matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    assertThat(schedules.list(project))
        .extracting(DailyScrumSchedule::sprintId)
        .containsExactly(project + "-S01");
  }

  @Test
  void anUnreachableApiServerIsAnOutageOfTheScheduler() {
    var down =
        KubernetesDailyScrumSchedules.connect(
            NAMESPACE, TARGET, "curl", "UTC", Duration.ofMillis(500));
    opened.add(down);
    // no cluster configured here: the client talks to a port nobody listens on
    var unreachable =
        new KubernetesDailyScrumSchedules(
            new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestTimeout(500)
                        .withConnectionTimeout(500)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build(),
            down.settings());
    opened.add(unreachable);

    assertThatThrownBy(() -> unreachable.exists("A", "run-dailyscrum-a-a-s01"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("kubernetes unavailable");
    // put and delete make up to three calls (the last a read-back of one that went unanswered),
    // each bounded by the connection and request timeouts
    assertThat(unreachable.worstCaseMs()).isEqualTo(3 * (500 + 500));
    assertThat(down.worstCaseMs()).isEqualTo(3 * (500 + 500));
  }

  /**
   * The Job's pod must start under a namespace enforcing Pod Security "restricted", and the kubelet
   * must be able to prove it non-root: with runAsNonRoot it refuses an image whose user is a name
   * (curlimages/curl says "curl_user") unless runAsUser gives a numeric, non-zero uid.
   */
  private static void assertRestrictedPodSecurity(PodSpec pod) {
    for (Container c : pod.getContainers()) {
      SecurityContext sc = c.getSecurityContext();
      assertThat(sc).as(c.getName()).isNotNull();
      boolean nonRoot =
          Boolean.TRUE.equals(sc.getRunAsNonRoot())
              || pod.getSecurityContext() != null
                  && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
      Long uid =
          sc.getRunAsUser() != null
              ? sc.getRunAsUser()
              : pod.getSecurityContext() == null ? null : pod.getSecurityContext().getRunAsUser();
      assertThat(nonRoot).as("runAsNonRoot").isTrue();
      // the kubelet's rule: runAsNonRoot needs a uid it can check without the image's /etc/passwd
      assertThat(uid).as("numeric runAsUser with runAsNonRoot").isNotNull().isPositive();
      assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
      String seccomp =
          sc.getSeccompProfile() != null
              ? sc.getSeccompProfile().getType()
              : pod.getSecurityContext() == null
                      || pod.getSecurityContext().getSeccompProfile() == null
                  ? null
                  : pod.getSecurityContext().getSeccompProfile().getType();
      assertThat(seccomp).isEqualTo("RuntimeDefault");
      assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }
    assertThat(pod.getAutomountServiceAccountToken()).as("no API token in the Job").isFalse();
  }

  private String activeSprint(String project) {
    return dsm.data()
        .load(ProjectId.of(project), java.time.LocalDate.now(), java.time.LocalDate.now())
        .activeSprint()
        .orElseThrow()
        .sprintId();
  }
}
