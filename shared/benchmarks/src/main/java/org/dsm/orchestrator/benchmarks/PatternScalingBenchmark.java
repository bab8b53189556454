package org.dsm.orchestrator.benchmarks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.history.ProjectFeaturesFactory;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.pattern.PatternAnalysis;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.core.pattern.PatternInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Pattern analysis computed afresh (no cache) for TEST-001 against the embedded history plus N
 * synthetic historical projects, timed through a real monitor as in production. Run: {@code java
 * -jar shared/benchmarks/target/benchmarks.jar PatternScalingBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * -jvmArgs -Xmx2g}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PatternScalingBenchmark {
  @Param({"1000", "10000", "100000", "1000000"})
  public int history;

  /**
   * {@code generated}: the synthetic list computes each project on access (no heap, but the
   * generator's cost is inside the timing); {@code materialised}: the same projects copied into an
   * ArrayList first, as a store or a cache would hand them over (memory traffic instead of
   * generation).
   */
  @Param({"generated", "materialised"})
  public String source;

  private final PerformanceMonitor monitor = new PerformanceMonitor();
  private PatternEngine engine;
  private PatternInput input;

  @Setup(Level.Trial)
  public void prepare() {
    Clock clock = Clock.systemUTC();
    EmbeddedDsm dsm = EmbeddedDsm.create(clock, history);
    ProjectSnapshot snapshot =
        dsm.load(
            BenchCore.PROJECT,
            java.time.LocalDate.now(clock),
            java.time.LocalDate.now(clock).plusWeeks(2));
    engine = new PatternEngine(IntelligenceConfig.DEFAULTS, clock);
    List<HistoricalProject> projects =
        source.equals("materialised")
            ? new ArrayList<>(dsm.historicalProjects())
            : dsm.historicalProjects();
    input =
        new PatternInput(
            BenchCore.PROJECT,
            ProjectFeaturesFactory.of(snapshot),
            projects,
            dsm.historyVersion(),
            dsm.velocity(BenchCore.PROJECT));
  }

  @Benchmark
  public PatternAnalysis analyzeFresh() {
    return engine.analyzeFresh(input, monitor.startInvocation());
  }
}
