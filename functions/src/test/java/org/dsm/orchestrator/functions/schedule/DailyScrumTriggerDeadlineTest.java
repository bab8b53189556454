package org.dsm.orchestrator.functions.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.InMemoryIdempotencyStore;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.junit.jupiter.api.Test;

/**
 * On Lambda the scheduled daily scrum's dedupe entry is saved inside the handler, as the API's
 * Idempotency-Key answer is: the save must be bounded by the invocation's deadline, or a hung store
 * runs the invocation into its timeout after the scrum already ran.
 */
class DailyScrumTriggerDeadlineTest {
  @Test
  void theDedupeSaveIsGivenTheInvocationsDeadline() throws Exception {
    List<Deadline> saves = new CopyOnWriteArrayList<>();
    IdempotencyStore store = new DeadlineRecordingStore(new InMemoryIdempotencyStore(), saves);
    Clock atTheEvent = Clock.fixed(Instant.parse("2026-12-07T14:00:05Z"), ZoneOffset.UTC);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ProcessResourceMonitor resources = new ProcessResourceMonitor()) {
      Core core =
          Core.builder()
              .ports(EmbeddedDsm.create(atTheEvent).ports())
              .resources(resources)
              .executor(executor)
              .build();
      DailyScrumTrigger trigger =
          new DailyScrumTrigger(
              core.dailyScrum(),
              new DailyScrumEvents(ZoneOffset.UTC, atTheEvent),
              new IdempotencyGuard(store),
              core.metering());
      Deadline deadline = new Deadline(() -> 7_000);
      InvocationContext context =
          new InvocationContext("inv-1", "aws", "schedule", false, null, 0L, null, deadline);

      ApiResponse response =
          trigger.handleStructured(
              Files.readAllBytes(ApiCase.EVENTS.resolve("daily-scrum.json")), context);

      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(saves).containsExactly(deadline);
    } finally {
      executor.shutdownNow();
    }
  }

  /** The in-memory store, noting the deadline each save was given. */
  private record DeadlineRecordingStore(IdempotencyStore delegate, List<Deadline> saves)
      implements IdempotencyStore {
    @Override
    public Claim claim(
        IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil) {
      return delegate.claim(key, fingerprint, owner, now, leaseUntil);
    }

    @Override
    public void complete(
        IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
      complete(key, owner, response, expiresAt, Deadline.NONE);
    }

    @Override
    public void complete(
        IdempotencyKey key,
        String owner,
        StoredResponse response,
        Instant expiresAt,
        Deadline deadline) {
      saves.add(deadline);
      delegate.complete(key, owner, response, expiresAt, deadline);
    }

    @Override
    public void release(IdempotencyKey key, String owner) {
      delegate.release(key, owner);
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }
}
