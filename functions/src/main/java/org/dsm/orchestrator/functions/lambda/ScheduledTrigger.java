package org.dsm.orchestrator.functions.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;

/**
 * The two events that may start the scheduled benchmark, and nothing else: EventBridge's scheduled
 * event ({@code source "aws.events"}, {@code detail-type "Scheduled Event"}) and a Knative
 * PingSource CloudEvent in structured form ({@code specversion} and {@code type
 * "dev.knative.sources.ping"}). Any other event must not run ten orchestrations.
 *
 * @param source {@code eventbridge} or {@code pingsource}
 * @param id the event's id, logged with the verdict
 */
record ScheduledTrigger(String source, String id) {

  /** The trigger this event is, or null. */
  static ScheduledTrigger of(JsonNode event) {
    if (!event.isObject()) {
      return null;
    }
    if (event.path("source").asText().equals("aws.events")
        && event.path("detail-type").asText().equals("Scheduled Event")) {
      return new ScheduledTrigger("eventbridge", event.path("id").textValue());
    }
    if (event.path("specversion").isTextual()
        && event.path("type").asText().equals(ScheduledBenchmark.PING_SOURCE_TYPE)) {
      return new ScheduledTrigger("pingsource", event.path("id").textValue());
    }
    return null;
  }
}
