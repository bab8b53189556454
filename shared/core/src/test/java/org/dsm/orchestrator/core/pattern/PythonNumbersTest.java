package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PythonNumbers#round} gives Python's result: the exact binary value, half to even. */
class PythonNumbersTest {
  private static double exact(double value, int digits) {
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  @Test
  void roundEqualsTheExactRuleForAnyValueAndDigits() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 300_000; i++) {
      int digits = random.nextInt(0, 10);
      double value =
          switch (random.nextInt(4)) {
            case 0 -> random.nextDouble(-1, 1);
            case 1 -> random.nextDouble(-1e6, 1e6);
            // decimal ties and near-ties: x.xx5 written in decimal is rarely exactly a tie in
            // binary
            case 2 -> (random.nextLong(-10_000_000, 10_000_000) + 0.5) / Math.pow(10, digits);
            default -> Math.pow(10, random.nextDouble(-12, 12)) * (random.nextBoolean() ? 1 : -1);
          };
      assertThat(PythonNumbers.round(value, digits))
          .as("round(%s, %d)", new BigDecimal(value), digits)
          .isEqualTo(exact(value, digits));
    }
  }

  @Test
  void pythonsOwnExamples() {
    assertThat(PythonNumbers.round(2.675, 2)).isEqualTo(2.67); // 2.67499999... in binary
    assertThat(PythonNumbers.round(0.125, 2)).isEqualTo(0.12); // an exact tie: to even
    assertThat(PythonNumbers.round(0.375, 2)).isEqualTo(0.38);
    assertThat(PythonNumbers.round(2.5, 0)).isEqualTo(2.0);
    assertThat(PythonNumbers.round(-0.3, 0)).isEqualTo(0.0); // no negative zero, as before
    assertThat(PythonNumbers.round(1e300, 2)).isEqualTo(1e300);
    assertThat(PythonNumbers.round(Double.NaN, 2)).isNaN();
  }
}
