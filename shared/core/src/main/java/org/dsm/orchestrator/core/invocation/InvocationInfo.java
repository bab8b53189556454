package org.dsm.orchestrator.core.invocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * This invocation alone: id, platform, cold start, and each component's duration. The total runs
 * from the platform handler's entry when the edge times it ({@link InvocationContext#totalMs});
 * {@code init_duration_ms} is the instance's init phase, on the cold invocation only.
 */
public record InvocationInfo(
    String invocationId,
    String function,
    String platform,
    String trigger,
    boolean coldStart,
    @JsonProperty("total_duration_ms") double totalDurationMs,
    List<org.dsm.orchestrator.core.monitor.ComponentTiming> components,
    @JsonProperty("init_duration_ms") Double initDurationMs) {

  /** Without an init figure (warm invocations). */
  public InvocationInfo(
      String invocationId,
      String function,
      String platform,
      String trigger,
      boolean coldStart,
      double totalDurationMs,
      List<org.dsm.orchestrator.core.monitor.ComponentTiming> components) {
    this(invocationId, function, platform, trigger, coldStart, totalDurationMs, components, null);
  }

  /** The block for {@code context}, whose use case itself took {@code useCaseMs}. */
  public static InvocationInfo of(
      InvocationContext context,
      String function,
      double useCaseMs,
      List<org.dsm.orchestrator.core.monitor.ComponentTiming> components) {
    return new InvocationInfo(
        context.invocationId(),
        function,
        context.platform(),
        context.trigger(),
        context.coldStart(),
        context.totalMs(useCaseMs),
        components,
        context.initDurationMs());
  }
}
