package org.dsm.orchestrator.schedules.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.text.Sha256;

/**
 * Daily-scrum schedules as {@code batch/v1} CronJobs in one namespace, one per sprint, named as the
 * decision engine names them and labelled {@code project}/{@code sprint}.
 *
 * <p>What the Job runs: a curl container that POSTs a daily-scrum CloudEvent to our own {@code
 * orchestrate} service, which calls the sprint service's run-daily-scrum. Going through the
 * function rather than calling the sprint service from the Job keeps one code path on both
 * platforms (the AWS schedules invoke the same function with the same event): deduplication per
 * (sprint, date) — a Job retried after a lost answer, or a second Job for the same day, must not
 * run the non-idempotent daily scrum twice — one metrics record per run, and the sprint service's
 * URL, timeout and circuit breaker configured in one place. {@code concurrencyPolicy: Forbid} keeps
 * two Jobs of one CronJob from overlapping; {@code backoffLimit} retries a failed run, but not a
 * refused one ({@link #JOB_SCRIPT}).
 *
 * <p>The CronJob keeps the raw project and sprint ids in annotations; labels hold them when they
 * are valid label values, else a shortened form with a hash, so listing by label never mixes two
 * projects.
 */
public final class KubernetesDailyScrumSchedules implements DailyScrumSchedules, AutoCloseable {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "dsm-orchestrator";
  public static final String PROJECT_LABEL = "project";
  public static final String SPRINT_LABEL = "sprint";
  public static final String PROJECT_ANNOTATION = "dsm.orchestrator/project-id";
  public static final String SPRINT_ANNOTATION = "dsm.orchestrator/sprint-id";
  public static final String CONTAINER = "daily-scrum";
  public static final String EVENT_TYPE = "org.dsm.orchestrator.daily-scrum";
  static final String SERVICE = "kubernetes";

  /** The exit code of a run whose event was answered 4xx: the Job fails without a retry. */
  public static final int REFUSED_EXIT_CODE = 42;

  /**
   * What the Job's container runs ({@code sh -c}, curl's arguments as {@code "$@"}): the POST, its
   * answer's body to the log, and an exit code by class of answer. 2xx: 0. 4xx but 408 and 429:
   * {@value #REFUSED_EXIT_CODE}, which the Job's {@code podFailurePolicy} turns into a failed Job
   * at once, for a retry could only be refused again or replayed (a bad event, a sprint that is
   * over, a refusal). Anything else (5xx, 408 or 429 after curl's own retries; no answer): 1,
   * retried by {@code backoffLimit}. curl's {@code --fail-with-body} gives 22 for both classes, so
   * the Job could not tell them apart. Backquotes, not {@code $(…)}: Kubernetes expands {@code
   * $(NAME)} in commands.
   */
  public static final String JOB_SCRIPT =
      "code=`curl --output /dev/stderr --write-out '%{http_code}' \"$@\"` || exit 1\n"
          + "case \"$code\" in 2??) exit 0 ;; 408|429) exit 1 ;; 4??) exit "
          + REFUSED_EXIT_CODE
          + " ;; *) exit 1 ;; esac\n";

  /**
   * The Job's uid and gid: curl_user/curl_group of curlimages/curl. That image names its user
   * ("USER curl_user"), and with runAsNonRoot the kubelet refuses a user it cannot prove non-root
   * without a numeric runAsUser ("image has non-numeric user"). Any non-zero uid works for another
   * image: curl needs no home directory or file of its own.
   */
  public static final long JOB_UID = 100;

  public static final long JOB_GID = 101;

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final int LABEL_MAX = 63;

  private final KubernetesClient client;
  private final Settings settings;

  /**
   * @param namespace where the CronJobs live (the orchestrator's own namespace; the Role grants
   *     cronjobs there only)
   * @param targetUrl the orchestrate service's URL as seen from inside the cluster
   * @param image the Job's image; it must provide {@code curl}
   * @param timeZone IANA zone of the cron expressions, e.g. "UTC" or "Europe/Berlin"
   */
  public record Settings(String namespace, String targetUrl, String image, String timeZone) {
    public static final String DEFAULT_IMAGE = "curlimages/curl:8.11.1";

    public Settings {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(targetUrl, "targetUrl");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(timeZone, "timeZone");
    }
  }

  public KubernetesDailyScrumSchedules(KubernetesClient client, Settings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * A client configured the standard way (in a pod: its service account and namespace; elsewhere:
   * kubeconfig or KUBERNETES_* variables), each API call bounded by {@code timeout}.
   *
   * @param namespace null for the client's own namespace (the pod's)
   * @param targetUrl null for {@code http://orchestrate.<namespace>.svc.cluster.local/}
   */
  public static KubernetesDailyScrumSchedules connect(
      String namespace, String targetUrl, String image, String timeZone, Duration timeout) {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestTimeout((int) timeout.toMillis())
            .withConnectionTimeout((int) timeout.toMillis())
            .withRequestRetryBackoffLimit(0)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    String ns =
        namespace != null
            ? namespace
            : client.getNamespace() != null ? client.getNamespace() : "dsm";
    String url = targetUrl != null ? targetUrl : "http://orchestrate." + ns + ".svc.cluster.local/";
    return new KubernetesDailyScrumSchedules(client, new Settings(ns, url, image, timeZone));
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Put and delete make up to three API calls each (create, merge patch on 409, and a read-back of
   * a call that went unanswered; read, delete, read-back), each bounded by the client's connection
   * and request timeouts (no retries: {@link #connect}).
   */
  @Override
  public long worstCaseMs() {
    var config = client.getConfiguration();
    return 3L
        * (Math.max(0, config.getConnectionTimeout()) + Math.max(0, config.getRequestTimeout()));
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public void put(DailyScrumSchedule schedule) {
    write(schedule);
  }

  /**
   * Create, and when the name exists (409 AlreadyExists) overwrite it with one JSON merge patch of
   * the whole CronJob: two calls. fabric8's {@code update()} (a PUT) would first GET the current
   * resourceVersion, a third call, and a real API server answers that PUT with 409 Conflict when
   * another instance replaced the CronJob in between; a merge patch carries no resourceVersion, so
   * the last writer wins, which is right for a CronJob that is ours alone and always written whole.
   * A retried POST whose first attempt was applied meets the 409 and so the same patch.
   *
   * <p>A call that went unanswered (request timeout, connection lost after sending, 5xx) may have
   * been applied by the API server: the CronJob is read back once, and found as written it is done,
   * with a {@code readBack} saying so; otherwise (absent, another version, unreadable) the outcome
   * is unknown, since the request may still be applied.
   */
  @Override
  public Outcome write(DailyScrumSchedule schedule) {
    CronJob cronJob = cronJob(schedule);
    String what = "create " + schedule.name();
    try {
      cronJobs()
          .resource(cronJob)
          .createOr(existing -> existing.patch(PatchContext.of(PatchType.JSON_MERGE)));
      return Outcome.ANSWERED;
    } catch (KubernetesClientException e) {
      if (!mayHaveTakenEffect(e)) {
        throw failure(what, e);
      }
      CronJob found;
      try {
        found = cronJobs().withName(schedule.name()).get();
      } catch (KubernetesClientException unreadable) {
        throw unknown(
            what, e, "and the CronJob could not be read back (" + describe(unreadable) + ")", true);
      }
      if (found != null && sameSchedule(found, cronJob)) {
        return new Outcome(
            true, gaveUp(what, e) + "; reading the CronJob back showed it was written.");
      }
      throw unknown(
          what,
          e,
          "; reading the CronJob back showed "
              + (found == null ? "no such CronJob" : "another version of it")
              + ", but the request may still be in progress",
          true);
    }
  }

  @Override
  public boolean exists(String projectId, String name) {
    CronJob found = call("read " + name, () -> cronJobs().withName(name).get());
    return found != null && belongsTo(found, projectId);
  }

  @Override
  public boolean delete(String projectId, String name) {
    return remove(projectId, name).done();
  }

  /**
   * Read, then delete. A 404 to the delete after the read found the CronJob means it is gone as
   * asked (a retry of a DELETE whose first attempt was applied gets exactly that, as does a race
   * with another instance), never "did not exist". A delete that went unanswered is read back once:
   * gone (or being deleted) is done, still there or unreadable is unknown.
   */
  @Override
  public Outcome remove(String projectId, String name) {
    CronJob before = call("read " + name, () -> cronJobs().withName(name).get());
    if (before == null || !belongsTo(before, projectId)) {
      return Outcome.NONE;
    }
    String what = "delete " + name;
    try {
      // Background: the CronJob's Jobs and Pods go with it
      boolean deleted =
          !cronJobs()
              .withName(name)
              .withPropagationPolicy(DeletionPropagation.BACKGROUND)
              .delete()
              .isEmpty();
      return deleted
          ? Outcome.ANSWERED
          : new Outcome(
              true,
              SERVICE
                  + " answered the CronJob "
                  + what
                  + " with 404 Not Found after reading it: it was deleted (by an earlier attempt"
                  + " of this call, which a client retries when an attempt gets no answer, or by"
                  + " another instance).");
    } catch (KubernetesClientException e) {
      if (!mayHaveTakenEffect(e)) {
        throw failure(what, e);
      }
      CronJob after;
      try {
        after = cronJobs().withName(name).get();
      } catch (KubernetesClientException unreadable) {
        throw unknown(
            what,
            e,
            "and the CronJob could not be read back (" + describe(unreadable) + ")",
            false);
      }
      if (after == null
          || !Objects.equals(after.getMetadata().getUid(), before.getMetadata().getUid())
          || after.getMetadata().getDeletionTimestamp() != null) {
        return new Outcome(
            true, gaveUp(what, e) + "; reading the CronJob back showed it was deleted.");
      }
      throw unknown(
          what,
          e,
          "; reading the CronJob back showed it still exists, but the request may still be in"
              + " progress",
          false);
    }
  }

  /** What the read-back compares: the fields of ours an API server does not default or change. */
  private static boolean sameSchedule(CronJob found, CronJob wanted) {
    var f = found.getSpec();
    var w = wanted.getSpec();
    return f != null
        && Objects.equals(f.getSchedule(), w.getSchedule())
        && Objects.equals(f.getTimeZone(), w.getTimeZone())
        && Objects.equals(ids(found), ids(wanted))
        && Objects.equals(containers(found), containers(wanted));
  }

  /** Our two annotations only: admission webhooks or other tools may add their own. */
  private static List<String> ids(CronJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null
        ? List.of()
        : java.util.Arrays.asList(
            annotations.get(PROJECT_ANNOTATION), annotations.get(SPRINT_ANNOTATION));
  }

  private static List<List<String>> containers(CronJob job) {
    try {
      return job
          .getSpec()
          .getJobTemplate()
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .stream()
          .map(c -> List.of(String.valueOf(c.getImage()), String.valueOf(c.getArgs())))
          .toList();
    } catch (NullPointerException incomplete) {
      return List.of();
    }
  }

  @Override
  public List<DailyScrumSchedule> list(String projectId) {
    List<CronJob> items =
        call(
            "list " + projectId,
            () ->
                cronJobs()
                    .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
                    .withLabel(PROJECT_LABEL, labelValue(projectId))
                    .list()
                    .getItems());
    List<DailyScrumSchedule> schedules = new ArrayList<>();
    for (CronJob job : items) {
      if (belongsTo(job, projectId)) {
        schedules.add(
            new DailyScrumSchedule(
                job.getMetadata().getName(),
                projectId,
                job.getMetadata().getAnnotations().get(SPRINT_ANNOTATION),
                job.getSpec().getSchedule()));
      }
    }
    schedules.sort(Comparator.comparing(DailyScrumSchedule::name));
    return schedules;
  }

  @Override
  public String kind() {
    return "kubernetes";
  }

  /** The CronJob for a schedule (public for tests and documentation). */
  public CronJob cronJob(DailyScrumSchedule schedule) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(PROJECT_LABEL, labelValue(schedule.projectId()));
    labels.put(SPRINT_LABEL, labelValue(schedule.sprintId()));
    labels.put("cronjob", schedule.name());
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(schedule.name())
        .withNamespace(settings.namespace())
        .withLabels(labels)
        .withAnnotations(
            Map.of(
                PROJECT_ANNOTATION, schedule.projectId(), SPRINT_ANNOTATION, schedule.sprintId()))
        .endMetadata()
        .withNewSpec()
        .withSchedule(schedule.cron())
        .withTimeZone(settings.timeZone())
        .withConcurrencyPolicy("Forbid")
        // a run missed by more than an hour (controller down) is skipped, not caught up late
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(3)
        .withFailedJobsHistoryLimit(3)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(4)
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(REFUSED_EXIT_CODE)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .withActiveDeadlineSeconds(600L)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        // curl needs no API access
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(JOB_UID)
        .withRunAsGroup(JOB_GID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(settings.image())
        .withCommand("sh", "-c", JOB_SCRIPT, CONTAINER)
        .withArgs(curlArguments(schedule))
        .withEnv(
            new EnvVarBuilder()
                .withName("JOB_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.labels['job-name']")
                .endFieldRef()
                .endValueFrom()
                .build())
        // Pod Security "restricted" on the container too, so it holds whatever the pod level says
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(JOB_UID)
        .withRunAsGroup(JOB_GID)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /**
   * curl POSTs a structured-mode CloudEvent; Kubernetes expands {@code $(JOB_NAME)} (the Job's
   * name, one per scheduled run) into the event id. Transient failures are retried here; what the
   * answer then means for the Job is {@link #JOB_SCRIPT}'s.
   */
  List<String> curlArguments(DailyScrumSchedule schedule) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("type", EVENT_TYPE);
    event.put(
        "source",
        "/apis/batch/v1/namespaces/" + settings.namespace() + "/cronjobs/" + schedule.name());
    event.put("id", "$(JOB_NAME)");
    event.put("datacontenttype", "application/json");
    event.put("data", Map.of("project_id", schedule.projectId(), "sprint_id", schedule.sprintId()));
    return List.of(
        "--silent",
        "--show-error",
        "--max-time",
        "60",
        "--retry",
        "3",
        "--retry-connrefused",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/cloudevents+json",
        "--data",
        Json.write(event),
        settings.targetUrl());
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<
          CronJob,
          io.fabric8.kubernetes.api.model.batch.v1.CronJobList,
          io.fabric8.kubernetes.client.dsl.Resource<CronJob>>
      cronJobsAll() {
    return client.batch().v1().cronjobs();
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          CronJob,
          io.fabric8.kubernetes.api.model.batch.v1.CronJobList,
          io.fabric8.kubernetes.client.dsl.Resource<CronJob>>
      cronJobs() {
    return cronJobsAll().inNamespace(settings.namespace());
  }

  private static boolean belongsTo(CronJob job, String projectId) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations != null && projectId.equals(annotations.get(PROJECT_ANNOTATION));
  }

  /** The id itself when it is a valid label value, else a shortened form with a hash. */
  static String labelValue(String id) {
    if (id.length() <= LABEL_MAX && LABEL_VALUE.matcher(id).matches()) {
      return id;
    }
    String hash = Sha256.hex(id).substring(0, 8);
    String head = id.replaceAll("[^-A-Za-z0-9_.]", "-");
    head = head.substring(0, Math.min(head.length(), LABEL_MAX - hash.length() - 1));
    head = head.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    return head.isEmpty() ? hash : head + "-" + hash;
  }

  /** A read that failed: the scheduler is unavailable (or refused it, see {@link #failure}). */
  private <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw failure(what, e);
    }
  }

  /**
   * A failure after which nothing was done: a 4xx refusal (403 Forbidden from RBAC, 422 Invalid,
   * 401, 400) is named as one with its status; no connection, a connect timeout, 429, or a read's
   * failure is the scheduler being unavailable.
   */
  private static OrchestratorException failure(String what, KubernetesClientException e) {
    int code = e.getCode();
    if (code >= 400 && code < 500 && code != 429) {
      return new DependencyRefusedException(
          SERVICE, "CronJob " + what + ": HTTP " + code + " " + reasonOf(e) + shortMessage(e), e);
    }
    String status = code > 0 ? "HTTP " + code : "no answer";
    return new DependencyUnavailableException(
        SERVICE, status + " on CronJob " + what + ": " + shortMessage(e), e);
  }

  private static String reasonOf(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getReason() != null
        ? e.getStatus().getReason() + ": "
        : "";
  }

  /**
   * Whether a write that failed may have been applied: answered 5xx, or no answer after the request
   * was sent (request timeout, connection lost). A refused or unresolvable connection and a connect
   * timeout never reached the API server; a 4xx was not applied.
   */
  static boolean mayHaveTakenEffect(KubernetesClientException e) {
    if (e.getCode() >= 500) {
      return true;
    }
    if (e.getCode() > 0) {
      return false;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException
          || cause instanceof java.net.http.HttpConnectTimeoutException) {
        return false;
      }
    }
    return true;
  }

  private String gaveUp(String what, KubernetesClientException e) {
    if (e.getCode() > 0) {
      return SERVICE + " answered HTTP " + e.getCode() + " to the CronJob " + what;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return SERVICE
            + " did not answer the CronJob "
            + what
            + " within "
            + client.getConfiguration().getRequestTimeout()
            + " ms";
      }
    }
    return SERVICE + " did not answer the CronJob " + what + " (" + rootMessage(e) + ")";
  }

  /** The innermost cause's message ("request timed out"): fabric8's own says only what failed. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    return message.length() > 200 ? message.substring(0, 200) : message;
  }

  /**
   * In the words of a sprint write's unknown outcome. A CronJob that was not written is found
   * missing and created by the project's next orchestration (its sprint is running without one).
   */
  private ActionOutcomeUnknownException unknown(
      String what, KubernetesClientException e, String shows, boolean write) {
    return new ActionOutcomeUnknownException(
        SERVICE,
        gaveUp(what, e)
            + (shows.startsWith(";") ? "" : " ")
            + shows
            + ": the outcome of the CronJob "
            + what
            + " is unknown"
            + (write
                ? "; the project's next orchestration finds the CronJob"
                    + " or (create_cronjob) creates it."
                : "."),
        e);
  }

  private static String describe(KubernetesClientException e) {
    return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + shortMessage(e);
  }

  private static String shortMessage(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : String.valueOf(e.getMessage());
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
