package org.dsm.orchestrator.core.monitor;

@FunctionalInterface
public interface ThrowingSupplier<T> {
  T get() throws Exception;
}
