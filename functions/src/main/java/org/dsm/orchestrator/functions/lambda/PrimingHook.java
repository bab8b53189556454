package org.dsm.orchestrator.functions.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.dsm.orchestrator.functions.config.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart (CRaC) checkpoint hooks. Lambda calls {@link #beforeCheckpoint} once, at the end of the
 * INIT phase of a published version, and {@link #afterRestore} in each instance restored from that
 * snapshot; a plain JVM never calls them.
 *
 * <p>Before the snapshot: one {@link Priming} pass, so the snapshot holds loaded, linked and
 * C1-compiled request code instead of a bare Spring context. Priming opens no connections
 * (throw-away stores, no DSM call with HTTP data); the real stores' pools are left as they are:
 * Hikari validates an idle connection before lending it and the AWS SDK retries a dead pooled
 * connection, so a connection captured in the snapshot is replaced, not used.
 *
 * <p>After restore: the cold-start flag is set again, so the first restored invocation is recorded
 * as cold. Invocation ids need no re-seeding: they come from {@code UUID.randomUUID()}, whose
 * SecureRandom on Linux (NativePRNG) mixes fresh bytes from /dev/urandom into every output, so two
 * instances restored from one snapshot do not draw the same ids (Lambda's Java runtimes re-seed
 * SecureRandom on restore as well). Nothing else captured is instance-specific: no instance id is
 * cached (the platform name is configuration) and the OSHI sampler reads the live process.
 */
public final class PrimingHook implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(PrimingHook.class);

  private final Priming priming;
  private volatile Priming.Result lastPriming;
  private volatile int restores;

  public PrimingHook(Priming priming) {
    this.priming = priming;
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
    restores++;
    LOG.info("restored from snapshot: next invocation is recorded as a cold start");
  }

  /**
   * One priming pass; a failure is logged, never thrown (a colder snapshot beats a failed
   * deployment).
   */
  public Priming.Result prime() {
    try {
      Priming.Result result = priming.run();
      lastPriming = result;
      LOG.info(
          "primed before snapshot: orchestrate {}, report {}, {} ms",
          result.orchestrateStatus(),
          result.reportStatus(),
          String.format("%.1f", result.durationMs()));
      return result;
    } catch (RuntimeException e) {
      LOG.warn("priming failed; the snapshot is taken unprimed: {}", e.toString());
      return null;
    }
  }

  /** The last priming pass, or null before the first (or after a failed one). */
  public Priming.Result lastPriming() {
    return lastPriming;
  }

  public Priming priming() {
    return priming;
  }

  public int restores() {
    return restores;
  }
}
