package org.dsm.orchestrator.functions.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.dsm.orchestrator.core.invocation.RandomIds;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.port.ResourceMonitor;
import org.dsm.orchestrator.functions.config.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart (CRaC) checkpoint hooks. Lambda calls {@link #beforeCheckpoint} once, at the end of the
 * INIT phase of a published version, and {@link #afterRestore} in each instance restored from that
 * snapshot; a plain JVM never calls them.
 *
 * <p>Before the snapshot: one {@link Priming} pass through the Lambda handler the runtime created
 * (or, where there is none, such as an HTTP instance priming at start, through the function beans
 * behind it), so the snapshot holds loaded, linked and compiled request code instead of a bare
 * Spring context. Afterwards the instance's operation stats are cleared and the cold-start flag is
 * put back, so priming leaves no trace; {@link SnapshotConnections} then closes the store
 * connections (its hook runs after this one).
 *
 * <p>After restore: the cold-start flag is set again, so the first restored invocation is recorded
 * as cold (unless it comes long after the restore: {@link LambdaHandler#initWaitedFor}), and {@link
 * RandomIds} draws fresh seeds: ids come from the Lambda request id or from per-thread generators
 * the snapshot captured, which every restored sandbox would otherwise replay (the seeds come from
 * SecureRandom, which Lambda's Java runtimes re-seed on restore), and the resource monitor drops
 * the process figures it sampled during INIT and samples the restored process before the first
 * invocation reports them. Nothing else captured is instance-specific: no instance id is cached.
 */
public final class PrimingHook implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(PrimingHook.class);

  /** The hook created last: a handler's constructor creates its Spring context, hence its hook. */
  private static volatile PrimingHook latest;

  private final Priming priming;
  private final Priming.Entry fallback;
  private volatile LambdaHandler handler;
  private final PerformanceMonitor instanceStats;
  private final ResourceMonitor resources;
  private volatile Priming.Result lastPriming;
  private volatile String lastEntry;
  private volatile int restores;

  /**
   * @param fallback where priming goes when no {@link LambdaHandler} runs in this JVM
   * @param instanceStats the instance's monitor, cleared after priming
   * @param resources the process figures, sampled again after a restore
   */
  public PrimingHook(
      Priming priming,
      Priming.Entry fallback,
      PerformanceMonitor instanceStats,
      ResourceMonitor resources) {
    this.priming = priming;
    this.fallback = fallback;
    this.instanceStats = instanceStats;
    this.resources = resources;
    latest = this;
  }

  /** Called by a handler once its context (and so this hook) exists: priming goes through it. */
  static void attachToLatest(LambdaHandler handler) {
    PrimingHook hook = latest;
    if (hook != null) {
      hook.handler = handler;
    }
  }

  /** The hook of the context created last (tests reach a handler's hook through it). */
  static PrimingHook latest() {
    return latest;
  }

  /**
   * Registers with the global CRaC context; the context keeps a weak reference, so the caller must
   * hold this.
   */
  public PrimingHook register() {
    Core.getGlobalContext().register(this);
    return this;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    Platform.markNextInvocationCold();
    RandomIds.reseed();
    resources.restored();
    restores++;
    LOG.info(
        "restored from snapshot: the next invocation is a cold start with the restore as its init,"
            + " unless it comes over 10 s after the restore");
  }

  /**
   * One priming pass; a failure is logged, never thrown (a colder snapshot beats a failed
   * deployment).
   */
  public Priming.Result prime() {
    boolean cold = Platform.nextInvocationCold();
    LambdaHandler handler = this.handler;
    try {
      Priming.Result result = handler != null ? priming.run(handler::prime) : priming.run(fallback);
      lastPriming = result;
      lastEntry = handler != null ? "lambda-handler" : "function-beans";
      LOG.info(
          "primed through the {}: {} calls, statuses {}, {} ms",
          lastEntry,
          result.calls(),
          result.statuses(),
          String.format("%.1f", result.durationMs()));
      return result;
    } catch (RuntimeException e) {
      LOG.warn("priming failed; the snapshot is taken unprimed: {}", e.toString());
      return null;
    } finally {
      instanceStats.reset();
      Platform.setNextInvocationCold(cold);
    }
  }

  /** The last priming pass, or null before the first (or after a failed one). */
  public Priming.Result lastPriming() {
    return lastPriming;
  }

  /** "lambda-handler" or "function-beans": where the last pass went. */
  public String lastEntry() {
    return lastEntry;
  }

  public int restores() {
    return restores;
  }
}
