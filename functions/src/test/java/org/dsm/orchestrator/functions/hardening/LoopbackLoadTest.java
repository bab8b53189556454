package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A bounded load test on loopback against the app in this JVM: a warm-up run, then the measured
 * run. Zero 5xx, zero transport errors, every response well-formed; p50/p99 printed; heap after GC
 * and RSS compared between the end of the warm-up and the end of the run (growth is reported as a
 * ratio, not timed). CI runs 32 clients x 10 s; LOAD_TEST_CLIENTS=200 LOAD_TEST_SECONDS=60 runs the
 * full form.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.tomcat.threads.max=200")
class LoopbackLoadTest {
  private static final List<String> PROJECTS =
      List.of("TEST-001", "STEADY-001", "CLOSE-001", "IDLE-001", "CONFLICT-001", "SELFHEAL-001");

  @LocalServerPort int port;

  @Test
  void mixedLoadHasNo5xxAndWellFormedAnswers() throws Exception {
    int clients = LoadRun.env("LOAD_TEST_CLIENTS", 32);
    int seconds = LoadRun.env("LOAD_TEST_SECONDS", 10);
    long pid = ProcessHandle.current().pid();

    LoadRun.Result warmUp = LoadRun.run(port, clients, Math.max(2, seconds / 5), PROJECTS, "warm");
    long heapBefore = heapAfterGc();
    long rssBefore = LoadRun.rssKb(pid);
    LoadRun.Result result = LoadRun.run(port, clients, seconds, PROJECTS, "load");
    long heapAfter = heapAfterGc();
    long rssAfter = LoadRun.rssKb(pid);

    System.out.println(warmUp.summary(clients) + " (warm-up)");
    System.out.println(result.summary(clients));
    System.out.printf(
        "load: heap after GC %d kB -> %d kB; RSS %d kB -> %d kB%n",
        heapBefore / 1024, heapAfter / 1024, rssBefore, rssAfter);

    assertThat(result.errors()).as("transport errors").isEmpty();
    assertThat(result.count5xx()).as("5xx answers").isZero();
    assertThat(result.malformed()).as("malformed answers").isZero();
    assertThat(result.requests()).isPositive();
    assertThat(result.statuses().keySet()).containsOnly(200);
    // the buffered metrics and caches are bounded: live heap after the run may not double over the
    // warm one
    assertThat(heapAfter)
        .as("heap after GC")
        .isLessThan(Math.max(2 * heapBefore, heapBefore + (64L << 20)));
  }

  private static long heapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
