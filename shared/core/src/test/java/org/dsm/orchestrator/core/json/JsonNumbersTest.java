package org.dsm.orchestrator.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

class JsonNumbersTest {

  @Test
  void writesWhatDoubleToStringWritesForShortDecimals() {
    SplittableRandom random = new SplittableRandom(42);
    double[] values = new double[400_000];
    for (int i = 0; i < values.length; i++) {
      int decimals = random.nextInt(0, 6); // 5: beyond the fast path
      long digits = random.nextLong(0, (long) Math.pow(10, random.nextInt(1, 13)));
      double value = digits / Math.pow(10, decimals);
      values[i] = random.nextBoolean() ? value : -value;
    }
    assertWrittenAsToString(values);
  }

  @Test
  void writesWhatDoubleToStringWritesAtTheEdgesAndForAnyDouble() {
    SplittableRandom random = new SplittableRandom(7);
    double[] edges = {
      0.0,
      -0.0,
      1e-3,
      9.999e-4,
      0.0011,
      1e7,
      9_999_999.9999,
      9_999_999.99995,
      1e7 - 1e-4,
      0.1,
      0.2,
      0.3,
      0.1 + 0.2,
      1.0,
      2.5,
      100.0,
      4.675,
      11.161,
      99.99,
      0.9933,
      1234567.8901,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      Math.nextUp(1e-3),
      Math.nextDown(1e7),
      Math.nextUp(0.5),
      Math.nextDown(0.5)
    };
    assertWrittenAsToString(edges);
    double[] any = new double[200_000];
    for (int i = 0; i < any.length; i++) {
      any[i] =
          i % 2 == 0
              ? Double.longBitsToDouble(random.nextLong())
              : random.nextDouble(-2e7, 2e7) / Math.pow(10, random.nextInt(0, 6));
    }
    assertWrittenAsToString(any);
  }

  private static void assertWrittenAsToString(double[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartArray();
      for (double value : values) {
        JsonNumbers.writeDouble(g, value);
      }
      g.writeEndArray();
    }
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      expected.append(i == 0 ? "" : ",");
      expected.append(
          Double.isFinite(values[i]) ? Double.toString(values[i]) : '"' + "" + values[i] + '"');
    }
    String written = out.toString(StandardCharsets.UTF_8);
    String mapping = Json.write(values);
    assertThat(written).isEqualTo(mapping);
    if (!mapping.contains("\"")) {
      assertThat(written).isEqualTo(expected.append(']').toString());
    }
  }
}
