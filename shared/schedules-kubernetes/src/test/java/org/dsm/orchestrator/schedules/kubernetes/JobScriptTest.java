package org.dsm.orchestrator.schedules.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Job's container command, run as the pod runs it ({@code sh -c} with curl's arguments, here
 * this machine's sh and curl) against a server answering each class of status: the exit code is
 * what the Job's backoff and podFailurePolicy act on. A 4xx must fail the Job at once (a retry is
 * refused again or replayed), anything else must be retried.
 */
class JobScriptTest {
  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<String> received = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    assumeTrue(
        Files.isExecutable(Path.of("/bin/sh")) && onPath("curl"),
        "needs sh and curl, as the Job's image has");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          received.set(
              exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = ("{\"detail\":\"answered " + status.get() + "\"}").getBytes();
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aServedEventExitsZeroAndPostsTheCloudEvent() throws Exception {
    status.set(200);
    Run run = runJob();
    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(received.get())
        .startsWith("application/cloudevents+json {")
        .contains("\"id\":\"sprint-1-29412840\"")
        .contains("\"sprint_id\":\"S-1\"");
    assertThat(run.stderr()).contains("answered 200"); // the answer's body goes to the pod's log
  }

  @Test
  void aRefusedEventFailsTheJobWithoutARetry() throws Exception {
    for (int code : new int[] {400, 404, 409, 422}) {
      status.set(code);
      Run run = runJob();
      assertThat(run.exit())
          .as("%d: %s", code, run.stderr())
          .isEqualTo(KubernetesDailyScrumSchedules.REFUSED_EXIT_CODE);
      assertThat(run.stderr()).contains("answered " + code);
    }
  }

  @Test
  void aServerErrorOrNoAnswerIsRetriedByTheJob() throws Exception {
    status.set(501); // a 5xx curl does not retry itself, so the test needs no backoff wait
    assertThat(runJob().exit()).isEqualTo(1);
    server.stop(0);
    server = null; // nothing listens: curl gives up (and retries a refused connection first)
    assertThat(runJob().exit()).isEqualTo(1);
  }

  private Run runJob() throws Exception {
    int port = server == null ? freePort() : server.getAddress().getPort();
    KubernetesDailyScrumSchedules schedules =
        new KubernetesDailyScrumSchedules(
            null,
            new KubernetesDailyScrumSchedules.Settings(
                "dsm", "http://127.0.0.1:" + port + "/", "curl", "UTC"));
    DailyScrumSchedule schedule = new DailyScrumSchedule("sprint-1", "P-1", "S-1", "0 14 * * *");
    List<String> command = new ArrayList<>();
    command.addAll(
        schedules
            .cronJob(schedule)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getCommand());
    // Kubernetes expands $(JOB_NAME) in the arguments before the container starts
    schedules.curlArguments(schedule).stream()
        .map(a -> a.replace("$(JOB_NAME)", "sprint-1-29412840"))
        .forEach(command::add);
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), stderr);
  }

  private record Run(int exit, String stderr) {}

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
