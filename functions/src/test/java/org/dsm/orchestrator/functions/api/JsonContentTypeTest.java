package org.dsm.orchestrator.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonContentTypeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "application/json; charset=\"utf-8\"",
        "application/json;",
        "application/json; foo=bar",
        "application/merge-patch+json",
        "application/vnd.dsm.v1+json; charset=utf-8"
      })
  void acceptsJsonInUtf8(String contentType) {
    assertThat(JsonContentType.accepts(contentType)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        ";;;",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "application/json; charset",
        "application/jsonx",
        "application/json,text/plain",
        "/+json",
        "application/ +json",
        "text/html+xml"
      })
  void refusesEverythingElse(String contentType) {
    assertThat(JsonContentType.accepts(contentType)).isFalse();
  }
}
