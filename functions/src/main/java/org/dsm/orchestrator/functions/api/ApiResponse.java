package org.dsm.orchestrator.functions.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import tools.jackson.core.JsonGenerator;

/**
 * Status, our own headers only, and a JSON body; the same on every platform. The body is kept in
 * the form it was made in (JSON is serialised straight to UTF-8 bytes) and converted only for the
 * platform that needs the other one: the HTTP server writes {@link #bodyBytes()}, Lambda's envelope
 * escapes it as it was made ({@link #writeBodyAsString}). (Serialising to a String for HTTP cost a
 * 5 KB String, its compression to Latin-1 and its encoding back to bytes on every orchestration.)
 */
public final class ApiResponse {
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String JSON = "application/json";

  private final int status;
  private final Map<String, String> headers;
  private final String text; // exactly one of text and bytes is set
  private final byte[] bytes;
  private final int headOf; // a HEAD answer: the length of the GET body it leaves out; else -1

  public ApiResponse(int status, Map<String, String> headers, String body) {
    this(status, headers, body, null, -1);
  }

  private ApiResponse(
      int status, Map<String, String> headers, String text, byte[] bytes, int headOf) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.text = text;
    this.bytes = text == null && bytes == null ? new byte[0] : bytes;
    this.headOf = headOf;
  }

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, Map.of(CONTENT_TYPE, JSON), null, Json.writeBytes(value), -1);
  }

  /** A whole page, e.g. the history view, with the policy that confines it. */
  public static ApiResponse html(int status, HtmlPage page) {
    return new ApiResponse(
        status,
        Map.of(
            CONTENT_TYPE,
            "text/html; charset=utf-8",
            "Content-Security-Policy",
            page.contentSecurityPolicy(),
            "X-Content-Type-Options",
            "nosniff"),
        page.html(),
        null,
        -1);
  }

  public static ApiResponse error(int status, String detail) {
    return json(status, Map.of("detail", detail));
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body as text (decoded from UTF-8 when it was made as bytes). */
  public String body() {
    return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The body as UTF-8 bytes (a fresh array when it was made as text; never modify it). */
  public byte[] bodyBytes() {
    return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the body as a JSON string from the form it was made in: made as bytes, escaped from the
   * bytes ({@link JsonGenerator#writeUTF8String}), without the text {@link #body()} would decode.
   */
  public void writeBodyAsString(JsonGenerator json) {
    if (text != null) {
      json.writeString(text);
    } else {
      json.writeUTF8String(bytes, 0, bytes.length);
    }
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, copy, text, bytes, headOf);
  }

  /**
   * The answer to a HEAD request: this GET answer's status and headers without its body (RFC 9110
   * 9.3.2); {@link #contentLength} stays the GET body's, which is the only Content-Length a HEAD
   * answer may carry.
   */
  public ApiResponse withoutBody() {
    return new ApiResponse(status, headers, null, new byte[0], contentLength());
  }

  /** The body's length in bytes; for a HEAD answer, the length of the GET body it leaves out. */
  public int contentLength() {
    return headOf >= 0 ? headOf : bytes != null ? bytes.length : bodyBytes().length;
  }

  @Override
  public String toString() {
    return "ApiResponse[status=" + status + ", headers=" + headers + ", body=" + body() + "]";
  }
}
