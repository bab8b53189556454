package org.dsm.orchestrator.core.data.http;

import java.util.concurrent.CompletableFuture;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Reply;
import org.dsm.orchestrator.core.domain.BacklogSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import tools.jackson.databind.JsonNode;

/** The Backlog service: a project's task counts. */
final class BacklogServiceClient {
  private final ServiceEndpoint endpoint;

  BacklogServiceClient(ServiceEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  ServiceEndpoint endpoint() {
    return endpoint;
  }

  CompletableFuture<BacklogSummary> summary(ProjectId projectId) {
    return endpoint
        .get("/backlogs/" + HttpDsmClient.encode(projectId.value()) + "/summary")
        .thenApply(BacklogServiceClient::summary);
  }

  /**
   * {@code status_counts} lists only the statuses the project's tasks have: no "completed" key
   * means none is completed.
   */
  private static BacklogSummary summary(Reply reply) {
    JsonNode node = reply.object();
    Integer completed =
        node.hasNonNull("status_counts")
            ? reply.counts(node, "status_counts").getOrDefault("completed", 0)
            : null;
    return new BacklogSummary(
        reply.integer(node, "total_tasks"),
        reply.integer(node, "unassigned_for_sprint_count"),
        completed);
  }
}
