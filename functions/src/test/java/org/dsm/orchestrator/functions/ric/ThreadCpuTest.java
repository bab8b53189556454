package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ThreadCpuTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void aThreadThatEndedBeforeTheSummaryIsStillCountedUnderItsName() throws Exception {
    ThreadCpu watch = ThreadCpu.watch(ProcessHandle.current().pid());
    Thread burner = new Thread(() -> burn(300_000_000L), "cpu burner 7");
    burner.start();
    burner.join();
    String summary = watch.summary();

    // "cpu burner 7" is listed with digits dropped and spaces as underscores, at ~300 ms
    Matcher burned = Pattern.compile("cpu_burner_=(\\d+)").matcher(summary);
    assertThat(burned.find()).as(summary).isTrue();
    assertThat(Long.parseLong(burned.group(1))).isBetween(200L, 2_000L);
    Matcher total = Pattern.compile("^cpu=(\\d+)").matcher(summary);
    assertThat(total.find()).as(summary).isTrue();
    assertThat(Long.parseLong(total.group(1)))
        .isGreaterThanOrEqualTo(Long.parseLong(burned.group(1)));
  }

  /** Spins until this thread has used {@code nanos} of CPU. */
  private static void burn(long nanos) {
    long start = THREADS.getCurrentThreadCpuTime();
    long x = 0;
    while (THREADS.getCurrentThreadCpuTime() - start < nanos) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.print("");
    }
  }
}
