package org.dsm.orchestrator.core.json;

import tools.jackson.core.JsonGenerator;

/**
 * Doubles written as {@link Double#toString(double)} writes them (the mapping's rule), without the
 * String for the figures the API mostly carries: values of at most {@value #MAX_DECIMALS} decimals
 * between 10⁻³ and 10⁷ (durations to the microsecond, scores, rates). Jackson builds a String per
 * double, copies it to chars and encodes those to bytes; a response holds dozens of them, zeros
 * among them.
 */
public final class JsonNumbers {
  private static final int MAX_DECIMALS = 4;
  private static final long SCALE = 10_000;
  private static final char[] ZERO = {'0', '.', '0'};
  private static final char[] NEGATIVE_ZERO = {'-', '0', '.', '0'};

  /** The digits' scratch space: the generator copies them before this returns. */
  private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[16]);

  private JsonNumbers() {}

  public static void writeDouble(JsonGenerator g, double value) {
    if (value == 0) {
      char[] zero = Double.doubleToRawLongBits(value) < 0 ? NEGATIVE_ZERO : ZERO;
      g.writeNumber(zero, 0, zero.length);
      return;
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
      long scaled = Math.round(magnitude * SCALE);
      // the decimal scaled/10⁴ rounds to this double: no other decimal of at most four places
      // lies within its rounding interval (far narrower than 10⁻⁴ below 10⁷), so it is the
      // shortest decimal Double.toString selects, written in its plain form
      if (scaled / (double) SCALE == magnitude) {
        char[] text = SCRATCH.get();
        int length = format(value < 0, scaled, text);
        g.writeNumber(text, 0, length);
        return;
      }
    }
    g.writeNumber(value);
  }

  /** Double.toString's plain form of ±scaled/10⁴: at least one decimal, no trailing zeros. */
  private static int format(boolean negative, long scaled, char[] text) {
    int at = 0;
    if (negative) {
      text[at++] = '-';
    }
    long whole = scaled / SCALE;
    int fraction = (int) (scaled % SCALE);
    int wholeDigits = 1;
    for (long rest = whole / 10; rest > 0; rest /= 10) {
      wholeDigits++;
    }
    for (int i = wholeDigits - 1; i >= 0; i--) {
      text[at + i] = (char) ('0' + whole % 10);
      whole /= 10;
    }
    at += wholeDigits;
    text[at++] = '.';
    int decimals = MAX_DECIMALS;
    while (decimals > 1 && fraction % 10 == 0) {
      fraction /= 10;
      decimals--;
    }
    for (int i = decimals - 1; i >= 0; i--) {
      text[at + i] = (char) ('0' + fraction % 10);
      fraction /= 10;
    }
    return at + decimals;
  }
}
