package org.dsm.orchestrator.benchmarks;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm orchestration in-process: dry run of TEST-001 on the embedded data, pattern recognition on
 * (warm, so the pattern cache answers), with monitoring as shipped ({@code ON}) and switched off
 * ({@code OFF}, see {@link BenchCore.Monitor}). Sample mode gives the mean and the p99 from one
 * run. Run: {@code java -jar shared/benchmarks/target/benchmarks.jar OrchestrationBenchmark -f 1
 * -wi 3 -i 5 -w 2s -r 5s}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class OrchestrationBenchmark {
  @Param({"ON", "OFF"})
  public BenchCore.Monitor monitoring;

  private BenchCore core;

  @Setup(Level.Trial)
  public void assemble() {
    core = new BenchCore(monitoring);
  }

  @TearDown(Level.Trial)
  public void close() {
    core.close();
  }

  @Benchmark
  public OrchestrationResponse orchestrateDryRun() {
    return core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context());
  }
}
