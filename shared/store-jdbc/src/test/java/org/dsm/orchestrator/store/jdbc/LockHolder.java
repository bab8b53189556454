package org.dsm.orchestrator.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Another session holding locks in a {@link ScratchSchema}, as a long migration or a stuck
 * maintenance session would: its transaction stays open until {@link #release()}, and is rolled
 * back and closed after each test in any case (which also frees a store call the code under test
 * failed to bound). Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension final LockHolder locks = new LockHolder(schema);
 * }</pre>
 */
final class LockHolder implements AfterEachCallback {
  private final ScratchSchema schema;
  private Connection holder;

  LockHolder(ScratchSchema schema) {
    this.schema = schema;
  }

  /** Takes the table's ACCESS EXCLUSIVE lock: no one else reads or writes it. */
  void lockTable(String table) throws SQLException {
    hold("LOCK TABLE " + schema.table(table) + " IN ACCESS EXCLUSIVE MODE");
  }

  /** Runs {@code sql} (e.g. a {@code SELECT ... FOR UPDATE}) and keeps the locks it took. */
  void hold(String sql) throws SQLException {
    if (holder == null) {
      holder = ScratchSchema.connect();
      holder.setAutoCommit(false);
    }
    try (Statement statement = holder.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Ends the transaction: every lock it held is gone. */
  void release() throws SQLException {
    holder.rollback();
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    if (holder != null) {
      try {
        holder.rollback();
      } finally {
        holder.close();
        holder = null;
      }
    }
  }
}
