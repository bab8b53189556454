package org.dsm.orchestrator.functions.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.dsm.orchestrator.functions.config.StoreConnection;
import org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * After a SnapStart restore the snapshot may be days old: the JDBC credentials it holds may have
 * been rotated since. When they come from Secrets Manager, this re-reads them and retires the
 * pooled connections (they belong to the snapshot's network state anyway) before the first
 * invocation. A no-op for every other store; plain JVMs never call it.
 */
public final class CredentialsRefreshHook implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialsRefreshHook.class);

  private final StoreConnection connection;

  CredentialsRefreshHook(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {}

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // a pool drained before the snapshot reads the secret when it reopens; an open one refreshes
    if (connection.openJdbcPool() instanceof RotatingCredentialsPool pool) {
      pool.refresh();
      LOG.info("JDBC credentials read again from Secrets Manager after restore");
    }
  }

  /** Registered with CRaC while the Spring context (which holds it strongly) lives. */
  @Configuration(proxyBeanMethods = false)
  public static class Registration {
    @Bean
    public CredentialsRefreshHook credentialsRefreshHook(StoreConnection connection) {
      CredentialsRefreshHook hook = new CredentialsRefreshHook(connection);
      Core.getGlobalContext().register(hook);
      return hook;
    }
  }
}
