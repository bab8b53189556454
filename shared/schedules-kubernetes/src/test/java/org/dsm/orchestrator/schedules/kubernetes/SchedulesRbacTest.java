package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.Test;

/**
 * k8s-knative/05-schedules-rbac.yaml against the calls the scheduler really makes: the adapter
 * paths each function uses run against the mock API server, each recorded request becomes its RBAC
 * verb, and the Roles bound to that function's Service's account must allow exactly those on
 * cronjobs: orchestrate uses every path; performanceMetrics only runs dry orchestrations, which
 * only ask whether a CronJob exists. The manifests are read with fabric8's typed model, and a field
 * the model does not know (a typo) fails the test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SchedulesRbacTest {
  private static final Path RBAC = Path.of("..", "..", "k8s-knative", "05-schedules-rbac.yaml");

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final DailyScrumSchedule SCHEDULE =
      new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 9 * * *");

  /** Every adapter path: what orchestrate does (create, replace, read, list, delete). */
  private static void orchestrateCalls(KubernetesDailyScrumSchedules schedules) {
    schedules.put(SCHEDULE);
    schedules.put(SCHEDULE); // replace
    schedules.exists("P", SCHEDULE.name());
    schedules.list("P");
    schedules.delete("P", SCHEDULE.name());
    schedules.delete("P", SCHEDULE.name());
  }

  /**
   * performanceMetrics: the benchmark's dry orchestrations only read whether the sprint's CronJob
   * exists (missing or present), never create, list or delete.
   */
  private static void performanceMetricsCalls(KubernetesDailyScrumSchedules schedules) {
    schedules.exists("P", SCHEDULE.name());
    client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("dsm")
        .resource(schedules.cronJob(SCHEDULE))
        .create();
    while (takeRequest() != null) {
      // the set-up above is not the function's call
    }
    schedules.exists("P", SCHEDULE.name());
  }

  private static RecordedRequest takeRequest() {
    try {
      return server.takeRequest(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static Set<String> verbsUsed(Consumer<KubernetesDailyScrumSchedules> calls)
      throws Exception {
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drop what earlier tests sent
    }
    try (var schedules =
        new KubernetesDailyScrumSchedules(
            server.createClient(),
            new KubernetesDailyScrumSchedules.Settings("dsm", "http://o/", "curl", "UTC"))) {
      calls.accept(schedules);
    }
    Set<String> verbs = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      String path = request.getPath().replaceAll("\\?.*", "");
      assertThat(path)
          .as("only cronjobs in the namespace")
          .startsWith("/apis/batch/v1/namespaces/dsm/cronjobs");
      boolean collection = path.endsWith("/cronjobs");
      verbs.add(
          switch (request.getMethod()) {
            case "GET" -> collection ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> request.getMethod();
          });
    }
    return verbs;
  }

  private static List<HasMetadata> manifests() throws Exception {
    try (InputStream in = Files.newInputStream(RBAC)) {
      return client.load(in).items();
    }
  }

  /** The verbs on batch/cronjobs the Roles bound to {@code account} allow; no other rule. */
  private static Set<String> verbsAllowed(List<HasMetadata> items, String account) {
    Set<String> verbs = new TreeSet<>();
    for (RoleBinding binding : of(items, RoleBinding.class)) {
      boolean toAccount =
          binding.getSubjects().stream()
              .anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account));
      if (!toAccount) {
        continue;
      }
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      Role role =
          of(items, Role.class).stream()
              .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Role " + binding.getRoleRef().getName()));
      for (PolicyRule rule : role.getRules()) {
        assertThat(rule.getApiGroups()).as(role.getMetadata().getName()).containsExactly("batch");
        assertThat(rule.getResources())
            .as(role.getMetadata().getName())
            .containsExactly("cronjobs");
        assertThat(rule.getResourceNames()).isNullOrEmpty();
        verbs.addAll(rule.getVerbs());
      }
    }
    return verbs;
  }

  private static <T> List<T> of(List<HasMetadata> items, Class<T> kind) {
    return items.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** The serviceAccountName of the Knative Service in {@code file} (next to the RBAC file). */
  private static String accountOf(String file) throws Exception {
    try (InputStream in = Files.newInputStream(RBAC.resolveSibling(file))) {
      GenericKubernetesResource service =
          (GenericKubernetesResource) client.load(in).items().get(0);
      Object account = service.get("spec", "template", "spec", "serviceAccountName");
      assertThat(account).as(file + ": spec.template.spec.serviceAccountName").isNotNull();
      return account.toString();
    }
  }

  @Test
  void orchestratesAccountMayDoExactlyWhatTheSchedulerDoes() throws Exception {
    String account = accountOf("10-orchestrate.yaml");

    assertThat(verbsAllowed(manifests(), account))
        .containsExactlyInAnyOrderElementsOf(verbsUsed(SchedulesRbacTest::orchestrateCalls));
  }

  @Test
  void performanceMetricsAccountMayOnlyReadWhatItsDryRunsRead() throws Exception {
    String account = accountOf("20-performance-metrics.yaml");
    Set<String> used = verbsUsed(SchedulesRbacTest::performanceMetricsCalls);
    client.batch().v1().cronjobs().inNamespace("dsm").withName(SCHEDULE.name()).delete();

    assertThat(used).containsExactly("get");
    assertThat(verbsAllowed(manifests(), account)).containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void eachAccountExistsAndTheManifestsAreValid() throws Exception {
    List<HasMetadata> items = manifests();
    items.forEach(SchedulesRbacTest::assertNoUnknownFields);
    List<String> accounts =
        of(items, ServiceAccount.class).stream().map(a -> a.getMetadata().getName()).toList();
    for (String service : List.of("10-orchestrate.yaml", "20-performance-metrics.yaml")) {
      assertThat(accounts).as(service).contains(accountOf(service));
    }
    assertThat(accountOf("10-orchestrate.yaml"))
        .as("each Service its own account")
        .isNotEqualTo(accountOf("20-performance-metrics.yaml"));
  }

  /** fabric8 keeps fields its model does not know in additionalProperties: none may be there. */
  private static void assertNoUnknownFields(Object node) {
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      try {
        Object value = getter.invoke(node);
        if (getter.getName().equals("getAdditionalProperties")) {
          assertThat((Map<?, ?>) value)
              .as("unknown fields in %s", node.getClass().getSimpleName())
              .isNullOrEmpty();
        } else if (value instanceof List<?> list) {
          list.forEach(SchedulesRbacTest::assertNoUnknownFields);
        } else if (value instanceof KubernetesResource) {
          assertNoUnknownFields(value);
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }
}
