package org.dsm.orchestrator.core.report;

import java.time.Duration;

/** Parses the {@code ?window=} query parameter: "90s", "15m", "1h", "24h", "7d"; 1 minute .. 30 days. */
public final class ReportWindow {
  private ReportWindow() {}

  /** @throws org.dsm.orchestrator.core.error.InvalidRequestException naming the accepted forms; null/blank = 1 h */
  public static Duration parse(String value) {
    throw new UnsupportedOperationException("TODO");
  }
}
