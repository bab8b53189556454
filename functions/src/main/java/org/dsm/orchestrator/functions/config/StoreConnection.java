package org.dsm.orchestrator.functions.config;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import org.dsm.orchestrator.store.dynamodb.DynamoDbMetricsStore;
import org.dsm.orchestrator.store.jdbc.JdbcMetricsStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one connection to the configured store (METRICS_STORE), shared by the metrics and the
 * idempotency store: one DynamoDB client, or one migrated PostgreSQL pool — not one per store, so
 * start-up runs one migration and one client set-up. {@code dynamo} and {@code jdbc} are null
 * unless that store was chosen.
 */
public record StoreConnection(
    String kind, String table, DynamoDbClient dynamo, HikariDataSource jdbc)
    implements AutoCloseable {
  public static final String MEMORY = "memory";
  public static final String DYNAMODB = "dynamodb";
  public static final String JDBC = "jdbc";
  static final String JDBC_SCHEMA = "orchestrator_metrics";

  static StoreConnection open(Settings s) {
    String kind =
        s.choice(
            EnvironmentVariables.METRICS_STORE, MEMORY, java.util.Set.of(MEMORY, DYNAMODB, JDBC));
    return switch (kind) {
      case DYNAMODB -> {
        String endpoint = s.text(EnvironmentVariables.METRICS_DYNAMODB_ENDPOINT, null);
        yield new StoreConnection(
            kind,
            s.text(EnvironmentVariables.METRICS_TABLE, "dsm-orchestrator-metrics"),
            DynamoDbMetricsStore.client(
                s.text(EnvironmentVariables.AWS_REGION, "us-east-1"),
                endpoint == null ? null : URI.create(endpoint)),
            null);
      }
      case JDBC -> new StoreConnection(kind, null, null, jdbcPool(s));
      default -> new StoreConnection(kind, null, null, null);
    };
  }

  /**
   * The PostgreSQL pool. With METRICS_JDBC_PASSWORD_SECRET_ARN the password (and optionally the
   * user) comes from Secrets Manager at start and again whenever the database refuses it (a
   * rotation); otherwise from METRICS_JDBC_PASSWORD (the Kubernetes Secret on Knative).
   */
  private static HikariDataSource jdbcPool(Settings s) {
    String url = required(s, EnvironmentVariables.METRICS_JDBC_URL);
    String user = s.text(EnvironmentVariables.METRICS_JDBC_USER, null);
    String secretArn = s.text(EnvironmentVariables.METRICS_JDBC_PASSWORD_SECRET_ARN, null);
    if (secretArn == null) {
      return JdbcMetricsStore.openMigratedPool(
          url,
          user,
          s.text(EnvironmentVariables.METRICS_JDBC_PASSWORD, null),
          JDBC_SCHEMA,
          6,
          "orchestrator-store");
    }
    if (s.text(EnvironmentVariables.METRICS_JDBC_PASSWORD, null) != null) {
      throw new IllegalStateException(
          "set either "
              + EnvironmentVariables.METRICS_JDBC_PASSWORD
              + " or "
              + EnvironmentVariables.METRICS_JDBC_PASSWORD_SECRET_ARN
              + ", not both");
    }
    SecretsManagerCredentials credentials =
        SecretsManagerCredentials.create(
            s.text(EnvironmentVariables.AWS_REGION, "us-east-1"), secretArn);
    try {
      return JdbcMetricsStore.openMigratedPool(
          url, user, credentials, JDBC_SCHEMA, 6, "orchestrator-store");
    } catch (RuntimeException e) {
      credentials.close();
      throw e;
    }
  }

  /**
   * Whether the store is a local DynamoDB emulator (tables are created there; on AWS the template
   * owns them).
   */
  static boolean emulated(Settings s) {
    return s.text(EnvironmentVariables.METRICS_DYNAMODB_ENDPOINT, null) != null;
  }

  private static String required(Settings s, String name) {
    String value = s.text(name, null);
    if (value == null) {
      throw new IllegalStateException(
          name + " is required when " + EnvironmentVariables.METRICS_STORE + "=jdbc");
    }
    return value;
  }

  @Override
  public void close() {
    if (dynamo != null) {
      dynamo.close();
    }
    if (jdbc != null) {
      jdbc.close();
    }
  }
}
