package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.Test;

/**
 * k8s-knative/05-schedules-rbac.yaml against the calls the scheduler really makes: every adapter
 * path runs against the mock API server, each recorded request becomes its RBAC verb, and the Role
 * must allow exactly those on cronjobs. The manifests are read with fabric8's typed model, and a
 * field the model does not know (a typo) fails the test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SchedulesRbacTest {
  private static final Path RBAC = Path.of("..", "..", "k8s-knative", "05-schedules-rbac.yaml");

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static Set<String> verbsUsed() throws Exception {
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drop what earlier tests sent
    }
    try (var schedules =
        new KubernetesDailyScrumSchedules(
            server.createClient(),
            new KubernetesDailyScrumSchedules.Settings("dsm", "http://o/", "curl", "UTC"))) {
      var schedule = new DailyScrumSchedule("run-dailyscrum-p-p-s01", "P", "P-S01", "0 9 * * *");
      schedules.put(schedule);
      schedules.put(schedule); // replace
      schedules.exists("P", schedule.name());
      schedules.list("P");
      schedules.delete("P", schedule.name());
      schedules.delete("P", schedule.name());
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

  @Test
  void theRoleAllowsExactlyTheVerbsTheSchedulerUsesOnCronJobsOnly() throws Exception {
    Role role =
        manifests().stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(role.getRules()).hasSize(1);
    PolicyRule rule = role.getRules().get(0);
    assertThat(rule.getApiGroups()).containsExactly("batch");
    assertThat(rule.getResources()).containsExactly("cronjobs");
    assertThat(rule.getResourceNames()).isNullOrEmpty();

    assertThat(rule.getVerbs()).containsExactlyInAnyOrderElementsOf(verbsUsed());
  }

  @Test
  void theBindingGivesTheRoleToTheServicesAccount() throws Exception {
    List<HasMetadata> items = manifests();
    assertThat(items)
        .extracting(HasMetadata::getKind)
        .containsExactly("ServiceAccount", "Role", "RoleBinding");
    items.forEach(SchedulesRbacTest::assertNoUnknownFields);
    ServiceAccount account = (ServiceAccount) items.get(0);
    Role role = (Role) items.get(1);
    RoleBinding binding = (RoleBinding) items.get(2);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            });
    for (String service : List.of("10-orchestrate.yaml", "20-performance-metrics.yaml")) {
      assertThat(Files.readString(RBAC.resolveSibling(service)))
          .as(service)
          .contains("serviceAccountName: " + account.getMetadata().getName());
    }
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
