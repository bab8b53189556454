package org.dsm.orchestrator.schedules.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dsm.orchestrator.core.domain.CronSchedule;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * Translates a standard 5-field cron expression (minute hour day-of-month month day-of-week, as the
 * Kubernetes CronJob controller reads it) into EventBridge Scheduler's 6-field {@code cron(minutes
 * hours day-of-month month day-of-week year)}. The differences:
 *
 * <ul>
 *   <li>Exactly one of day-of-month and day-of-week must be {@code ?}. Standard cron with both
 *       restricted means "either day matches"; EventBridge cannot say that, so it is rejected.
 *   <li>Day-of-week numbers run 1-7 from Sunday (standard: 0-6 from Sunday); day names are written
 *       as those numbers.
 *   <li>A step over a whole field ({@code *}/n) is written from the field's first value (0/n, 1/n);
 *       a step over a range (a-b/n) becomes the explicit list of its values. Day-of-week allows no
 *       {@code /} at all, so any step there becomes its list ({@code *}/2 → 1,3,5,7).
 *   <li>No {@code @daily}-style macros.
 * </ul>
 *
 * Anything that cannot be translated is an {@link InvalidRequestException} (400) naming the field
 * {@code schedule}, so it is refused before any schedule is created.
 */
public final class EventBridgeCron {
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

  private EventBridgeCron() {}

  /** "0 14 * * 1-5" → "cron(0 14 ? * 2-6 *)". */
  public static String translate(String cron) {
    CronSchedule.validate(cron);
    String trimmed = cron.trim();
    if (trimmed.startsWith("@")) {
      throw invalid(
          "'"
              + trimmed
              + "' is a macro, which EventBridge Scheduler does not support; write the 5 fields");
    }
    String[] f = trimmed.split("\\s+");
    String minutes = steps(f[0], 0, 59, List.of());
    String hours = steps(f[1], 0, 23, List.of());
    String month = steps(f[3].toUpperCase(Locale.ROOT), 1, 12, MONTHS);
    boolean anyDom = f[2].equals("*") || f[2].equals("?");
    boolean anyDow = f[4].equals("*") || f[4].equals("?");
    String dom;
    String dow;
    if (anyDow) {
      dom = anyDom ? "*" : steps(f[2], 1, 31, List.of());
      dow = "?";
    } else if (anyDom) {
      dom = "?";
      dow = dayOfWeek(f[4]);
    } else {
      throw invalid(
          "restricts both day-of-month ('"
              + f[2]
              + "') and day-of-week ('"
              + f[4]
              + "'); EventBridge Scheduler allows only one of them, so leave the other '*'");
    }
    return "cron(" + String.join(" ", minutes, hours, dom, month, dow, "*") + ")";
  }

  /** Whole-field steps from the field's first value; range steps as explicit lists. */
  private static String steps(String field, int min, int max, List<String> names) {
    List<String> items = new ArrayList<>();
    for (String item : field.split(",")) {
      int slash = item.indexOf('/');
      if (slash < 0) {
        items.add(item);
        continue;
      }
      String range = item.substring(0, slash);
      int step = Integer.parseInt(item.substring(slash + 1));
      if (range.equals("*")) {
        items.add(min + "/" + step);
      } else if (range.indexOf('-') < 0) {
        items.add(value(range, names, min) + "/" + step); // a/n: from a to the end, as in cron
      } else {
        int from = value(range.substring(0, range.indexOf('-')), names, min);
        int to = value(range.substring(range.indexOf('-') + 1), names, min);
        for (int v = from; v <= Math.min(to, max); v += step) {
          items.add(String.valueOf(v));
        }
      }
    }
    return String.join(",", items);
  }

  /**
   * Standard 0-6 (Sunday = 0) or SUN-SAT to EventBridge 1-7 (Sunday = 1). EventBridge's day-of-week
   * takes no {@code /} (its wildcards are {@code , - * ? L #}), so every step, {@code *}/n
   * included, becomes the list of its days.
   */
  private static String dayOfWeek(String field) {
    List<String> items = new ArrayList<>();
    for (String item : field.toUpperCase(Locale.ROOT).split(",")) {
      int slash = item.indexOf('/');
      String range = slash < 0 ? item : item.substring(0, slash);
      Integer step = slash < 0 ? null : Integer.parseInt(item.substring(slash + 1));
      if (range.equals("*") && step == null) {
        items.add("*");
        continue;
      }
      int dash = range.indexOf('-');
      int from = range.equals("*") ? 0 : day(dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? (step == null ? from : 6) : day(range.substring(dash + 1));
      if (step != null) {
        for (int v = from; v <= to; v += step) {
          items.add(String.valueOf(v + 1));
        }
      } else if (dash < 0) {
        items.add(String.valueOf(from + 1));
      } else {
        items.add((from + 1) + "-" + (to + 1));
      }
    }
    return String.join(",", items);
  }

  private static int value(String text, List<String> names, int first) {
    int named = names.indexOf(text);
    return named >= 0 ? named + first : Integer.parseInt(text);
  }

  private static int day(String text) {
    int named = DAYS.indexOf(text);
    return named >= 0 ? named : Integer.parseInt(text);
  }

  private static InvalidRequestException invalid(String why) {
    return new InvalidRequestException(CronSchedule.FIELD + " " + why);
  }
}
