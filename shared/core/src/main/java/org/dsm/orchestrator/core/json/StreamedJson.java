package org.dsm.orchestrator.core.json;

import tools.jackson.core.JsonGenerator;

/**
 * A value that writes its own JSON through the API mapping's generator: {@link Json#writeBytes}
 * calls it instead of Jackson's per-property reflection. It must write exactly what the mapping
 * would (each implementation has a test comparing the two over generated values).
 */
public interface StreamedJson {
  void writeJson(JsonGenerator generator);
}
