package org.dsm.orchestrator.functions.support;

import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;

/**
 * TEMPORARY while the engines and monitors branches are being merged: rows that need option validation (cron)
 * or the monitors are skipped, not failed, until the core implements them.
 */
public final class CoreAvailability {
  private CoreAvailability() {}

  public static boolean optionsValidate() {
    try {
      return OrchestrationOptions.DEFAULTS != null;
    } catch (Throwable e) { // ExceptionInInitializerError / NoClassDefFoundError from the stubbed cron check
      return false;
    }
  }

  public static boolean monitors() {
    try {
      new PerformanceMonitor(MonotonicClock.SYSTEM).startInvocation();
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }
}
