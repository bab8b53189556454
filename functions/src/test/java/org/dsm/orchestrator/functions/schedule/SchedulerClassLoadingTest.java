package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.junit.jupiter.api.Test;

/**
 * The scheduler adapters' libraries load only when that scheduler is configured: a fresh JVM starts
 * the app through FunctionInvoker and serves one orchestration, with {@code -verbose:class} listing
 * every class it loads. (A separate JVM, because this one has loaded both libraries in other
 * tests.)
 */
class SchedulerClassLoadingTest {
  private static final String FABRIC8 = "io.fabric8.";
  private static final String FABRIC8_TEST_ANNOTATIONS =
      "io.fabric8.kubernetes.client.server.mock.";
  private static final String SCHEDULER_SDK = "software.amazon.awssdk.services.scheduler.";

  /** Runs in the child JVM: one orchestration of the happy-path event. */
  public static void main(String[] args) throws Exception {
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LambdaHandler("orchestrate")
        .handleRequest(
            new ByteArrayInputStream(
                Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-dry-run.json"))),
            out,
            null);
    System.out.println("RESPONSE " + out.toString(StandardCharsets.UTF_8).length());
    System.exit(0);
  }

  private static List<String> loadedClasses(String... environment) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xshare:off");
    command.add("-verbose:class");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SchedulerClassLoadingTest.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i < environment.length; i += 2) {
      builder.environment().put(environment[i], environment[i + 1]);
    }
    Process process = builder.start();
    List<String> lines;
    try (var reader = process.inputReader()) {
      lines = reader.lines().toList();
    }
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(lines)
        .as("the child served the orchestration")
        .anyMatch(l -> l.startsWith("RESPONSE "));
    return lines.stream().filter(l -> l.contains("[class,load]")).toList();
  }

  @Test
  void theMemorySchedulerLoadsNeitherFabric8NorTheSchedulerSdk() throws Exception {
    List<String> loaded = loadedClasses("DSM_SCHEDULER", "memory");

    assertThat(loaded).as("classes loaded").hasSizeGreaterThan(1000);
    // the test classes on this class path carry the mock server's annotation; no client class may
    // load
    assertThat(loaded)
        .noneMatch(l -> l.contains(" " + FABRIC8) && !l.contains(" " + FABRIC8_TEST_ANNOTATIONS));
    assertThat(loaded).noneMatch(l -> l.contains(" " + SCHEDULER_SDK));
  }
}
