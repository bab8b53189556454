package org.dsm.orchestrator.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The documents name the replay header the code really sends, and no other. */
class ReplayHeaderDocsTest {
  private static final Pattern REPLAY_HEADER = Pattern.compile("Idempot[a-z]*-Replayed");

  @ParameterizedTest
  @ValueSource(strings = {"docs/FAILURE_MODEL.md", "README.md", "functions/API.md"})
  void documentsNameTheHeaderTheCodeSends(String document) throws IOException {
    String text = Files.readString(repositoryRoot().resolve(document));
    List<String> named = REPLAY_HEADER.matcher(text).results().map(m -> m.group()).toList();
    if (document.equals("docs/FAILURE_MODEL.md")) {
      assertThat(named).isNotEmpty();
    }
    assertThat(named).allMatch(IdempotencyGuard.REPLAYED_HEADER::equals);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/FAILURE_MODEL.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above the module").isNotNull();
    return dir;
  }
}
