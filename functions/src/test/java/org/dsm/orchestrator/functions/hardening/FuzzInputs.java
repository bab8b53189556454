package org.dsm.orchestrator.functions.hardening;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile and odd requests: bodies, path ids, headers, methods and query windows.
 * They mix valid values (so the fuzzer also walks the success path) with malformed shapes: huge,
 * deeply nested, invalid UTF-8, duplicate keys, out-of-range numbers, wrong content types.
 */
final class FuzzInputs {
  static final String ORCHESTRATE = "/orchestrate/project/";
  static final String METRICS = "/orchestrate/intelligence/performance/metrics/";
  static final List<String> KNOWN_PROJECTS =
      List.of(
          "TEST-001",
          "SELFHEAL-001",
          "CLOSE-001",
          "CONFLICT-001",
          "NEWPROJ-001",
          "EMPTYSPRINT-001",
          "STEADY-001",
          "IDLE-001",
          "NO-SUCH-PROJECT");
  private static final List<String> OPTION_NAMES =
      List.of(
          "create_sprint_if_needed",
          "assign_tasks",
          "create_cronjob",
          "schedule",
          "sprint_duration_weeks",
          "max_tasks_per_sprint",
          "enable_pattern_recognition",
          "dry_run",
          "unknown_option",
          "");

  /** JSON literals that are numbers at or past the edges, plus wrong types. */
  private static final List<String> ODD_VALUES =
      List.of(
          "1e309",
          "-1e309",
          "-0",
          "0",
          "-0.0",
          "1.0",
          "2",
          "9223372036854775808",
          "-9223372036854775809",
          "2147483648",
          "-2147483649",
          "1E2",
          "0x10",
          "NaN",
          "Infinity",
          "null",
          "true",
          "false",
          "\"\"",
          "\"0 9 * * 1-5\"",
          "\"* * * * * * *\"",
          "\"\\u0000\"",
          "[]",
          "{}",
          "[1,2]",
          "\"\\ud800\"",
          "12345678901234567890123456789012345678901234567890");

  private FuzzInputs() {}

  /** A request id: known projects, unicode, traversal and encoding tricks, overlong strings. */
  static Arbitrary<String> rawIds() {
    Arbitrary<String> tricks =
        Arbitraries.of(
            "..",
            "../",
            "..%2F",
            "%2e%2e",
            "%2E%2E%2F",
            "%00",
            "TEST-001%00",
            "%2F",
            "%",
            "%zz",
            "%C0%AE%C0%AE",
            "%FF",
            "TEST%2D001",
            "TEST+001",
            "%E2%80%AE",
            "~",
            ".",
            "",
            "a".repeat(65),
            "A".repeat(64),
            "..;",
            "TEST-001;x=1",
            "%252e%252e",
            "con",
            "%u002e");
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80);
    Arbitrary<String> idLike =
        Arbitraries.strings().withChars("ABCxyz019-_.%/+ ").ofMinLength(0).ofMaxLength(70);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(KNOWN_PROJECTS)),
        net.jqwik.api.Tuple.of(3, tricks),
        net.jqwik.api.Tuple.of(2, unicode),
        net.jqwik.api.Tuple.of(2, idLike));
  }

  /** A body as bytes, before any base64 encoding. */
  static Arbitrary<byte[]> bodies() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, optionBodies().map(FuzzInputs::utf8)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                    "",
                    " ",
                    "\n\t  \r\n",
                    "null",
                    "[]",
                    "[{}]",
                    "\"text\"",
                    "1",
                    "{",
                    "}",
                    "{\"action\":\"analyze_and_orchestrate\",\"action\":\"x\"}",
                    "{\"options\":{\"dry_run\":true,\"dry_run\":false}}",
                    "{\"action\":\"other\"}",
                    "{\"options\":[]}",
                    "\uFEFF{}",
                    "{} {}",
                    "{\"options\":{\"dry_run\":true}} trailing",
                    "/* c */ {}",
                    "{'a':1}")
                .map(FuzzInputs::utf8)),
        net.jqwik.api.Tuple.of(1, deepNesting().map(FuzzInputs::utf8)),
        net.jqwik.api.Tuple.of(1, hugeBodies()),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
        net.jqwik.api.Tuple.of(1, invalidUtf8()),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.strings().all().ofMaxLength(200).map(FuzzInputs::utf8)));
  }

  /** A JSON object body whose option values are drawn from valid and odd literals. */
  static Arbitrary<String> optionBodies() {
    Arbitrary<String> entry =
        Combinators.combine(Arbitraries.of(OPTION_NAMES), Arbitraries.of(ODD_VALUES))
            .as((name, value) -> "\"" + name + "\":" + value);
    Arbitrary<String> options =
        entry.list().ofMaxSize(6).map(entries -> "{" + String.join(",", entries) + "}");
    return Combinators.combine(
            options,
            Arbitraries.of(
                "", "\"action\":\"analyze_and_orchestrate\",", "\"action\":null,", "\"extra\":1,"),
            Arbitraries.of(true, false))
        .as(
            (o, action, dryRun) ->
                "{"
                    + action
                    + "\"options\":"
                    + (dryRun && !o.contains("dry_run")
                        ? o.replaceFirst(
                            "\\{", o.equals("{}") ? "{\"dry_run\":true" : "{\"dry_run\":true,")
                        : o)
                    + "}");
  }

  static Arbitrary<String> deepNesting() {
    return Combinators.combine(
            Arbitraries.integers().between(100, 30_000),
            Arbitraries.of("[", "{\"a\":"),
            Arbitraries.of(true, false))
        .as(
            (depth, open, closed) -> {
              String close = open.equals("[") ? "]" : "}";
              return "{\"options\":"
                  + open.repeat(depth)
                  + "1"
                  + (closed ? close.repeat(depth) : "")
                  + "}";
            });
  }

  static Arbitrary<byte[]> hugeBodies() {
    return Arbitraries.of(64 * 1024, 64 * 1024 + 1, 200_000, 1_000_000)
        .map(
            size -> {
              byte[] bytes = new byte[size];
              java.util.Arrays.fill(bytes, (byte) ' ');
              bytes[0] = '{';
              bytes[size - 1] = '}';
              return bytes;
            });
  }

  static Arbitrary<byte[]> invalidUtf8() {
    return Arbitraries.of(
        new byte[] {'{', (byte) 0xC3, '}'},
        new byte[] {(byte) 0xFF, (byte) 0xFE},
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {'{', '"', (byte) 0xF8, (byte) 0x88, '"', ':', '1', '}'});
  }

  /** Headers a caller may send; content types right and wrong, idempotency keys odd and long. */
  static Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> contentType =
        Arbitraries.of(
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "application/json; charset=latin1",
            "*/*",
            "",
            "garbage");
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just("")),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().withChars("abcXYZ019-_:.").ofMinLength(1).ofMaxLength(40)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().ascii().ofMinLength(200).ofMaxLength(600)),
            net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
    Arbitrary<String> accept =
        Arbitraries.of("application/json", "text/html", "application/xml", "*/*", "");
    return Combinators.combine(contentType, key, accept)
        .as(
            (ct, k, a) -> {
              Map<String, String> headers = new java.util.LinkedHashMap<>();
              if (!ct.isEmpty()) {
                headers.put("content-type", ct);
              }
              if (!k.isEmpty()) {
                headers.put("idempotency-key", k);
              }
              if (!a.isEmpty()) {
                headers.put("accept", a);
              }
              return headers;
            });
  }

  static Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.of("POST", "GET")),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "post")));
  }

  static Arbitrary<String> windows() {
    return Arbitraries.of(
        "",
        "1h",
        "24h",
        "7d",
        "30d",
        "0h",
        "-1h",
        "99999999999d",
        "1e309",
        "%00",
        "../",
        "h",
        "2147483648h",
        "P1D",
        "1H",
        "1 h");
  }

  static Arbitrary<String> paths() {
    return Combinators.combine(
            Arbitraries.of(
                ORCHESTRATE,
                ORCHESTRATE,
                METRICS,
                METRICS,
                "/health",
                "/",
                "/orchestrate/",
                "/orchestrate/project",
                "/orchestrate/project//",
                "/actuator/env"),
            rawIds())
        .as((prefix, id) -> prefix.endsWith("/") && prefix.length() > 1 ? prefix + id : prefix);
  }

  static String base64(byte[] body) {
    return Base64.getEncoder().encodeToString(body);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
