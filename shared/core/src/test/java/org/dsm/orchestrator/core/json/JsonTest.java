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
}
