package org.dsm.orchestrator.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of the test class's own in the tests' PostgreSQL ({@link TestPostgres}), named with a
 * random suffix so parallel runs never meet, and dropped after the class's last test (after its own
 * {@code @AfterAll} methods, so a pool closed there is closed first). The class creates and
 * migrates it as its test needs (a store's {@code open}, or a pool of its own bounds). Register it
 * on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("locked_test");
 * }</pre>
 */
final class ScratchSchema implements AfterAllCallback {
  private final String name;

  private ScratchSchema(String name) {
    this.name = name;
  }

  /** {@code prefix}, an underscore and 12 random hex digits. */
  static ScratchSchema named(String prefix) {
    return new ScratchSchema(
        prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  String name() {
    return name;
  }

  /** The schema-qualified name of one of its tables. */
  String table(String table) {
    return name + "." + table;
  }

  /** A plain connection of its own (not from any pool), as another client of the database. */
  static Connection connect() throws SQLException {
    TestPostgres.Database database = TestPostgres.get();
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    drop(name);
  }

  static void drop(String schema) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
