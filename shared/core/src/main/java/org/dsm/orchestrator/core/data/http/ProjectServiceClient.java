package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Judged;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Reply;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.domain.TeamMember;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import tools.jackson.databind.JsonNode;

/** The Project service: a project's details, team and availability. */
final class ProjectServiceClient {
  private final ServiceEndpoint endpoint;

  ProjectServiceClient(ServiceEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  ServiceEndpoint endpoint() {
    return endpoint;
  }

  /** The three reads, started at once; {@link Reads#details} and the others wait for them. */
  Reads start(ProjectId projectId, LocalDate windowStart, LocalDate windowEnd) {
    String id = HttpDsmClient.encode(projectId.value());
    return new Reads(
        projectId,
        endpoint.getJudgingServerErrors("/projects/" + id),
        endpoint.get("/projects/" + id + "/team-members"),
        endpoint
            .get(
                "/projects/"
                    + id
                    + "/availability/check?start_date="
                    + windowStart
                    + "&end_date="
                    + windowEnd)
            .thenApply(ProjectServiceClient::availability));
  }

  /** One project's reads in flight. */
  static final class Reads {
    private final ProjectId projectId;
    private final CompletableFuture<Judged> details;
    private final CompletableFuture<Reply> team;
    private final CompletableFuture<TeamAvailability> availability;

    private Reads(
        ProjectId projectId,
        CompletableFuture<Judged> details,
        CompletableFuture<Reply> team,
        CompletableFuture<TeamAvailability> availability) {
      this.projectId = projectId;
      this.details = details;
      this.team = team;
      this.availability = availability;
    }

    /**
     * 404 means not found. The original project service answers 500 for an unknown project while
     * its team-members endpoint answers 200 with an empty list; that pair is read as "not found"
     * too, whereas a real outage fails both calls.
     */
    ProjectDetails details() {
      Judged judged = await(details);
      Reply reply = judged.reply();
      if (judged.serverError() != null) {
        if (emptyTeam()) { // "not found" as the original says it: not a sign of ill health
          judged.serverError().notCounted();
          throw new ProjectNotFoundException(projectId.value());
        }
        throw judged.serverError().failure();
      }
      if (reply.status() == 404) {
        throw new ProjectNotFoundException(projectId.value());
      }
      JsonNode node = reply.object();
      Double complexity =
          node.hasNonNull("avg_task_complexity") ? reply.number(node, "avg_task_complexity") : null;
      return new ProjectDetails(
          reply.text(node, "id"),
          reply.optionalText(node, "name"),
          reply.optionalText(node, "description"),
          reply.optionalText(node, "status"),
          reply.optionalText(node, "domain_category"),
          complexity);
    }

    List<TeamMember> team() {
      Reply reply = await(team);
      JsonNode members = reply.object().get("team_members");
      if (members == null || !members.isArray()) {
        throw reply.bad("missing array 'team_members'");
      }
      List<TeamMember> list = new ArrayList<>();
      for (JsonNode m : members) {
        // the real service sends id/name; its documentation says employee_id/employee_name
        String memberId = m.has("id") ? reply.text(m, "id") : reply.text(m, "employee_id");
        String name =
            m.has("name") ? reply.optionalText(m, "name") : reply.optionalText(m, "employee_name");
        list.add(new TeamMember(memberId, name));
      }
      return list;
    }

    TeamAvailability availability() {
      return await(availability);
    }

    private boolean emptyTeam() {
      try {
        Reply reply = await(team);
        JsonNode members =
            reply.ok() && reply.json() != null ? reply.json().get("team_members") : null;
        return members != null && members.isArray() && members.isEmpty();
      } catch (OrchestratorException e) {
        return false;
      }
    }
  }

  private static TeamAvailability availability(Reply reply) {
    JsonNode node = reply.object();
    String status = reply.text(node, "status");
    JsonNode list = node.get("conflicts");
    List<AvailabilityConflict> conflicts = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode c : list) {
        conflicts.add(
            new AvailabilityConflict(
                reply.text(c, "type"),
                reply.text(c, "date"),
                reply.optionalText(c, "name"),
                reply.optionalText(c, "details")));
      }
    } else if (list != null && !list.isNull()) {
      throw reply.bad("field 'conflicts' is not an array");
    }
    return new TeamAvailability(status, conflicts);
  }
}
