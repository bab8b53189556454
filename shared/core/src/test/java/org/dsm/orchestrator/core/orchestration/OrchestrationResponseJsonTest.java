package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dsm.orchestrator.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The streamed orchestration body against the API's Jackson mapping, over responses generated from
 * the records themselves: every component (a new one included) gets random values, nulls, odd
 * doubles and hard strings, so any field the writer misses, misnames, misorders or formats
 * differently fails here.
 */
class OrchestrationResponseJsonTest {
  private static final double[] ODD_DOUBLES = {
    0.0,
    -0.0,
    1.0,
    2.5,
    100.0,
    1e-7,
    1e21,
    123456789.123,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    Double.MAX_VALUE
  };
  private static final String[] ODD_TEXT = {
    "",
    "ok",
    "quote\" slash\\ tab\t nl\n ctl\u0001",
    "Équipe ☃",
    "\uD83D\uDE80 rocket",
    "lone \uD800 surrogate",
    "</script>",
    "\u2028\u2029"
  };

  @Test
  void writesTheMappingsBytesForGeneratedResponses() throws Exception {
    Random random = new Random(20261206);
    for (int i = 0; i < 2_000; i++) {
      var response = (OrchestrationResponse) record(OrchestrationResponse.class, random, 0);

      String expected =
          new String(Json.mapper().writeValueAsBytes(response), StandardCharsets.UTF_8);
      assertThat(new String(Json.writeBytes(response), StandardCharsets.UTF_8))
          .as("response %d", i)
          .isEqualTo(expected);
    }
  }

  @Test
  void writesTheMappingsBytesForAResponseWithEveryFieldSet() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      var response = (OrchestrationResponse) record(OrchestrationResponse.class, random, -1);

      assertThat(Json.writeBytes(response)).isEqualTo(Json.mapper().writeValueAsBytes(response));
    }
  }

  /** depth -1: no nulls anywhere, every list and map filled. */
  private static Object record(Class<?> type, Random random, int depth) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    for (int attempt = 0; ; attempt++) {
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] = value(components[i].getGenericType(), random, depth, attempt < 10);
      }
      try {
        return canonical.newInstance(args);
      } catch (InvocationTargetException rejected) {
        // a compact constructor refused a null (List.copyOf): draw again, with fewer nulls
      }
    }
  }

  private static Object value(Type type, Random random, int depth, boolean nulls) throws Exception {
    boolean full = depth < 0;
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return primitive(c, random);
    }
    if (!full && nulls && random.nextInt(8) == 0) {
      return null;
    }
    if (type == String.class) {
      return text(random);
    }
    if (type == Integer.class
        || type == Long.class
        || type == Double.class
        || type == Boolean.class) {
      return primitive((Class<?>) type, random);
    }
    if (type instanceof Class<?> c && c.isRecord()) {
      return record(c, random, full ? -1 : depth + 1);
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      List<Object> list = new ArrayList<>();
      int size = full ? 1 + random.nextInt(3) : random.nextInt(4);
      for (int i = 0; i < size; i++) {
        list.add(value(p.getActualTypeArguments()[0], random, depth, nulls));
      }
      return list;
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
      Map<String, Object> map = new LinkedHashMap<>();
      int size = full ? 1 + random.nextInt(3) : random.nextInt(4);
      for (int i = 0; i < size; i++) {
        map.put(text(random) + i, value(p.getActualTypeArguments()[1], random, depth, nulls));
      }
      return map;
    }
    if (type == Object.class) {
      return switch (random.nextInt(depth > 3 ? 4 : 6)) {
        case 0 -> text(random);
        case 1 -> random.nextInt();
        case 2 -> ODD_DOUBLES[random.nextInt(ODD_DOUBLES.length)];
        case 3 -> random.nextBoolean();
        case 4 -> List.of(random.nextInt(), text(random));
        default ->
            Collections.singletonMap("nested", value(Object.class, random, depth + 1, nulls));
      };
    }
    throw new AssertionError("no generator for " + type + ": extend this test");
  }

  private static Object primitive(Class<?> c, Random random) {
    if (c == int.class || c == Integer.class) {
      return random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(50);
    }
    if (c == long.class || c == Long.class) {
      return random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(10_000);
    }
    if (c == double.class || c == Double.class) {
      return random.nextBoolean()
          ? ODD_DOUBLES[random.nextInt(ODD_DOUBLES.length)]
          : Math.round(random.nextDouble() * 1e6) / 1e3;
    }
    if (c == boolean.class || c == Boolean.class) {
      return random.nextBoolean();
    }
    throw new AssertionError("no generator for " + c);
  }

  private static String text(Random random) {
    return random.nextBoolean()
        ? ODD_TEXT[random.nextInt(ODD_TEXT.length)]
        : "t" + Integer.toString(random.nextInt(1_000_000), 36);
  }
}
