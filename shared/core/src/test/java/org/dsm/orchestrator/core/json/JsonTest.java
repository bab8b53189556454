package org.dsm.orchestrator.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Sample(String projectName, double velocity, List<String> notes) {}

  @Test
  void bytesAreTheUtf8OfTheText() {
    Object value =
        Map.of(
            "sample",
            new Sample("Équipe ☃ \uD83D\uDE80", 7.25, List.of("tab\tquote\" slash\\ ctl\u0001")));

    assertThat(Json.writeBytes(value))
        .isEqualTo(Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aLoneSurrogateIsEscapedNotLostNorAFailure() {
    // "\ud800" in JSON input parses to a String holding a lone surrogate
    Object value = new Sample("broken \uD800 name", 1.0, List.of("\uDC00"));

    String written = new String(Json.writeBytes(value), StandardCharsets.UTF_8);

    assertThat(written).contains("\"broken \\uD800 name\"").contains("[\"\\uDC00\"]");
  }

  /**
   * Doubles are written by the fast (Schubfach) writer: every value reads back as the same double,
   * and the figures the API writes (rounded to at most 6 decimals) read exactly as Double.toString
   * prints them.
   */
  @Test
  void doublesReadBackExactlyAndRoundedFiguresAsDoubleToString() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double any = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(any)) {
        assertThat(Json.mapper().readValue(Json.write(any), Double.class)).isEqualTo(any);
      }
      int decimals = random.nextInt(7);
      double scale = Math.pow(10, decimals);
      double figure = Math.round(random.nextDouble(-1e6, 1e6) * scale) / scale;
      assertThat(Json.write(figure)).as("%s", figure).isEqualTo(Double.toString(figure));
    }
  }
}
