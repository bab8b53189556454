package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aThreadIsCountedUnderTheNameItHadWhenLastSeenNotTheOneItStartedWith(@TempDir Path proc)
      throws Exception {
    // A new thread runs under its parent's name ("java") until the JVM names it; a poll may see
    // it in between, as one did on CI. Ticks are 10 ms.
    stat(proc.resolve("task/100"), "java", 10);
    stat(proc.resolve("task/101"), "java", 0);
    ThreadCpu watch = ThreadCpu.unpolled(proc);
    watch.readTasks();
    stat(proc.resolve("task/101"), "cpu burner 7", 30);
    watch.readTasks();
    Files.delete(proc.resolve("task/101/stat"));
    Files.delete(proc.resolve("task/101"));
    stat(proc, "java", 45); // the process: its own 10, the ended thread's 30, 5 no poll saw

    assertThat(watch.summary()).isEqualTo("cpu=450 cpu_burner_=300 java=100 (ended)=50");
  }

  /** A /proc stat line: "pid (comm) state" then fields 4..15, utime+stime = {@code ticks}. */
  private static void stat(Path dir, String comm, long ticks) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("stat"), "1 (" + comm + ") S 0 0 0 0 0 0 0 0 0 0 " + ticks + " 0 0 0 20\n");
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
