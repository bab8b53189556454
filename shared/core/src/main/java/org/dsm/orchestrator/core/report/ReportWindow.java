package org.dsm.orchestrator.core.report;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * Parses the {@code ?window=} query parameter: "90s", "15m", "1h", "24h", "7d"; 1 minute .. 30
 * days.
 */
public final class ReportWindow {
  public static final Duration MIN = Duration.ofMinutes(1);
  public static final Duration MAX = Duration.ofDays(30);
  // 7 digits: 30 days in seconds (2592000) is a valid window; MAX bounds the value itself
  private static final Pattern FORM = Pattern.compile("([0-9]{1,7})([smhd])");

  private ReportWindow() {}

  /**
   * @throws InvalidRequestException naming the accepted forms; null or blank means the default (1
   *     h)
   */
  public static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return PerformanceReportService.DEFAULT_WINDOW;
    }
    Matcher m = FORM.matcher(value.trim());
    if (!m.matches()) {
      throw invalid();
    }
    long amount = Long.parseLong(m.group(1));
    Duration window =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (window.compareTo(MIN) < 0 || window.compareTo(MAX) > 0) {
      throw invalid();
    }
    return window;
  }

  /** The canonical text of a window, e.g. PT1H → "1h", for echoing it in the report. */
  public static String format(Duration window) {
    long seconds = window.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static InvalidRequestException invalid() {
    // the caller's value is not echoed: it may be arbitrarily long or hostile
    return new InvalidRequestException(
        "window must be a number followed by s, m, h or d (e.g. 15m, 1h, 24h, 7d), between 1m and 30d");
  }
}
