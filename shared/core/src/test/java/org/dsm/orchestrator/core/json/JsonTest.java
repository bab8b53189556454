package org.dsm.orchestrator.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonTest {
  record Sample(String projectName, double velocity, List<String> notes) {}

  record Order(int zeta, int alpha) {}

  @Test
  void nodeTextFollowsJackson2sRulesWhereJackson3WouldThrow() {
    JsonNode node =
        Json.mapper()
            .readTree(
                "{\"o\":{\"x\":1},\"a\":[1],\"s\":\"abc\",\"i\":5,\"d\":2.5,\"b\":true,\"n\":null}");

    assertThat(Json.text(node.path("o"))).isEmpty();
    assertThat(Json.text(node.path("a"))).isEmpty();
    assertThat(Json.text(node.path("missing"))).isEmpty();
    assertThat(Json.text(node.path("n"))).isEqualTo("null");
    assertThat(Json.text(node.path("s"))).isEqualTo("abc");
    assertThat(Json.text(node.path("i"))).isEqualTo("5");
    assertThat(Json.text(node.path("d"))).isEqualTo("2.5");
    assertThat(Json.text(node.path("b"))).isEqualTo("true");
    assertThat(Json.textValue(node.path("s"))).isEqualTo("abc");
    for (String field : List.of("o", "a", "i", "d", "b", "n", "missing")) {
      assertThat(Json.textValue(node.path(field))).as(field).isNull();
    }
    assertThat(Json.textOrNull(node.path("n"))).isNull();
    assertThat(Json.textOrNull(node.path("missing"))).isNull();
    assertThat(Json.textOrNull(node.path("o"))).isEmpty();
    assertThat(Json.textOrNull(node.path("i"))).isEqualTo("5");
  }

  @Test
  void theMappingKeepsJackson2sDefaults() {
    assertThat(Json.write(new Order(1, 2))).isEqualTo("{\"zeta\":1,\"alpha\":2}");
    assertThat(Json.write(new Sample("x", 1.5, List.of())))
        .isEqualTo("{\"project_name\":\"x\",\"velocity\":1.5,\"notes\":[]}");
    assertThat(Json.write(Map.of("at", Instant.EPOCH)))
        .isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\"}");
    assertThat(Json.mapper().readValue("{\"zeta\":null,\"alpha\":2}", Order.class))
        .isEqualTo(new Order(0, 2));
    assertThat(Json.mapper().readTree("{\"a\":1} trailing").path("a").intValue()).isEqualTo(1);
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        assertThat(Json.write(value)).isEqualTo(Double.toString(value));
      }
    }
  }

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

  /** Streams a list of notes as the mapping would write {@code List<String>}. */
  record StreamedNotes(List<String> notes) implements StreamedJson {
    @Override
    public void writeJson(tools.jackson.core.JsonGenerator generator) {
      generator.writeStartArray();
      notes.forEach(generator::writeString);
      generator.writeEndArray();
    }
  }

  @Test
  void streamedDocumentsOfAnySizeAreTheMappingsBytes() {
    Random random = new Random(5);
    // from empty to far beyond the generator's buffer, which it then writes in several parts
    for (int size : new int[] {0, 1, 10, 500, 1_000, 5_000, 20_000}) {
      List<String> notes = new java.util.ArrayList<>();
      for (int i = 0; i < size; i++) {
        notes.add("note " + random.nextInt() + (i % 7 == 0 ? " ☃\"" : ""));
      }

      assertThat(Json.writeBytes(new StreamedNotes(notes)))
          .isEqualTo(Json.write(notes).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void exactBytesKeepsEveryWriteInOrder() {
    Json.ExactBytes bytes = new Json.ExactBytes();
    assertThat(bytes.toByteArray()).isEmpty();

    bytes.write("abc".getBytes(StandardCharsets.UTF_8), 1, 2);
    assertThat(bytes.toByteArray()).isEqualTo("bc".getBytes(StandardCharsets.UTF_8));

    bytes.write('d');
    bytes.write("xefx".getBytes(StandardCharsets.UTF_8), 1, 2);
    assertThat(bytes.toByteArray()).isEqualTo("bcdef".getBytes(StandardCharsets.UTF_8));
  }
}
