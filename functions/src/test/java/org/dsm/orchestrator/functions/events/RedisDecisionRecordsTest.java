package org.dsm.orchestrator.functions.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;
import tools.jackson.databind.JsonNode;

/** The event stream adapter against the real Redis on 127.0.0.1:6379: XADD, then XRANGE. */
class RedisDecisionRecordsTest {
  static final String HOST = "127.0.0.1";
  static final int PORT = 6379;
  static final long MAX_LENGTH = RedisDecisionRecords.DEFAULT_MAX_LENGTH;

  /**
   * Test streams are named {@code <REDIS_TEST_PREFIX>orchestration_events_test_<uuid>}: the Redis
   * may be shared, and the prefix tells whose keys are whose.
   */
  static String testStream() {
    return System.getenv().getOrDefault("REDIS_TEST_PREFIX", "")
        + "orchestration_events_test_"
        + UUID.randomUUID();
  }

  static boolean redisRunning() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static DecisionRecord record(String invocationId) {
    return new DecisionRecord(
        invocationId,
        "TEST-001",
        "TEST-001-S04",
        LocalDate.of(2026, 12, 6),
        Instant.parse("2026-12-06T10:00:00Z"),
        DecisionRecord.CREATE_NEW_SPRINT,
        "No active sprint found.",
        List.of("Created new sprint TEST-001-S04", "Assigned 12 tasks to sprint"),
        List.of(),
        "run-dailyscrum-test-001-test-001-s04",
        false,
        false,
        3,
        38,
        12,
        null);
  }

  /** The stream's entries, oldest first. */
  static List<StreamEntry> entries(String stream) {
    try (RedisClient redis = RedisClient.create(HOST, PORT)) {
      return redis.xrange(stream, "-", "+");
    }
  }

  static void delete(String stream) {
    try (RedisClient redis = RedisClient.create(HOST, PORT)) {
      redis.del(stream);
    }
  }

  @Test
  @EnabledIf(value = "redisRunning", disabledReason = "no Redis on 127.0.0.1:6379")
  void aRecordIsAppendedToTheStreamAsJsonData() throws IOException {
    String stream = testStream();
    try (var records =
        new RedisDecisionRecords(HOST, PORT, stream, MAX_LENGTH, Duration.ofSeconds(2))) {
      records.record(record("inv-1"));
      records.record(record("inv-2"));

      List<StreamEntry> entries = entries(stream);
      assertThat(entries).hasSize(2);
      assertThat(entries.get(0).getFields()).containsOnlyKeys("data");
      JsonNode first = Json.mapper().readTree(entries.get(0).getFields().get("data"));
      assertThat(first.path("project_id").asText()).isEqualTo("TEST-001");
      assertThat(first.path("sprint_id").asText()).isEqualTo("TEST-001-S04");
      JsonNode details = first.path("orchestration_decision_details");
      assertThat(details.path("decision_type").asText()).isEqualTo("CREATE_NEW_SPRINT");
      assertThat(details.path("invocation_id").asText()).isEqualTo("inv-1");
      assertThat(details.path("actions_taken").get(1).asText())
          .isEqualTo("Assigned 12 tasks to sprint");
      assertThat(first.toString()).doesNotContain("N/A");
      assertThat(
              Json.mapper()
                  .readTree(entries.get(1).getFields().get("data"))
                  .path("orchestration_decision_details")
                  .path("invocation_id")
                  .asText())
          .isEqualTo("inv-2");
      assertThat(records.name()).isEqualTo("redis-stream " + stream);
    } finally {
      delete(stream);
    }
  }

  /**
   * The stream stays bounded: XADD ... MAXLEN ~ N. As Redis documents for {@code ~}, it trims only
   * whole macro-nodes, so the stream never holds fewer than N entries once it had N, and more than
   * N by less than one node ({@code stream-node-max-entries}); the oldest entries are the ones
   * gone.
   */
  @Test
  @EnabledIf(value = "redisRunning", disabledReason = "no Redis on 127.0.0.1:6379")
  void theStreamIsTrimmedToAboutItsMaxLengthInWholeNodes() {
    String stream = testStream();
    int maxLength = 300;
    int appends = 1_000;
    try (RedisClient redis = RedisClient.create(HOST, PORT);
        var records =
            new RedisDecisionRecords(HOST, PORT, stream, maxLength, Duration.ofSeconds(2))) {
      long nodeMaxEntries =
          Long.parseLong(redis.configGet("stream-node-max-entries").get("stream-node-max-entries"));
      long longest = 0;
      for (int i = 0; i < appends; i++) {
        records.record(record("inv-" + i));
        long length = redis.xlen(stream);
        longest = Math.max(longest, length);
        assertThat(length).isLessThan(maxLength + nodeMaxEntries);
        if (i >= maxLength - 1) {
          assertThat(length).isGreaterThanOrEqualTo(maxLength);
        }
      }
      // approximate, as documented: whole nodes go, so at times more than maxLength are kept
      assertThat(longest).isGreaterThan(maxLength);
      List<StreamEntry> kept = entries(stream);
      assertThat(invocationId(kept.get(kept.size() - 1))).isEqualTo("inv-" + (appends - 1));
      int firstKept = Integer.parseInt(invocationId(kept.get(0)).substring("inv-".length()));
      assertThat(firstKept).isEqualTo(appends - kept.size()); // the oldest went, none in between
    } finally {
      delete(stream);
    }
  }

  @Test
  void aMaxLengthBelowOneIsRefused() {
    assertThatThrownBy(
            () -> new RedisDecisionRecords(HOST, PORT, "s", 0, Duration.ofSeconds(1)).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLength must be positive");
  }

  private static String invocationId(StreamEntry entry) {
    try {
      return Json.mapper()
          .readTree(entry.getFields().get("data"))
          .path("orchestration_decision_details")
          .path("invocation_id")
          .asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anUnreachableRedisIsAnUnavailableDependencyNamingTheStream() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (var records =
        new RedisDecisionRecords(
            HOST, closedPort, "orchestration_events", MAX_LENGTH, Duration.ofMillis(500))) {
      assertThatThrownBy(() -> records.record(record("inv-down")))
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageStartingWith("redis-stream orchestration_events unavailable: ");
    }
  }

  /**
   * Redis takes the XADD and its answer arrives after the client's socket timeout (a slow network,
   * a busy server): the entry is on the stream although the client saw a failure. Saying "not
   * written" would be false; the outcome is unknown, and the exception says so.
   */
  @Test
  @EnabledIf(value = "redisRunning", disabledReason = "no Redis on 127.0.0.1:6379")
  void anAnswerThatArrivesAfterTheTimeoutIsAnUnknownOutcomeNotARefusal() throws Exception {
    String stream = testStream();
    try (AnswerHoldingProxy proxy = new AnswerHoldingProxy(HOST, PORT);
        var records =
            new RedisDecisionRecords(
                HOST, proxy.port(), stream, MAX_LENGTH, Duration.ofSeconds(1))) {
      records.record(record("inv-answered")); // connects (CLIENT SETNAME) and appends
      proxy.holdAnswers();

      assertThatThrownBy(() -> records.record(record("inv-late-answer")))
          .isInstanceOf(ActionOutcomeUnknownException.class)
          .hasMessageStartingWith("redis-stream " + stream)
          .hasMessageContaining("may have been written");
      assertThat(entries(stream)).hasSize(2); // Redis did append it
      // the worst case an orchestration checks before sending: a connection and the answer
      assertThat(records.worstCaseMs()).isEqualTo(2 * 1_000);
    } finally {
      delete(stream);
    }
  }

  /** An error answer (here WRONGTYPE: the key is no stream) is a refusal: nothing was appended. */
  @Test
  @EnabledIf(value = "redisRunning", disabledReason = "no Redis on 127.0.0.1:6379")
  void anErrorAnswerIsARefusalNotAnUnknownOutcome() throws IOException {
    String stream = testStream();
    try (RedisClient redis = RedisClient.create(HOST, PORT);
        var records =
            new RedisDecisionRecords(HOST, PORT, stream, MAX_LENGTH, Duration.ofSeconds(2))) {
      redis.set(stream, "not a stream");

      assertThatThrownBy(() -> records.record(record("inv-refused")))
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageContaining("WRONGTYPE");
    } finally {
      delete(stream);
    }
  }

  /**
   * Forwards a client's bytes to Redis at once; once {@link #holdAnswers} is called, Redis's
   * answers are held back until the proxy closes.
   */
  static final class AnswerHoldingProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean hold;

    AnswerHoldingProxy(String host, int port) throws IOException {
      daemon(
          () -> {
            try {
              while (true) {
                Socket client = server.accept();
                Socket redis = new Socket(host, port);
                sockets.add(client);
                sockets.add(redis);
                pump(client, redis, false);
                pump(redis, client, true);
              }
            } catch (IOException closed) {
              // the proxy was closed
            }
          });
    }

    private void pump(Socket from, Socket to, boolean answers) {
      daemon(
          () -> {
            byte[] buffer = new byte[8192];
            try {
              for (int n; (n = from.getInputStream().read(buffer)) > 0; ) {
                if (answers && hold) {
                  release.await(30, TimeUnit.SECONDS);
                }
                to.getOutputStream().write(buffer, 0, n);
              }
            } catch (IOException | InterruptedException closed) {
              // either side went away
            }
          });
    }

    private static void daemon(Runnable body) {
      Thread thread = new Thread(body, "answer-holding-proxy");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    void holdAnswers() {
      hold = true;
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
