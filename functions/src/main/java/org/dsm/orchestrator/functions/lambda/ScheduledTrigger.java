package org.dsm.orchestrator.functions.lambda;

import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import tools.jackson.databind.JsonNode;

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
    if (Json.text(event.path("source")).equals("aws.events")
        && Json.text(event.path("detail-type")).equals("Scheduled Event")) {
      return new ScheduledTrigger("eventbridge", Json.textValue(event.path("id")));
    }
    if (event.path("specversion").isString()
        && Json.text(event.path("type")).equals(ScheduledBenchmark.PING_SOURCE_TYPE)) {
      return new ScheduledTrigger("pingsource", Json.textValue(event.path("id")));
    }
    return null;
  }
}
