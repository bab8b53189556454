package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.functions.support.TestPostgres.PASSWORD;
import static org.dsm.orchestrator.functions.support.TestPostgres.URL;
import static org.dsm.orchestrator.functions.support.TestPostgres.USER;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With an authorizer in front of the functions (API_AUTHORIZER iam, the template's default, or
 * jwt), an HTTP event without a caller is refused with 401 before any use case runs. Priming must
 * therefore carry a caller of the configured kind, or the SnapStart snapshot holds only the
 * refusal; and that synthetic caller must leave nothing in the store (records, idempotency
 * entries), which PostgreSQL is read for here.
 */
class PrimingAuthorizerTest {

  @ParameterizedTest(name = "{0} with API_AUTHORIZER={1}")
  @CsvSource({
    "orchestrate, iam",
    "orchestrate, jwt",
    "performanceMetrics, iam",
    "performanceMetrics, jwt"
  })
  void primingWithAnAuthorizerRunsTheUseCasesNotOnlyTheRefusal(String function, String mode)
      throws Exception {
    new LambdaRun(
        function,
        Map.of(
            "spring.cloud.function.definition", function,
            "API_AUTHORIZER", mode,
            "METRICS_STORE", "jdbc",
            "METRICS_JDBC_URL", URL,
            "METRICS_JDBC_USER", USER,
            "METRICS_JDBC_PASSWORD", PASSWORD));
    PrimingHook hook = PrimingHook.latest();
    long primingRecords = count("metrics_invocation", "invocation_id LIKE 'priming-%'");

    Priming.Result result = hook.prime();

    assertThat(hook.lastEntry()).isEqualTo("lambda-handler");
    assertThat(result.count(200)).as("use cases run: %s", result.statuses()).isPositive();
    assertThat(result.count(400)).as("edge rejections: %s", result.statuses()).isPositive();
    assertThat(result.count(401))
        .as("refused for want of a caller: %s", result.statuses())
        .isZero();
    assertThat(result.count(-1)).as("failed calls: %s", result.statuses()).isZero();
    assertThat(result.count(404)).as("only this function's routes: %s", result.statuses()).isZero();
    assertThat(count("metrics_invocation", "invocation_id LIKE 'priming-%'"))
        .as("priming records in the store")
        .isEqualTo(primingRecords);
    assertThat(count("metrics_invocation", "principal LIKE '%dsm-priming%'")).isZero();
    assertThat(count("idempotency_entry", "principal LIKE '%dsm-priming%'")).isZero();
  }

  private static long count(String table, String where) throws Exception {
    try (Connection db = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement q =
            db.prepareStatement(
                "SELECT count(*) FROM orchestrator_metrics." + table + " WHERE " + where);
        ResultSet row = q.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
