package org.dsm.orchestrator.functions.ric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Lambda rows of BENCHMARKS.md's goals table, under the official runtime client, each paired
 * with its floor in the same run and interleaved round by round: {@code cold} (process start →
 * first answer: our jar, the echo app of scripts/bench under the same client, a plain handler),
 * {@code restore} (SnapStart: restore released → first answer, our jar vs the plain handler) and
 * {@code warm} (round-trip percentiles after {@code ric.goals.warmup} warm-up calls: our jar vs the
 * plain handler, the echo app for reference). Not part of the normal build: {@code
 * scripts/bench/goals.sh lambda-cold|restore|lambda-warm} runs it (ric.goals=MODE[,MODE...]). Rows:
 * stdout lines starting with {@code GOALS} and target/ric-logs/goals-MODE.tsv. With {@code
 * ric.goals.jvm.b} set, a second run of our jar with those JVM flags added ({@code jar-b}) joins
 * every round right after {@code jar}: an A/B of a flag or property in the same machine minutes;
 * with {@code ric.goals.jar.b} (a shaded jar's path), {@code jar-b} runs that build instead: a
 * before/after pair of a change.
 */
@EnabledIfSystemProperty(
    named = "ric.goals",
    matches = "(cold|restore|warm)(,(cold|restore|warm))*")
class RicGoalsBench {
  private static final Duration INIT_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SNAPSHOT_PAUSE = Duration.ofMillis(200);

  @Test
  void goals() throws Exception {
    for (String mode : System.getProperty("ric.goals").split(",")) {
      run(mode);
    }
  }

  private static void run(String mode) throws Exception {
    int rounds = Integer.getInteger("ric.goals.rounds", 3);
    int warmup = Integer.getInteger("ric.goals.warmup", 1000);
    int measured = Integer.getInteger("ric.goals.measured", 1000);
    String event = RicFunctionRun.event("orchestrate-dry-run.json");
    List<String> codes =
        switch (mode) {
          case "cold" -> List.of("jar", "echo", "floor");
          case "restore" -> List.of("jar", "floor");
          default -> List.of("jar", "floor", "echo");
        };
    if (!System.getProperty("ric.goals.jvm.b", "").isBlank()
        || !System.getProperty("ric.goals.jar.b", "").isBlank()) {
      codes = new ArrayList<>(codes);
      codes.add(1, "jar-b");
    }
    List<String> rows = new ArrayList<>();
    // Round 0 runs the plain handler once and is not kept: the first sandbox of this JVM also pays
    // for the emulator's own first requests (its classes loading and being interpreted), which
    // showed as a 40-50 ms outlier on whichever code ran first, always ours.
    for (int round = 0; round <= rounds; round++) {
      for (String code : round == 0 ? List.of("floor") : codes) {
        RicSandbox.Builder builder =
            RicSandbox.builder(SamFunction.ORCHESTRATE).name("goals-" + mode + "-" + code);
        configure(builder, code);
        if (mode.equals("restore")) {
          builder.snapStart(true);
        }
        RicSandbox.Started started = builder.start(event);
        try (RicSandbox box = started.sandbox()) {
          String figures;
          if (mode.equals("cold")) {
            Outcome first;
            String cpu;
            try (ThreadCpu threads = ThreadCpu.watch(box.pid())) {
              first = RuntimeApiEmulator.await(started.first(), box.timeout());
              cpu = threads.summary();
            }
            check(first, box);
            figures = ms((first.answeredNanos() - box.spawnNanos()) / 1e6) + "\t" + cpu;
          } else if (mode.equals("restore")) {
            box.api().awaitCheckpoint(INIT_TIMEOUT);
            snapshotPause(box.pid());
            long restored = box.api().releaseRestore();
            Outcome first = RuntimeApiEmulator.await(started.first(), box.timeout());
            check(first, box);
            figures = ms((first.answeredNanos() - restored) / 1e6) + "\t" + ms(first.roundTripMs());
          } else {
            check(RuntimeApiEmulator.await(started.first(), box.timeout()), box);
            for (int i = 0; i < warmup; i++) {
              box.invoke(event);
            }
            double[] trips = new double[measured];
            for (int i = 0; i < measured; i++) {
              Outcome o = box.invoke(event);
              trips[i] = o.roundTripMs();
            }
            Arrays.sort(trips);
            figures =
                String.format(
                    Locale.ROOT,
                    "%.3f\t%.3f\t%.3f",
                    trips[measured / 2],
                    trips[measured * 9 / 10],
                    trips[measured * 99 / 100]);
          }
          String row = mode + "\t" + round + "\t" + code + "\t" + figures;
          if (round > 0) {
            rows.add(row);
          }
          System.out.println((round > 0 ? "GOALS\t" : "GOALS-WARMUP\t") + row);
        }
      }
    }
    Path out = RicSandbox.moduleTarget().resolve("ric-logs").resolve("goals-" + mode + ".tsv");
    Files.createDirectories(out.getParent());
    Files.write(out, rows);
  }

  private static void configure(RicSandbox.Builder builder, String code) {
    // e.g. -Dric.goals.jvm=-Xlog:class+load:file=/tmp/x.log to see what a measured invocation loads
    String extra = System.getProperty("ric.goals.jvm", "");
    if (code.equals("jar-b")) {
      extra += " " + System.getProperty("ric.goals.jvm.b", "");
    }
    for (String flag : extra.split(" ")) {
      if (!flag.isBlank()) {
        builder.jvmFlag(flag);
      }
    }
    switch (code) {
      case "floor" -> {
        RicSandbox.Code floor = RicSandbox.floor();
        builder.code(floor.taskRoot(), floor.handler());
      }
      case "echo" -> {
        Path jar =
            Path.of(
                System.getProperty(
                    "ric.echo.jar",
                    RicSandbox.projectRoot()
                        .resolve("scripts/bench/echo-app/target/echo-app-1.0.0-aws.jar")
                        .toString()));
        RicSandbox.Code echo =
            RicSandbox.jar(
                jar,
                "echo",
                "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
        builder
            .code(echo.taskRoot(), echo.handler())
            .env("MAIN_CLASS", "bench.echo.EchoApplication")
            .env("SPRING_CLOUD_FUNCTION_DEFINITION", "echo");
      }
      case "jar-b" -> {
        String other = System.getProperty("ric.goals.jar.b", "");
        if (!other
            .isBlank()) { // another build of ours (a before/after pair), the template's handler
          RicSandbox.Code b =
              RicSandbox.jar(
                  Path.of(other),
                  "jar-b",
                  SamFunction.fromTemplate(
                          RicSandbox.projectRoot().resolve("template.yaml"),
                          SamFunction.ORCHESTRATE)
                      .handler());
          builder.code(b.taskRoot(), b.handler());
        }
      }
      default -> {
        // the shaded jar and the template's handler
      }
    }
  }

  private static void check(Outcome outcome, RicSandbox box) {
    if (outcome.error() || outcome.statusCode() != 200) {
      throw new AssertionError("not a 200: " + outcome.summary() + "\n" + box.tail(30));
    }
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /**
   * The snapshot's pause: Lambda restores a snapshot in a new sandbox, whose CPU share starts a
   * fresh period, with every thread (the JIT's compilations too) where the snapshot froze it.
   * Releasing the restore at once instead left the restored code the rest of the CFS period the
   * priming had used up (about 40 ms of waiting in 3 of 5 rounds, ours and the build before alike),
   * and let the compiler threads work on meanwhile. So the process is stopped (SIGSTOP: every
   * thread frozen) for two of the quota's 100 ms periods and continued just before the release.
   */
  private static void snapshotPause(long pid) throws Exception {
    signal("STOP", pid);
    Thread.sleep(SNAPSHOT_PAUSE.toMillis());
    signal("CONT", pid);
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + pid + " failed");
    }
  }
}
