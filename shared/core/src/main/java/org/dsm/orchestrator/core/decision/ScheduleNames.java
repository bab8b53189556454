package org.dsm.orchestrator.core.decision;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.text.Sha256;

/** Daily-scrum schedule names: valid DNS-1123 labels of at most 52 characters. */
public final class ScheduleNames {
  public static final int MAX_LENGTH = 52;
  public static final String PREFIX = "run-dailyscrum-";

  /**
   * A DNS-1123 label: lower-case alphanumerics and '-', starting and ending with an alphanumeric.
   */
  public static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final int HASH_CHARS = 8;
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9-]");

  /** What {@link #isSchedulableSprintId} requires, as the daily-scrum event's refusal says it. */
  public static final String SPRINT_ID_RULE =
      "sprint_id must be 1 to 64 letters, digits, '-' or '_'";

  private static final int MAX_SPRINT_ID = 64;

  private ScheduleNames() {}

  /**
   * Whether a scheduled daily scrum can carry this sprint id: its event refuses any other, so a
   * schedule for such a sprint would fail on every run.
   */
  public static boolean isSchedulableSprintId(String sprintId) {
    if (sprintId == null || sprintId.isEmpty() || sprintId.length() > MAX_SPRINT_ID) {
      return false;
    }
    for (int i = 0; i < sprintId.length(); i++) {
      char c = sprintId.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * "run-dailyscrum-{project}-{sprint}", lower-cased, sanitised, shortened with a stable hash
   * suffix if too long. The usual ids (TEST-001, TEST-001-S03) give the original's names unchanged.
   * When characters had to be replaced (e.g. '_') or the name was cut, an 8-hex-digit hash of the
   * raw ids is appended so distinct ids keep distinct names; ids differing only in letter case
   * share a name, as they did in the original.
   */
  public static String dailyScrum(String projectId, String sprintId) {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(sprintId, "sprintId");
    String raw = (PREFIX + projectId + "-" + sprintId).toLowerCase(Locale.ROOT);
    if (isShortLabel(raw)) {
      return raw; // the usual ids: no regex work on every orchestration
    }
    String clean = NOT_ALLOWED.matcher(raw).replaceAll("-");
    if (clean.equals(raw)
        && clean.length() <= MAX_LENGTH
        && DNS_1123_LABEL.matcher(clean).matches()) {
      return clean;
    }
    String hash = hash(projectId + "\u0000" + sprintId);
    String head = clean.substring(0, Math.min(clean.length(), MAX_LENGTH - HASH_CHARS - 1));
    return trimDashes(head) + "-" + hash;
  }

  /** The same test as {@link #DNS_1123_LABEL} plus the length limit, without a regex. */
  static boolean isShortLabel(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (c != '-' || i == 0 || i == length - 1)) {
        return false;
      }
    }
    return true;
  }

  private static String trimDashes(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(0, end);
  }

  private static String hash(String text) {
    return Sha256.hex(text).substring(0, HASH_CHARS);
  }
}
