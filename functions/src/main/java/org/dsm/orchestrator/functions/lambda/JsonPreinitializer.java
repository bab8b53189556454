package org.dsm.orchestrator.functions.lambda;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;

/**
 * Loads and initialises the core's JSON mapping (Jackson 2: some 600 classes the Spring context
 * itself never needs) on a daemon thread while the context starts on the main one, as Spring Boot's
 * own BackgroundPreinitializer does for its pieces, and only where it does (more than one
 * processor). The first event then finds it ready; nothing is skipped if the thread is late.
 */
final class JsonPreinitializer {
  private JsonPreinitializer() {}

  static void start() {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                Json.mapper().readTree("{\"body\":\"{}\",\"n\":[1,2.5,true,null]}");
                Json.write(Map.of("at", Instant.EPOCH, "list", List.of(1.5, "x")));
              } catch (Exception | LinkageError e) {
                // the first event initialises it instead
              }
            },
            "json-preinit");
    thread.setDaemon(true);
    thread.start();
  }
}
