package org.dsm.orchestrator.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.JacksonException;

/**
 * The orchestration body (a real dry-run response of TEST-001, 5 KB) to UTF-8 bytes: {@code
 * STREAMED} as the API writes it ({@code Json.writeBytes}, the response's own writer), {@code
 * MAPPED} through Jackson's per-property serialisers. Run as deployed, e.g. {@code
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar shared/benchmarks/target/benchmarks.jar
 * ResponseJsonBenchmark -jvmArgs -XX:TieredStopAtLevel=1 -f 1 -wi 3 -i 5 -w 1s -r 2s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ResponseJsonBenchmark {
  @Param({"STREAMED", "MAPPED"})
  public String writer;

  private OrchestrationResponse response;

  @Setup(Level.Trial)
  public void respond() {
    try (BenchCore core = new BenchCore(BenchCore.Monitor.ON)) {
      response = core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context());
    }
  }

  @Benchmark
  public byte[] write() throws JacksonException {
    return writer.equals("STREAMED")
        ? Json.writeBytes(response)
        : Json.mapper().writeValueAsBytes(response);
  }
}
