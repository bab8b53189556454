package org.dsm.orchestrator.functions.ric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per event run under the runtime client to target/ric-logs/events.tsv: function,
 * init type, event, outcome (status or function error) and round trip.
 */
public final class RicReport {
  private RicReport() {}

  public static synchronized void row(String function, String init, String event, Outcome o) {
    Path file = RicSandbox.moduleTarget().resolve("ric-logs").resolve("events.tsv");
    String line =
        String.join(
                "\t",
                function,
                init,
                event,
                o.error() ? "function error " + o.errorType() : Integer.toString(o.statusCode()),
                String.format("%.1f", o.roundTripMs()))
            + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
