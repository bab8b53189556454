package org.dsm.orchestrator.functions.ric;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sandbox process's CPU time by thread, from /proc, for the cold-start row: under Lambda's CPU
 * share a cold start is bound by all threads' CPU, so the figure says whether a slower start did
 * more work or waited, and which thread did it. A thread that ends before the answer (a
 * pre-initialiser) is no longer listed then, so its time is polled while the process starts;
 * whatever the polls missed shows as "(ended)". A new thread first runs under its parent's name
 * until the JVM names it, so a task is counted under the last name a poll saw. Linux only;
 * elsewhere the summary is "cpu=?".
 */
final class ThreadCpu implements AutoCloseable {
  private static final long TICK_MS = 10; // USER_HZ is 100 on Linux
  private final Path proc;
  private final Map<String, Long> ticksByTask = new ConcurrentHashMap<>();
  private final Map<String, String> nameByTask = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  private ThreadCpu(Path proc, boolean polling) {
    this.proc = proc;
    this.poller = polling ? new Thread(this::poll, "thread-cpu-" + proc.getFileName()) : null;
    if (polling) {
      poller.setDaemon(true);
      poller.start();
    }
  }

  static ThreadCpu watch(long pid) {
    return new ThreadCpu(Path.of("/proc", Long.toString(pid)), true);
  }

  /** Over a /proc/PID-shaped directory, read only when the test calls {@link #readTasks()}. */
  static ThreadCpu unpolled(Path proc) {
    return new ThreadCpu(proc, false);
  }

  /** "cpu=TOTAL name=ms ..." (ms; threads of one name, digits dropped, summed; six largest). */
  String summary() {
    running = false;
    try {
      if (poller != null) {
        poller.join();
      }
      readTasks();
      String[] process = fields(Files.readString(proc.resolve("stat")));
      long total = ticks(process);
      Map<String, Long> byName = new TreeMap<>();
      ticksByTask.forEach((task, t) -> byName.merge(nameByTask.get(task), t, Long::sum));
      long listed = byName.values().stream().mapToLong(Long::longValue).sum();
      if (total > listed) {
        byName.put("(ended)", total - listed);
      }
      StringBuilder out = new StringBuilder("cpu=").append(total * TICK_MS);
      byName.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(6)
          .forEach(
              e -> out.append(' ').append(e.getKey()).append('=').append(e.getValue() * TICK_MS));
      return out.toString();
    } catch (IOException | RuntimeException | InterruptedException unavailable) {
      return "cpu=?";
    }
  }

  @Override
  public void close() {
    running = false;
  }

  private void poll() {
    while (running && Files.isDirectory(proc)) {
      try {
        readTasks();
      } catch (IOException | RuntimeException raced) {
        // a thread ended while the listing was read: the next poll reads the rest
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException stopped) {
        return;
      }
    }
  }

  void readTasks() throws IOException {
    Map<String, Long> seen = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String id = task.getFileName().toString();
        nameByTask.put(id, name(stat));
        seen.put(id, ticks(fields(stat)));
      }
    }
    seen.forEach((id, t) -> ticksByTask.merge(id, t, Math::max));
  }

  private static String name(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        .replaceAll("[0-9]+$", "")
        .replace(' ', '_');
  }

  /** The fields after "pid (comm) ", so index 0 is field 3 (state). */
  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static long ticks(String[] fields) {
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
  }
}
