package org.dsm.orchestrator.functions.ric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold start, warm latency and memory of the orchestrate function under the runtime client, beside
 * the floor (a handler answering a constant) run the same way, on each installed JDK, interleaved
 * round by round so both see the same machine load. Not part of the normal build: run with {@code
 * scripts/bench/ric-cold-start.sh} (ric.bench=true). Rows go to target/ric-logs/bench.tsv.
 */
@EnabledIfSystemProperty(named = "ric.bench", matches = "true")
class RicColdStartBench {
  private static final int WARM_CALLS = 40;

  @Test
  void coldWarmAndMemoryPerJdk() throws Exception {
    int rounds = Integer.getInteger("ric.bench.rounds", 3);
    List<Path> jdks = jdks();
    Path out = RicSandbox.moduleTarget().resolve("ric-logs").resolve("bench.tsv");
    Files.createDirectories(out.getParent());
    List<String> rows = new ArrayList<>();
    rows.add(
        "round\tjdk\tcode\tstart_to_answer_ms\tevent_to_answer_ms\tinit_ms\ttotal_ms\twarm_p50_ms\trss_mb");
    String event = RicFunctionRun.event("orchestrate-dry-run.json");
    for (int round = 1; round <= rounds; round++) {
      for (Path jdk : jdks) {
        for (String code : List.of("jar", "floor")) {
          RicSandbox.Builder builder =
              RicSandbox.builder(SamFunction.ORCHESTRATE)
                  .javaHome(jdk)
                  .name("bench-" + jdk.getFileName() + "-" + code);
          if (code.equals("floor")) {
            RicSandbox.Code floor = RicSandbox.floor();
            builder.code(floor.taskRoot(), floor.handler());
          }
          RicSandbox.Started started = builder.start(event);
          try (RicSandbox box = started.sandbox()) {
            Outcome cold = RuntimeApiEmulator.await(started.first(), box.timeout());
            double startToAnswer = (cold.answeredNanos() - box.spawnNanos()) / 1e6;
            String init = "";
            String total = "";
            if (code.equals("jar")) {
              var invocation = cold.bodyJson().path("invocation");
              init = invocation.path("init_duration_ms").asText();
              total = invocation.path("total_duration_ms").asText();
            }
            double[] warm = new double[WARM_CALLS];
            for (int i = 0; i < WARM_CALLS; i++) {
              warm[i] = box.invoke(event).roundTripMs();
            }
            Arrays.sort(warm);
            String row =
                String.join(
                    "\t",
                    Integer.toString(round),
                    jdk.getFileName().toString(),
                    code,
                    String.format("%.1f", startToAnswer),
                    String.format("%.1f", cold.roundTripMs()),
                    init,
                    total,
                    String.format("%.2f", warm[WARM_CALLS / 2]),
                    String.format("%.1f", rssMb(box.pid())));
            rows.add(row);
            System.out.println(row);
          }
        }
      }
    }
    Files.write(out, rows);
  }

  /** ric.bench.jdks (comma-separated homes), else every JDK under /usr/lib/jvm. */
  private static List<Path> jdks() throws Exception {
    String chosen = System.getProperty("ric.bench.jdks", "");
    if (!chosen.isBlank()) {
      return Arrays.stream(chosen.split(",")).map(Path::of).toList();
    }
    Map<Integer, Path> byVersion = new LinkedHashMap<>();
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      homes
          .filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
          .filter(h -> !Files.isSymbolicLink(h))
          .sorted()
          .forEach(h -> byVersion.putIfAbsent(RicSandbox.majorVersion(h), h));
    }
    byVersion.remove(-1);
    return List.copyOf(byVersion.values());
  }

  private static double rssMb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return -1;
  }
}
