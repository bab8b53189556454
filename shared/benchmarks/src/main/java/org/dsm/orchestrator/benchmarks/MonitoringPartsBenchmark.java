package org.dsm.orchestrator.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What each piece of monitoring costs once per orchestration, to attribute the ON/OFF difference of
 * {@link OrchestrationBenchmark}: the resource span (JMX thread CPU and allocation counters), one
 * operation summary (histogram percentiles; the response asks for two), and a whole warm
 * orchestration for scale. Run: {@code java -jar shared/benchmarks/target/benchmarks.jar
 * MonitoringPartsBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MonitoringPartsBenchmark {
  private BenchCore core;

  @Setup(Level.Trial)
  public void assemble() {
    core = new BenchCore(BenchCore.Monitor.ON);
    // fill the histograms with real orchestration timings so summaries walk realistic buckets
    for (int i = 0; i < 5_000; i++) {
      core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    core.close();
  }

  @Benchmark
  public ResourceUsage resourceSpan() {
    return core.resources.begin().end();
  }

  @Benchmark
  public Object operationSummary() {
    return core.monitor.summary(Operations.TOTAL_ORCHESTRATION);
  }

  @Benchmark
  public Invocation invocationWithSixTimedOperations() {
    Invocation invocation = core.monitor.startInvocation();
    for (String op : SIX) {
      invocation.time(op).close();
    }
    return invocation;
  }

  @Benchmark
  public OrchestrationResponse orchestrateDryRun() {
    return core.orchestration.orchestrate(BenchCore.DRY_RUN, BenchCore.context());
  }

  static final String[] SIX = {
    Operations.TOTAL_ORCHESTRATION,
    Operations.PROJECT_STATE_FETCH,
    Operations.CHRONICLE_FETCH,
    Operations.RULE_DECISION,
    Operations.DATA_QUALITY_CHECK,
    "pattern_cache_lookup"
  };
}
