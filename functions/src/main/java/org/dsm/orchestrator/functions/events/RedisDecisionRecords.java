package org.dsm.orchestrator.functions.events;

import java.time.Duration;
import java.util.Map;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DecisionRecords;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * The orchestration event stream: each decision record is appended to a Redis stream as {@code XADD
 * <stream> MAXLEN ~ <maxLength> * data <JSON>} (the same payload as the Chronicle note), for the
 * rest of the DSM to read, trimmed to about {@code maxLength} entries. Connections are pooled and
 * made on first use; connect and socket timeouts bound each append. No connection, or an error
 * answer from Redis → {@link DependencyUnavailableException} naming the stream: nothing was
 * appended. A failure once the XADD was sent (no answer within the timeout, the connection broke) →
 * {@link ActionOutcomeUnknownException}: Redis may have appended the entry all the same.
 *
 * <p>The stream is bounded: each XADD carries {@code MAXLEN ~ maxLength}, so Redis drops the oldest
 * entries as new ones come. The {@code ~} lets Redis remove only whole macro-nodes (a node holds up
 * to {@code stream-node-max-entries}, default 100, and {@code stream-node-max-bytes}, default 4
 * KB), which is cheap; the stream then holds at least {@code maxLength} entries and fewer than
 * {@code maxLength + stream-node-max-entries}. An exact trim would split a node on every append.
 */
public final class RedisDecisionRecords implements DecisionRecords, AutoCloseable {
  public static final String DEFAULT_STREAM = "orchestration_events";
  public static final int DEFAULT_PORT = 6379;

  /** About 10 MB of decision records (an entry is about 1 KB): weeks of daily orchestrations. */
  public static final int DEFAULT_MAX_LENGTH = 10_000;

  private static final CommandObjects COMMANDS = new CommandObjects(RedisProtocol.RESP2);

  private final RedisClient client;
  private final String stream;
  private final String name;
  private final Duration timeout;
  private final XAddParams append;

  /**
   * @param maxLength the length the stream is trimmed to, approximately (see the class comment)
   */
  public RedisDecisionRecords(
      String host, int port, String stream, long maxLength, Duration timeout) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.client =
        RedisClient.builder()
            .hostAndPort(host, port)
            .clientConfig(
                DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(millis)
                    .socketTimeoutMillis(millis)
                    .clientName("dsm-orchestrator")
                    .build())
            .build();
    this.stream = stream;
    this.name = "redis-stream " + stream;
    this.timeout = timeout;
    this.append =
        XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY).maxLen(maxLength).approximateTrimming();
  }

  @Override
  public String name() {
    return name;
  }

  /** One XADD: a connection (when the pool has none) and the answer, each within the timeout. */
  @Override
  public long worstCaseMs() {
    return 2 * timeout.toMillis();
  }

  @Override
  public void record(DecisionRecord record) {
    Connection connection;
    try {
      connection = client.getPool().getResource();
    } catch (JedisException e) {
      throw new DependencyUnavailableException(name, String.valueOf(e.getMessage()), e);
    }
    try (connection) { // a broken connection goes back to the pool as broken and is dropped
      connection.executeCommand(
          COMMANDS.xadd(stream, append, Map.of("data", Json.write(record.payload()))));
    } catch (JedisDataException refused) { // Redis answered with an error: nothing was appended
      throw new DependencyUnavailableException(name, String.valueOf(refused.getMessage()), refused);
    } catch (JedisException e) {
      throw new ActionOutcomeUnknownException(
          name,
          name
              + ": the append was sent but no answer came ("
              + e.getMessage()
              + "; timeout "
              + timeout.toMillis()
              + " ms); it may have been written",
          e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
