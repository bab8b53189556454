package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.fixtures.SuspendableDynalite;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.dsm.orchestrator.store.dynamodb.DynamoDbConnection;
import org.dsm.orchestrator.store.dynamodb.DynamoDbIdempotencyStore;
import org.dsm.orchestrator.store.dynamodb.DynamoDbMetricsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import tools.jackson.databind.node.ObjectNode;

/**
 * DynamoDB hangs once the use case has answered (the test's own dynalite, SIGSTOP'd): the handler
 * still returns the orchestration's answer before the Context's time runs out, where the
 * idempotency save and the record's write (5 s per call, three attempts) would have held it past
 * Lambda's timeout; the record is reported unwritten with its content, and a retry with the same
 * Idempotency-Key runs nothing again.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh installs dynalite")
class HungStoreLambdaTest {
  private static final long CONTEXT_MS = 4_000;

  @Test
  void theAnswerComesBeforeTheDeadlineAndTheRecordIsReportedUnwritten() throws Exception {
    try (SuspendableDynalite dynalite = SuspendableDynalite.start()) {
      String table = "hung-" + UUID.randomUUID();
      LambdaRun run =
          new LambdaRun(
              "orchestrate",
              Map.of(
                  "METRICS_STORE",
                  "dynamodb",
                  "METRICS_TABLE",
                  table,
                  "METRICS_DYNAMODB_ENDPOINT",
                  dynalite.endpoint().toString()));
      ObjectNode event =
          (ObjectNode)
              Json.mapper()
                  .readTree(Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-dry-run.json")));
      ((ObjectNode) event.path("headers")).put("idempotency-key", "hung-" + UUID.randomUUID());
      byte[] bytes = Json.mapper().writeValueAsBytes(event);
      String id = "hung-" + UUID.randomUUID();

      // The Context has time to spare until the claim is stored (the guard reads it before the
      // claim too); at its first reading after that (the use case has answered: the guard's
      // check before the save) DynamoDB hangs, and the Context has CONTEXT_MS left
      AtomicLong endMs = new AtomicLong(Long.MIN_VALUE);
      LambdaRun.Outcome outcome;
      long leftAtReturn;
      try (DynamoDbClient probe = DynamoDbConnection.client("us-east-1", dynalite.endpoint())) {
        outcome =
            run.invoke(
                bytes,
                LambdaRun.context(
                    id,
                    () -> {
                      if (endMs.get() == Long.MIN_VALUE) {
                        if (!claimStored(probe, table)) {
                          return 60_000;
                        }
                        suspend(dynalite);
                        endMs.set(nowMs() + CONTEXT_MS);
                      }
                      return (int) (endMs.get() - nowMs());
                    }));
        leftAtReturn = endMs.get() - nowMs();
      } finally {
        dynalite.resume();
      }

      assertThat(endMs.get()).as("the Context was read").isNotEqualTo(Long.MIN_VALUE);
      assertThat(outcome.status()).isEqualTo(200);
      assertThat(outcome.body().path("dry_run").asBoolean()).isTrue();
      assertThat(leftAtReturn).as("ms the Context had left when the handler returned").isPositive();
      assertThat(outcome.logs())
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("metrics record " + id + " of orchestrate not written")
                      .contains("the record: {")
                      .contains("\"invocation_id\":\"" + id + "\""))
          .anySatisfy(line -> assertThat(line).contains("Idempotency-Key"));

      // once DynamoDB answers again: the first answer replayed if its save landed late, else 409
      LambdaRun.Outcome retry = run.invoke(bytes, "retry-" + UUID.randomUUID());
      if (retry.status() == 200) {
        assertThat(retry.response().path("headers").path("Idempotent-Replayed").asText())
            .isEqualTo("true");
      } else {
        assertThat(retry.status()).isEqualTo(409);
      }
    }
  }

  /** Whether the table (this test's own) holds an idempotency item yet. */
  private static boolean claimStored(DynamoDbClient client, String table) {
    try {
      return client.scan(builder -> builder.tableName(table)).items().stream()
          .anyMatch(
              item ->
                  DynamoDbIdempotencyStore.SK_VALUE.equals(
                      item.getOrDefault(DynamoDbMetricsStore.SK, AttributeValue.fromS("")).s()));
    } catch (ResourceNotFoundException notYet) {
      return false;
    }
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  private static void suspend(SuspendableDynalite dynalite) {
    try {
      dynalite.suspend();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
