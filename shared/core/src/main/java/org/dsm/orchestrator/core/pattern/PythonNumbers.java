package org.dsm.orchestrator.core.pattern;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The original's number handling, reproduced exactly: Python's {@code round()} rounds the exact
 * binary value half to even, and floats in text look like Python's {@code repr} ({@code 0.0},
 * {@code 2.5}, {@code 10.0}).
 */
public final class PythonNumbers {
  private PythonNumbers() {}

  private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

  /** Python's {@code round(x, digits)}. */
  public static double round(double value, int digits) {
    if (!Double.isFinite(value)) {
      return value;
    }
    if (digits >= 0 && digits < POWERS_OF_TEN.length) {
      // Fast path, same result: 10^digits is exact, so the product is within half an ulp of the
      // exact x·10^digits (< 1e-7 below 1e9). Away from a tie that cannot change the nearest
      // integer k, and k / 10^digits is the double nearest the decimal, as Python returns it.
      double power = POWERS_OF_TEN[digits];
      double scaled = value * power;
      double fraction = scaled - Math.floor(scaled);
      if (Math.abs(scaled) < 1e9 && Math.abs(fraction - 0.5) > 1e-6) {
        double rounded = Math.rint(scaled) / power;
        return rounded == 0 ? 0.0 : rounded; // as BigDecimal gives it: no negative zero
      }
    }
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Python's {@code round(x)} (and {@code f"{x:.0f}"}): half to even, to an integer. */
  public static int roundToInt(double value) {
    return new BigDecimal(value).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
  }

  /** A float rendered like Python's {@code repr} for the values we print (rounded, below 10^7). */
  public static String repr(double value) {
    BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
    if (decimal.scale() <= 0) {
      decimal = decimal.setScale(1, RoundingMode.UNNECESSARY);
    }
    return decimal.toPlainString();
  }

  /**
   * Plain left-to-right mean, as Python's {@code sum(xs) / len(xs)} computes it (no compensated
   * summation).
   */
  static double mean(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
