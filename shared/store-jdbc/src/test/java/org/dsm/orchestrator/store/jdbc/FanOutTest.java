package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.http.HttpDsmConfig;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cost of a dead dependency across instances: {@value #INSTANCES} independent client stacks
 * (each its own HTTP client and circuit breakers, as separate Lambda instances or pods have) start
 * one after another and each serves {@value #REQUESTS} requests against DSM services that accept
 * connections and never answer. Counted: the requests that reach the hung server, without shared
 * hints and with the PostgreSQL-backed {@link JdbcCircuitHints}.
 */
class FanOutTest {
  static final int INSTANCES = 6;
  static final int REQUESTS = 8;

  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("fanout_test");

  private static HikariDataSource pool;

  @BeforeAll
  static void migrate() {
    pool =
        JdbcConnection.openMigratedPool(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            4,
            "fanout-test");
  }

  @AfterAll
  static void closePool() {
    pool.close(); // before the schema is dropped
  }

  /** Accepts every request and never answers; counts what arrives. */
  static final class HungServer implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    HungServer() throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(threads);
      server.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
          });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  /** Requests that reached the hung services while the fleet served its requests. */
  static int callsReachingTheDeadService(CircuitHints hints, long staggerMs) throws Exception {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM circuit_hint"); // each run starts with no marks
    }
    try (HungServer hung = new HungServer()) {
      String url = hung.url().toString();
      HttpDsmConfig config =
          HttpDsmConfig.of(url, url, url, url, Duration.ofMillis(150))
              .withBreaker(new BreakerConfig(50, 10, Duration.ofMillis(60_000)));
      ExecutorService fleet = Executors.newFixedThreadPool(INSTANCES);
      List<Future<?>> instances = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        long startDelayMs = staggerMs * i; // the platform adds instances one after another
        instances.add(
            fleet.submit(
                () -> {
                  Thread.sleep(startDelayMs);
                  HttpDsmClient instance =
                      new HttpDsmClient(config, new InMemoryDailyScrumSchedules(), hints);
                  for (int r = 0; r < REQUESTS; r++) {
                    LocalDate today = LocalDate.now();
                    assertThatThrownBy(
                            () ->
                                instance
                                    .ports()
                                    .state()
                                    .load(ProjectId.of("TEST-001"), today, today.plusWeeks(2)))
                        .isInstanceOf(DependencyUnavailableException.class);
                  }
                  return null;
                }));
      }
      for (Future<?> instance : instances) {
        instance.get(120, TimeUnit.SECONDS);
      }
      fleet.shutdown();
      return hung.requests.get();
    }
  }

  @Test
  void sharedOpenCircuitsCutTheCallsAFleetMakesToADeadService() throws Exception {
    // instances joining one after another (scale-out, recycled sandboxes): what a fresh one pays
    int alone = callsReachingTheDeadService(CircuitHints.NONE, 1_500);
    int shared = callsReachingTheDeadService(new JdbcCircuitHints(pool), 1_500);
    // a burst: all instances start together, before any breaker has opened
    int burstAlone = callsReachingTheDeadService(CircuitHints.NONE, 0);
    int burstShared = callsReachingTheDeadService(new JdbcCircuitHints(pool), 0);
    System.out.printf(
        "fan-out: %d instances x %d requests against hung DSM services (timeout 150 ms, breaker"
            + " window 10): calls that reached them, instances joining 1.5 s apart: %d without"
            + " shared hints, %d with; all starting at once: %d without, %d with%n",
        INSTANCES, REQUESTS, alone, shared, burstAlone, burstShared);

    // the first instance pays what its breakers need to open; the later ones hardly anything
    assertThat(shared).isLessThan(alone / 2);
    assertThat(new JdbcCircuitHints(pool).openUntil("project-service", Instant.now()))
        .isAfter(Instant.now().plus(Duration.ofSeconds(30))); // the mark the first breaker left
  }
}
