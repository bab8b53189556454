package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dsm.orchestrator.store.jdbc.TestPostgres.Probes;
import org.dsm.orchestrator.store.jdbc.TestPostgres.Rung;
import org.junit.jupiter.api.Test;

/** The PostgreSQL ladder picks the first rung that can run, and says in one line when none can. */
class TestPostgresTest {
  private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/none";

  @Test
  void eachRungIsTakenOnlyWhenTheOnesAboveItCannotRun() {
    assertThat(TestPostgres.choose(probes(true, true, null))).isEqualTo(Rung.CONFIGURED_SERVER);
    assertThat(TestPostgres.choose(probes(false, true, null))).isEqualTo(Rung.TESTCONTAINERS);
    assertThat(TestPostgres.choose(probes(false, false, null))).isEqualTo(Rung.EMBEDDED);
  }

  @Test
  void whenNoRungCanRunTheFailureIsOneLineNamingWhatIsMissing() {
    assertThatThrownBy(() -> TestPostgres.choose(probes(false, false, "running as root")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "No PostgreSQL for the tests: nothing answers at "
                + NOWHERE
                + " (set METRICS_JDBC_URL), no Docker engine for Testcontainers, and embedded"
                + " PostgreSQL cannot run here (running as root)")
        .message()
        .doesNotContain("\n");
  }

  /** The real probes: the rung in use is the configured server exactly when that answers. */
  @Test
  void theConfiguredServerIsUsedWhenItAnswers() {
    String url = System.getenv().getOrDefault("METRICS_JDBC_URL", TestPostgres.DEFAULT_URL);
    String user = System.getenv().getOrDefault("METRICS_JDBC_USER", "postgres");
    String password = System.getenv().getOrDefault("METRICS_JDBC_PASSWORD", "");
    boolean configuredAnswers = TestPostgres.answers(url, user, password);

    TestPostgres.Database database = TestPostgres.get();

    assertThat(database.rung() == Rung.CONFIGURED_SERVER).isEqualTo(configuredAnswers);
    assertThat(TestPostgres.answers(database.url(), database.user(), database.password())).isTrue();
    assertThat(TestPostgres.answers(NOWHERE, "postgres", "")).isFalse();
  }

  /**
   * The whole ladder against this machine with an unreachable server configured: which rung runs
   * depends on what the machine offers, and the outcome must match it.
   */
  @Test
  void withAnUnreachableServerTheLadderFallsThroughToWhatThisMachineOffers() {
    Map<String, String> env = Map.of("METRICS_JDBC_URL", NOWHERE);
    String blocker = TestPostgres.embeddedBlocker();
    boolean docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    if (docker || blocker == null) {
      TestPostgres.Database database = TestPostgres.start(env);
      assertThat(database.rung()).isEqualTo(docker ? Rung.TESTCONTAINERS : Rung.EMBEDDED);
      assertThat(TestPostgres.answers(database.url(), database.user(), database.password()))
          .isTrue();
    } else {
      assertThatThrownBy(() -> TestPostgres.start(env))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("No PostgreSQL for the tests: nothing answers at " + NOWHERE)
          .hasMessageEndingWith("(" + blocker + ")");
    }
  }

  private static Probes probes(boolean server, boolean docker, String embeddedBlocker) {
    return new Probes(NOWHERE, () -> server, () -> docker, () -> embeddedBlocker);
  }
}
