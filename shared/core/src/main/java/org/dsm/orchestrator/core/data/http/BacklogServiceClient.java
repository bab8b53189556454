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

  private static BacklogSummary summary(Reply reply) {
    JsonNode node = reply.object();
    return new BacklogSummary(
        reply.integer(node, "total_tasks"), reply.integer(node, "unassigned_for_sprint_count"));
  }
}
