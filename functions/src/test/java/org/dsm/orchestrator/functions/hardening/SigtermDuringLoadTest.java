package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.http.JsonErrorReportValve;
import org.dsm.orchestrator.store.jdbc.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM mid-load against the app started as its own process (METRICS_STORE=jdbc, PostgreSQL):
 * requests the server accepted finish, and the buffered metrics records are flushed before exit, so
 * the store holds exactly one record per answer (2xx and 4xx) this run received. The run's request
 * ids carry a unique prefix that isolates its rows. Also prints the process's RSS before and after
 * the load.
 */
class SigtermDuringLoadTest {
  private static final TestPostgres.Database DATABASE = TestPostgres.get();
  private static final String URL = DATABASE.url();
  private static final String USER = DATABASE.user();
  private static final String PASSWORD = DATABASE.password();
  private static final int CLIENTS = 8;

  @Test
  void inFlightRequestsFinishAndEveryAnswerIsRecorded() throws Exception {
    Assumptions.assumeTrue(postgresReachable(), "PostgreSQL at " + URL);
    String run = "sigterm-" + UUID.randomUUID().toString().substring(0, 8);
    int port = freePort();
    Path log = Files.createTempFile("sigterm-app", ".log");
    Process app = start(port, log);
    try {
      LoopbackClient client = new LoopbackClient(port);
      awaitHealthy(client, app, log);
      long rssBefore = LoadRun.rssKb(app.pid());

      Map<Integer, Long> statuses = new ConcurrentHashMap<>();
      List<String> afterAnswerFailures = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicLong answered = new AtomicLong();
      // Tomcat's own 400 for a request it could not read while its connector closed: no servlet,
      // no invocation, so no record (JsonErrorReportValve's body); seen once in a few runs
      AtomicLong containerRejects = new AtomicLong();
      CountDownLatch warm = new CountDownLatch(CLIENTS * 20);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int clientNo = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = 0; ; i++) {
                    String id = run + "-" + clientNo + "-" + i;
                    try {
                      HttpResponse<String> response =
                          switch (i % 4) {
                            case 0 ->
                                client.orchestrate(
                                    "TEST-001", LoopbackClient.DRY_RUN_PATTERNS_ON, id);
                            case 1 ->
                                client.orchestrate(
                                    "STEADY-001", LoopbackClient.DRY_RUN_PATTERNS_OFF, id);
                            case 2 ->
                                client.orchestrate(
                                    "UNKNOWN-" + clientNo, LoopbackClient.DRY_RUN_PATTERNS_OFF, id);
                            default -> client.metrics("TEST-001", id);
                          };
                      statuses.merge(response.statusCode(), 1L, Long::sum);
                      answered.incrementAndGet();
                      if (response.statusCode() == 400
                          && response.body().contains(JsonErrorReportValve.detail(400))) {
                        containerRejects.incrementAndGet();
                      }
                      if (!LoadRun.wellFormed(response)) {
                        afterAnswerFailures.add(id + " malformed: " + response.body());
                      }
                      warm.countDown();
                    } catch (Exception e) {
                      return; // the server stopped taking new requests: this client is done
                    }
                  }
                }));
      }
      assertThat(warm.await(120, TimeUnit.SECONDS)).as("load reached the app").isTrue();
      long rssLoaded = LoadRun.rssKb(app.pid());
      app.destroy(); // SIGTERM
      assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("app exits after SIGTERM").isTrue();
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();

      long fiveXx =
          statuses.entrySet().stream()
              .filter(e -> e.getKey() >= 500)
              .mapToLong(Map.Entry::getValue)
              .sum();
      long recorded = recordsOf(run);
      System.out.printf(
          "sigterm: %d answers %s, %d records in PostgreSQL for %s; RSS %d kB idle -> %d kB under "
              + "load; exit %d%n",
          answered.get(), statuses, recorded, run, rssBefore, rssLoaded, app.exitValue());
      assertThat(afterAnswerFailures).isEmpty();
      assertThat(fiveXx).as("5xx during shutdown").isZero();
      assertThat(statuses).containsKeys(200, 404);
      assertThat(containerRejects.get()).as("container rejects").isLessThanOrEqualTo(CLIENTS);
      assertThat(recorded)
          .as("records == the app's answers (%d container rejects)", containerRejects.get())
          .isEqualTo(answered.get() - containerRejects.get());
      assertThat(Files.readString(log)).doesNotContain("Exception in thread");
    } finally {
      if (app.isAlive()) {
        app.destroyForcibly();
      }
    }
  }

  private static Process start(int port, Path log) throws Exception {
    String classpath =
        Optional.ofNullable(System.getProperty("surefire.test.class.path"))
            .orElse(System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, FunctionsApplication.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("PORT", String.valueOf(port));
    env.put("APP_PLATFORM", "knative");
    env.put("METRICS_STORE", "jdbc");
    env.put("METRICS_JDBC_URL", URL);
    env.put("METRICS_JDBC_USER", USER);
    env.put("METRICS_JDBC_PASSWORD", PASSWORD);
    return builder.start();
  }

  private static void awaitHealthy(LoopbackClient client, Process app, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!app.isAlive()) {
        throw new AssertionError("app exited on start:\n" + Files.readString(log));
      }
      try {
        if (client.get("/health").statusCode() == 200) {
          return;
        }
      } catch (Exception e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("app did not become healthy:\n" + Files.readString(log));
  }

  private static long recordsOf(String run) throws Exception {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM orchestrator_metrics.metrics_invocation WHERE invocation_id LIKE ?")) {
      query.setString(1, run + "-%");
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static boolean postgresReachable() {
    try (Connection ignored = DriverManager.getConnection(URL, USER, PASSWORD)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
