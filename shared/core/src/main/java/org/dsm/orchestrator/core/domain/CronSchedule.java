package org.dsm.orchestrator.core.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * Validates a standard 5-field cron expression (minute hour day-of-month month day-of-week).
 * Accepts what the Kubernetes CronJob controller accepts: numbers, {@code *}, ranges {@code a-b},
 * steps {@code x/n}, lists, month and day names (JAN..DEC, SUN..SAT), {@code ?} in the day fields,
 * and the {@code @hourly}-style macros written exactly so (its parser, robfig/cron's ParseStandard,
 * matches a macro case-sensitively on the whole string: "@HOURLY" or " @daily" fail the CronJob's
 * create). {@link #validateDailyScrum} also bounds a daily scrum's schedule to one time of day.
 */
public final class CronSchedule {
  public static final String FIELD = "schedule";
  static final int MAX_LENGTH = 200;

  private static final List<String> MACRO_LIST =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Set<String> MACROS = Set.copyOf(MACRO_LIST);
  private static final List<String> DAILY_MACROS_LIST = MACRO_LIST.subList(0, 6);
  private static final Set<String> DAILY_MACROS = Set.copyOf(DAILY_MACROS_LIST);
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private record Field(
      String name, int min, int max, List<String> names, int firstNameValue, boolean question) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of(), 0, false),
          new Field("hour", 0, 23, List.of(), 0, false),
          new Field("day-of-month", 1, 31, List.of(), 0, true),
          new Field("month", 1, 12, MONTHS, 1, false),
          new Field("day-of-week", 0, 6, DAYS, 0, true));

  private CronSchedule() {}

  /**
   * @throws InvalidRequestException naming the field {@code schedule} and the offending cron field
   */
  public static void validate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw invalid("is required");
    }
    if (expression.length() > MAX_LENGTH) {
      throw invalid("is longer than " + MAX_LENGTH + " characters");
    }
    String trimmed = expression.trim();
    if (trimmed.startsWith("@")) {
      if (!MACROS.contains(expression)) {
        throw invalid(
            "'"
                + expression
                + "' is not a macro the schedulers accept: one of "
                + MACRO_LIST
                + ", in lower case and without spaces around it");
      }
      return;
    }
    String[] parts = trimmed.split("\\s+");
    if (parts.length != FIELDS.size()) {
      throw invalid(
          "must have 5 fields (minute hour day-of-month month day-of-week), got "
              + parts.length
              + " in '"
              + trimmed
              + "'");
    }
    for (int i = 0; i < parts.length; i++) {
      checkField(FIELDS.get(i), parts[i]);
    }
  }

  /**
   * A daily scrum's schedule: a valid expression ({@link #validate}) that runs at most once a day,
   * at one time: its minute and hour are each one number, the day fields choose the days. Anything
   * more often (every 15 minutes, every hour, several hours) only starts runs the function then
   * answers as the day's repeat — on Kubernetes a Job pod each — so it is refused, as are the
   * {@code @hourly} macro and the others the schedulers do not take.
   *
   * @throws InvalidRequestException naming the field {@code schedule} and what is accepted
   */
  public static void validateDailyScrum(String expression) {
    validate(expression);
    if (expression.startsWith("@")) {
      if (!DAILY_MACROS.contains(expression)) {
        throw invalid(
            "'"
                + expression
                + "' runs more than once a day; a daily scrum's schedule runs at most once a day: "
                + "one of "
                + DAILY_MACROS_LIST
                + ", or 5 fields whose minute and hour are single numbers");
      }
      return;
    }
    String[] parts = expression.trim().split("\\s+");
    if (!singleNumber(parts[0]) || !singleNumber(parts[1])) {
      throw invalid(
          "'"
              + expression.trim()
              + "' runs more than once a day; a daily scrum's schedule runs at most once a day,"
              + " at one time: minute (0-59) and hour (0-23) must each be a single number, e.g. '0"
              + " 14 * * 1-5' (14:00 on weekdays); the day-of-month, month and day-of-week fields"
              + " choose the days");
    }
  }

  private static boolean singleNumber(String field) {
    return field.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static void checkField(Field field, String text) {
    if (field.question() && text.equals("?")) {
      return;
    }
    for (String item : text.split(",", -1)) {
      checkItem(field, item, text);
    }
  }

  private static void checkItem(Field field, String item, String whole) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      int step = number(field, item.substring(slash + 1), whole);
      if (step < 1) {
        throw invalidField(field, whole, "step must be at least 1");
      }
    }
    if (range.equals("*")) {
      return;
    }
    int dash = range.indexOf('-');
    if (dash < 0) {
      value(field, range, whole);
      return;
    }
    int from = value(field, range.substring(0, dash), whole);
    int to = value(field, range.substring(dash + 1), whole);
    if (from > to) {
      throw invalidField(field, whole, "range " + range + " is reversed");
    }
  }

  private static int value(Field field, String text, String whole) {
    int index = field.names().indexOf(text.toUpperCase(Locale.ROOT));
    int value = index >= 0 ? index + field.firstNameValue() : number(field, text, whole);
    if (value < field.min() || value > field.max()) {
      throw invalidField(field, whole, text + " is outside " + field.min() + "-" + field.max());
    }
    return value;
  }

  private static int number(Field field, String text, String whole) {
    // ASCII only: Character.isDigit and parseInt take any Unicode digit ("١-٥"), which Kubernetes
    // (Go's strconv.Atoi) and EventBridge reject, so the schedule would fail only when created
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalidField(field, whole, "'" + text + "' is not a number");
    }
    return Integer.parseInt(text);
  }

  private static InvalidRequestException invalidField(Field field, String whole, String why) {
    return invalid("has an invalid " + field.name() + " field '" + whole + "': " + why);
  }

  private static InvalidRequestException invalid(String why) {
    return new InvalidRequestException(FIELD + " " + why);
  }
}
