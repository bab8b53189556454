package org.dsm.orchestrator.functions.hardening;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * N clients for T seconds, each alternating a dry-run orchestration (patterns on or off) and a
 * metrics GET. Latencies go into a fixed-size reservoir per client (nothing unbounded), statuses
 * and malformed bodies are counted; any transport error is kept with its message.
 */
final class LoadRun {
  private static final int SAMPLES_PER_CLIENT = 20_000;
  private static final java.util.concurrent.atomic.AtomicBoolean DUMPED =
      new java.util.concurrent.atomic.AtomicBoolean();

  record Result(
      long requests,
      Map<Integer, Long> statuses,
      long malformed,
      List<String> errors,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double seconds) {
    long count5xx() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() >= 500)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    String summary(int clients) {
      return String.format(
          "load: %d clients x %.1f s: %d requests (%.0f/s), statuses %s, malformed %d, "
              + "transport errors %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          clients,
          seconds,
          requests,
          requests / seconds,
          statuses,
          malformed,
          errors.size(),
          p50Ms,
          p99Ms,
          maxMs);
    }
  }

  /**
   * Runs until the deadline; {@code projects} are taken round-robin, {@code idPrefix} marks the
   * request ids.
   */
  static Result run(int port, int clients, long seconds, List<String> projects, String idPrefix)
      throws Exception {
    LoopbackClient client = new LoopbackClient(port);
    Map<Integer, Long> statuses = new ConcurrentHashMap<>();
    AtomicLong malformed = new AtomicLong();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<double[]>> futures = new ArrayList<>();
    long[] window = new long[2];
    for (int c = 0; c < clients; c++) {
      int clientNo = c;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                double[] samples = new double[SAMPLES_PER_CLIENT];
                int n = 0;
                long deadline = window[1];
                for (long i = 0; System.nanoTime() < deadline; i++) {
                  String project = projects.get((int) ((clientNo + i) % projects.size()));
                  String id = idPrefix + "-" + clientNo + "-" + i;
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        switch ((int) (i % 3)) {
                          case 0 ->
                              client.orchestrate(project, LoopbackClient.DRY_RUN_PATTERNS_ON, id);
                          case 1 ->
                              client.orchestrate(project, LoopbackClient.DRY_RUN_PATTERNS_OFF, id);
                          default -> client.metrics(project, id);
                        };
                    double ms = (System.nanoTime() - t0) / 1e6;
                    samples[n % SAMPLES_PER_CLIENT] = ms;
                    n++;
                    statuses.merge(response.statusCode(), 1L, Long::sum);
                    if (!wellFormed(response)) {
                      malformed.incrementAndGet();
                    }
                  } catch (Exception e) {
                    if (errors.size() < 50) {
                      errors.add(id + ": " + e);
                    }
                    if (DUMPED.compareAndSet(false, true)) {
                      ThreadDumps.print(id + ": " + e);
                    }
                  }
                }
                return Arrays.copyOf(samples, Math.min(n, SAMPLES_PER_CLIENT));
              }));
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + seconds * 1_000_000_000L;
    start.countDown();
    List<double[]> all = new ArrayList<>();
    for (Future<double[]> f : futures) {
      all.add(f.get());
    }
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    pool.shutdown();
    double[] merged = all.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    long requests = statuses.values().stream().mapToLong(Long::longValue).sum();
    return new Result(
        requests,
        Map.copyOf(statuses),
        malformed.get(),
        List.copyOf(errors),
        percentile(merged, 0.50),
        percentile(merged, 0.99),
        merged.length == 0 ? 0 : merged[merged.length - 1],
        elapsed);
  }

  /** A JSON object; a 200 carries its invocation block, anything else a detail. */
  static boolean wellFormed(HttpResponse<String> response) {
    try {
      JsonNode body = Json.mapper().readTree(response.body());
      if (body == null || !body.isObject()) {
        return false;
      }
      return response.statusCode() == 200
          ? body.path("invocation").path("invocation_id").isTextual()
          : body.path("detail").isTextual();
    } catch (Exception e) {
      return false;
    }
  }

  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  /** Resident set size of a process in kB from /proc (Linux); -1 where it cannot be read. */
  static long rssKb(long pid) {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  private LoadRun() {}
}
