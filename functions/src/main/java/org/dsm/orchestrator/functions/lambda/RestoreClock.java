package org.dsm.orchestrator.functions.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.dsm.orchestrator.functions.config.Platform;

/**
 * Times the restore phase of a SnapStart instance: from the first of our restore hooks ({@link
 * SnapshotConnections}, registered before the Spring context's own) to the last hook of all, which
 * is registered once the handler is ready. The figure becomes the next cold invocation's {@code
 * init_duration_ms}.
 */
final class RestoreClock {
  private static volatile long restoreStartNanos;

  /** Registered last, so restored after everything else (hooks run in registration order). */
  private static final Resource READY =
      new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {}

        @Override
        public void afterRestore(Context<? extends Resource> context) {
          long start = restoreStartNanos;
          if (start != 0L) {
            Platform.markReady((System.nanoTime() - start) / 1e6);
          }
        }
      };

  private static volatile boolean registered;

  private RestoreClock() {}

  static void restoreStarted() {
    restoreStartNanos = System.nanoTime();
  }

  /** Called when the handler is ready; registers the hook that ends the restore phase. */
  static synchronized void handlerReady() {
    if (!registered) {
      Core.getGlobalContext().register(READY);
      registered = true;
    }
  }
}
