package org.dsm.orchestrator.functions.config;

import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.monitor.ResourceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.orchestration.DsmPorts;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;

/**
 * TEMPORARY until the data and monitors work is merged: the DSM data sources (embedded/http) and the OSHI resource
 * monitor. Until then every DSM call answers 503 "not available in this build" instead of failing the start.
 */
final class CoreAdapters {
  private CoreAdapters() {}

  static DsmPorts dsmPorts(String source, Settings settings) {
    ProjectStateSource state = (ProjectStateSource) java.lang.reflect.Proxy.newProxyInstance(
        CoreAdapters.class.getClassLoader(), new Class<?>[] {ProjectStateSource.class}, (p, m, a) -> {
          throw new DependencyUnavailableException("DSM data source '" + source + "'", "not available in this build",
              null);
        });
    ChronicleAnalytics chronicle = (ChronicleAnalytics) java.lang.reflect.Proxy.newProxyInstance(
        CoreAdapters.class.getClassLoader(), new Class<?>[] {ChronicleAnalytics.class}, (p, m, a) -> {
          throw new DependencyUnavailableException("Chronicle '" + source + "'", "not available in this build", null);
        });
    ProjectActions actions = (ProjectActions) java.lang.reflect.Proxy.newProxyInstance(
        CoreAdapters.class.getClassLoader(), new Class<?>[] {ProjectActions.class}, (p, m, a) -> {
          throw new DependencyUnavailableException("DSM actions '" + source + "'", "not available in this build",
              null);
        });
    return new DsmPorts(state, chronicle, actions);
  }

  static ResourceMonitor resourceMonitor() {
    ResourceUsage zero = new ResourceUsage(0, 0, 0, 0, 0, 0, 0);
    return new ResourceMonitor() {
      @Override
      public ResourceSpan begin() {
        return () -> zero;
      }

      @Override
      public ResourceUsage processUsage() {
        return zero;
      }
    };
  }
}
