package org.dsm.orchestrator.core.history;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;

/**
 * Reads a project's Chronicle history as four independent calls on the executor it is given: in
 * parallel on a pool for the DSM services, in turn on the caller for the embedded data.
 */
public final class HistoryFetcher {
  private final ChronicleAnalytics chronicle;
  private final Executor executor;

  public HistoryFetcher(ChronicleAnalytics chronicle, Executor executor) {
    this.chronicle = chronicle;
    this.executor = executor;
  }

  /** Blocks the calling thread (never a pool thread) until the four calls are done. */
  public ProjectHistory fetch(ProjectId projectId) {
    return join(fetchAsync(projectId));
  }

  /**
   * Starts the four calls on the executor and combines them without blocking any pool thread: a
   * pool task that waited on tasks queued behind it would deadlock the pool once as many requests
   * as threads were in flight.
   */
  public CompletableFuture<ProjectHistory> fetchAsync(ProjectId projectId) {
    var patterns = CompletableFuture.supplyAsync(() -> chronicle.patterns(projectId), executor);
    var velocity = CompletableFuture.supplyAsync(() -> chronicle.velocity(projectId), executor);
    var impediments =
        CompletableFuture.supplyAsync(() -> chronicle.impediments(projectId), executor);
    var historical =
        CompletableFuture.supplyAsync(
            () -> new VersionedProjects(chronicle.historyVersion(), chronicle.historicalProjects()),
            executor);
    return CompletableFuture.allOf(patterns, velocity, impediments, historical)
        .thenApply(
            done ->
                new ProjectHistory(
                    patterns.join(),
                    velocity.join(),
                    impediments.join(),
                    historical.join().projects(),
                    historical.join().version()));
  }

  private record VersionedProjects(long version, List<HistoricalProject> projects) {}

  /** Unwraps the future's failure so callers see the port's own typed exception. */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading Chronicle", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  public static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(cause);
  }
}
