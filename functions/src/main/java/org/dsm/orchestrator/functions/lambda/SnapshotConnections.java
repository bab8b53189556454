package org.dsm.orchestrator.functions.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.dsm.orchestrator.functions.config.StoreConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing live in a SnapStart snapshot: just before it is taken, the store's pooled connections and
 * client are closed (every restored copy of a captured socket would share it, and its peer has long
 * forgotten it). Connections reopen on first use after the restore; a client that needs no
 * connection to be built (DynamoDB) is built in the restore hook, so its set-up counts as restore.
 * Registered before {@link PrimingHook} (which depends on this bean), so its checkpoint hook runs
 * after priming, the last of ours, and its restore hook first: it also starts the {@link
 * RestoreClock}.
 */
public final class SnapshotConnections implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotConnections.class);

  private final StoreConnection connection;
  private volatile int drains;

  public SnapshotConnections(StoreConnection connection) {
    this.connection = connection;
  }

  /** Registers with the global CRaC context (which holds it weakly: the caller keeps it). */
  public SnapshotConnections register() {
    Core.getGlobalContext().register(this);
    return this;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    connection.drain().drain();
    drains++;
    LOG.info("store connections closed before the snapshot ({} store)", connection.kind());
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    RestoreClock.restoreStarted();
    connection.drain().prepare();
  }

  public int drains() {
    return drains;
  }
}
