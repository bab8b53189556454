#!/usr/bin/env python3
"""Writes the API Gateway HTTP API (payload 2.0) events of events/ for `sam local invoke -e` and the tests.
Re-run after editing: python3 events/generate.py"""
import base64, gzip, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
ORCH = "POST /orchestrate/project/{project_id}"
METRICS = "GET /orchestrate/intelligence/performance/metrics/{project_id}"
DASHBOARD = "GET /orchestrate/intelligence/performance/dashboard/{project_id}"


def http_event(method, route_key, raw_path, project_id=None, body=None, query=None, base64_body=False,
               content_type="application/json", headers=None, raw_query=None, encoded_body=False):
    """raw_query: the query as sent, when a name repeats (query then holds API Gateway's comma-joined values);
    headers: more request headers, a repeated one joined with "," as API Gateway delivers it;
    encoded_body: body is already base64 (of bytes that are no text)."""
    if raw_query is None:
        raw_query = "&".join(f"{k}={v}" for k, v in (query or {}).items())
    extra_headers = headers or {}
    headers = {"accept": "application/json", "host": "abc123.execute-api.us-east-1.amazonaws.com",
               "user-agent": "curl/8.5.0", "x-forwarded-proto": "https"}
    if body is not None and content_type is not None:
        headers["content-type"] = content_type
    headers.update(extra_headers)
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc123", "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.10",
                     "userAgent": "curl/8.5.0"},
            "requestId": "req-" + os.path.basename(raw_path)[:20] + "-" + method.lower(),
            "routeKey": route_key, "stage": "$default", "time": "28/Nov/2026:09:00:00 +0000",
            "timeEpoch": 1795856400000,
        },
        "isBase64Encoded": base64_body or encoded_body,
    }
    if query:
        event["queryStringParameters"] = query
    if project_id is not None:
        event["pathParameters"] = {"project_id": project_id}
    if body is not None:
        event["body"] = base64.b64encode(body.encode()).decode() if base64_body and not encoded_body else body
    return event


def with_request_id(event, request_id):
    """API Gateway's own request id (the path's last segment made one, which a NUL or '\\' has no place in)."""
    event["requestContext"]["requestId"] = request_id
    return event


def with_authorizer(event, authorizer):
    """The requestContext.authorizer block API Gateway adds on a route with an IAM or JWT authorizer."""
    event["requestContext"]["authorizer"] = authorizer
    return event


IAM_CALLER = {"iam": {"accessKey": "ASIAEXAMPLEKEY", "accountId": "123456789012", "callerId": "AROAEXAMPLEID:alice",
                      "cognitoIdentity": None, "principalOrgId": None,
                      "userArn": "arn:aws:sts::123456789012:assumed-role/dsm-operator/alice",
                      "userId": "AROAEXAMPLEID:alice"}}
JWT_CALLER = {"jwt": {"claims": {"sub": "8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b", "iss": "https://issuer.example.com",
                                 "aud": "dsm-orchestrator", "exp": "1795860000", "iat": "1795856400"},
                      "scopes": None}}


def orch(pid, body=None, method="POST", **kw):
    return http_event(method, ORCH if method == "POST" else f"{method} /orchestrate/project/{{project_id}}",
                      f"/orchestrate/project/{pid}", project_id=pid, body=body, **kw)


def metrics(pid, method="GET", **kw):
    return http_event(method, METRICS if method == "GET" else f"{method} /orchestrate/intelligence/performance/metrics/{{project_id}}",
                      f"/orchestrate/intelligence/performance/metrics/{pid}", project_id=pid, **kw)


def dashboard(pid, method="GET", **kw):
    return http_event(method, DASHBOARD if method == "GET" else f"{method} /orchestrate/intelligence/performance/dashboard/{{project_id}}",
                      f"/orchestrate/intelligence/performance/dashboard/{pid}", project_id=pid, **kw)


def body(options=None, action="analyze_and_orchestrate"):
    value = {"action": action}
    if options is not None:
        value["options"] = options
    return json.dumps(value)


EVENTS = {
    "orchestrate-happy-path.json": orch("TEST-001", body({"create_sprint_if_needed": True, "assign_tasks": True,
                                                            "create_cronjob": True, "schedule": "0 14 * * 1-5",
                                                            "sprint_duration_weeks": 2, "max_tasks_per_sprint": 10,
                                                            "enable_pattern_recognition": True})),
    "orchestrate-dry-run.json": orch("TEST-001", body({"dry_run": True})),
    # a project no other case changes: its first action (creating a sprint) meets a deadline with no time left
    "orchestrate-deadline.json": orch("NEWPROJ-001", body({"create_sprint_if_needed": True})),
    # the same with an Idempotency-Key: no time is left even for the key's check, which comes first
    "orchestrate-deadline-idempotency-key.json": orch("NEWPROJ-001", body({"create_sprint_if_needed": True}),
                                                      headers={"idempotency-key": "deadline-k1"}),
    "orchestrate-pattern-off.json": orch("TEST-001", body({"enable_pattern_recognition": False, "dry_run": True})),
    "orchestrate-empty-body.json": orch("TEST-001", ""),
    "orchestrate-base64-body.json": orch("TEST-001", body({"dry_run": True}), base64_body=True),
    "orchestrate-unknown-project.json": orch("NO-SUCH-PROJECT", body({"dry_run": True})),
    "orchestrate-malformed-json.json": orch("TEST-001", '{"action": "analyze_and_orchestrate", "options": {'),
    "orchestrate-not-an-object.json": orch("TEST-001", '["analyze_and_orchestrate"]'),
    "orchestrate-wrong-type.json": orch("TEST-001", body({"dry_run": "yes"})),
    "orchestrate-unknown-action.json": orch("TEST-001", body({"dry_run": True}, action="delete_everything")),
    "orchestrate-unknown-option.json": orch("TEST-001", body({"dry_run": True, "sprint_length": 3})),
    "orchestrate-out-of-range.json": orch("TEST-001", body({"dry_run": True, "sprint_duration_weeks": 99})),
    "orchestrate-invalid-cron.json": orch("TEST-001", body({"dry_run": True, "schedule": "every day at noon"})),
    # Arabic-Indic digits: Java's isDigit takes them, Kubernetes and EventBridge do not
    "orchestrate-unicode-digit-cron.json": orch("TEST-001", body({"dry_run": True,
                                                                  "schedule": "\u0660 \u0669 * * \u0661-\u0665"})),
    # a second value after the first: read as invalid JSON, not as the first value
    "orchestrate-trailing-json.json": orch("TEST-001", '{"options": {"dry_run": true}}{"options": {"dry_run": false}}'),
    # a body is read only when labelled JSON in UTF-8 (text/plain needs no CORS preflight)
    "orchestrate-text-plain.json": orch("TEST-001", body({"dry_run": True}), content_type="text/plain"),
    "orchestrate-no-content-type.json": orch("TEST-001", body({"dry_run": True}), content_type=None),
    "orchestrate-utf16-charset.json": orch("TEST-001", body({"dry_run": True}),
                                           content_type="application/json; charset=utf-16"),
    "orchestrate-utf8-charset.json": orch("TEST-001", body({"dry_run": True}),
                                          content_type="application/json; charset=UTF-8"),
    # Idempotency-Key sent twice ("k1", then "k 2"): one key "k1,k 2" on both platforms, invalid for its space
    "orchestrate-repeated-idempotency-key.json": orch("TEST-001", body({"dry_run": True}),
                                                      headers={"idempotency-key": "k1,k 2"}),
    # a gzip-compressed body: API Gateway hands it over base64-encoded and still compressed (it decompresses nothing)
    "orchestrate-gzip-body.json": orch("TEST-001", base64.b64encode(gzip.compress(body({"dry_run": True}).encode(),
                                                                                   mtime=0)).decode(),
                                       headers={"content-encoding": "gzip"}, encoded_body=True),
    "orchestrate-duplicate-key.json": orch("TEST-001", '{"options": {"dry_run": true, "dry_run": false}}'),
    # An HTTP API delivers rawPath and pathParameters percent-decoded: the client sent bad%20id%3B
    "orchestrate-bad-id.json": orch("bad id;", body({"dry_run": True})),
    # the client sent TEST-00%2531, a literal "%31" in the id: API Gateway decodes it once, to TEST-00%31, which
    # must not be decoded again into TEST-001
    "orchestrate-percent-in-id.json": orch("TEST-00%31", body({"dry_run": True})),
    "orchestrate-oversized-id.json": orch("P" * 65, body({"dry_run": True})),
    # the client sent TEST%5C001 and TEST%00, delivered decoded (Tomcat refused both itself, with its own words)
    "orchestrate-backslash-in-id.json": with_request_id(orch("TEST\\001", body({"dry_run": True})),
                                                        "req-backslash-in-id-post"),
    "orchestrate-nul-in-id.json": with_request_id(orch("TEST\u0000", body({"dry_run": True})), "req-nul-in-id-post"),
    # a request line and headers of about 9 KB: within API Gateway's 10,240 bytes (and Tomcat's, now the same)
    "metrics-long-header.json": metrics("TEST-001", headers={"x-padding": "x" * 9000}),
    "orchestrate-body-too-large.json": orch("TEST-001", json.dumps({"action": "analyze_and_orchestrate",
                                                                    "padding": "x" * (70 * 1024)})),
    "orchestrate-iam-caller.json": with_authorizer(orch("TEST-001", body({"dry_run": True})), IAM_CALLER),
    "metrics-jwt-caller.json": with_authorizer(metrics("TEST-001"), JWT_CALLER),
    "metrics-happy-path.json": metrics("TEST-001"),
    "metrics-window-24h.json": metrics("TEST-001", query={"window": "24h"}),
    "metrics-window-30d-in-seconds.json": metrics("TEST-001", query={"window": "2592000s"}),
    # a repeated name: API Gateway joins the values with "," (and so does the HTTP server)
    "metrics-repeated-window.json": metrics("TEST-001", query={"window": "1h,abc"}, raw_query="window=1h&window=abc"),
    "metrics-bad-window.json": metrics("TEST-001", query={"window": "forever"}),
    "metrics-unknown-project.json": metrics("NO-SUCH-PROJECT"),
    "metrics-bad-id.json": metrics("p\u00e9rf;1"),  # sent as p%C3%A9rf%3B1, delivered decoded
    "dashboard-24h.json": dashboard("TEST-001", query={"window": "24h"}),
    "dashboard-bad-window.json": dashboard("TEST-001", query={"window": "1y"}),
    "dashboard-unknown-project.json": dashboard("NO-SUCH-PROJECT"),
    # HEAD wherever GET (template.yaml routes HEAD to the same integration): the GET's status and headers, no body
    "metrics-head.json": metrics("TEST-001", method="HEAD"),
    "metrics-head-unknown-project.json": metrics("NO-SUCH-PROJECT", method="HEAD"),
    "dashboard-head.json": dashboard("TEST-001", method="HEAD"),
}

# Requests the deployed HTTP API never forwards (no such route: API Gateway answers 404 itself), kept for the tests
# that show what the functions answer when invoked directly or behind a catch-all route.
UNROUTED_DIR = os.path.join(HERE, "..", "functions", "src", "test", "resources", "unrouted-events")
UNROUTED = {
    "orchestrate-wrong-method.json": orch("TEST-001", method="GET"),
    "orchestrate-unknown-path.json": http_event("POST", "$default", "/orchestrate/projects/TEST-001", body=body()),
    "metrics-wrong-method.json": metrics("TEST-001", method="DELETE"),
    "health.json": http_event("GET", "GET /health", "/health"),
    # HEAD wherever GET works: the GET's status and headers, no body
    "health-head.json": http_event("HEAD", "$default", "/health"),
    "orchestrate-head.json": orch("TEST-001", method="HEAD"),
    "metrics-options.json": metrics("TEST-001", method="OPTIONS"),
    # methods no route has (an HTTP API takes only GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS): a direct invoke's,
    # and what a Knative service is sent as is
    "orchestrate-trace.json": orch("TEST-001", method="TRACE"),
    "health-propfind.json": http_event("PROPFIND", "$default", "/health"),
    "unknown-path-propfind.json": http_event("PROPFIND", "$default", "/no/such/path"),
    # a method is case-sensitive: "post" is no POST (no route has it)
    "orchestrate-lower-case-method.json": orch("TEST-001", body({"dry_run": True}), method="post"),
    # the client sent a%2Fb: an HTTP API decodes rawPath and the path parameter to a/b (whether it routes such a
    # request to {project_id} or answers 404 itself is not documented; the functions answer this event)
    "orchestrate-encoded-slash-in-id.json": with_request_id(orch("a/b", body({"dry_run": True})),
                                                            "req-encoded-slash-in-id-post"),
}

SCHEDULED = {
    "version": "0", "id": "5d1f3c0e-8a8f-4c59-9f3e-0d2b5d7c1a11", "detail-type": "Scheduled Event",
    "source": "aws.events", "account": "123456789012", "time": "2026-11-28T09:00:00Z", "region": "us-east-1",
    "resources": ["arn:aws:events:us-east-1:123456789012:rule/dsm-orchestrator-benchmark"], "detail": {},
}
# A Knative PingSource event in CloudEvents structured JSON form (the HTTP test sends it in binary mode).
PING = {
    "specversion": "1.0", "type": "dev.knative.sources.ping", "source": "/apis/v1/namespaces/dsm/pingsources/benchmark",
    "id": "7a1e2b44-3c55-4d66-8e77-9f8899aabbcc", "time": "2026-11-28T09:00:00Z",
    "datacontenttype": "application/json", "data": {"benchmark": True},
}


# The daily-scrum event: what an EventBridge Scheduler schedule sends the orchestrate function (its
# <aws.scheduler.*> placeholders filled in), and what a CronJob's Job posts to the orchestrate service.
def daily_scrum(project_id, sprint_id, **data):
    return {
        "specversion": "1.0", "type": "org.dsm.orchestrator.daily-scrum",
        "source": "arn:aws:scheduler:us-east-1:123456789012:schedule/dsm-daily-scrums/"
                  f"run-dailyscrum-{project_id.lower()}-{sprint_id.lower()}",
        "id": "0c2b8a9e-5f1d-4e7a-9b3c-2d4e6f8a0b1c", "time": "2026-12-07T14:00:00Z",
        "datacontenttype": "application/json",
        "data": {"project_id": project_id, "sprint_id": sprint_id, "cron": "0 14 * * 1-5", **data},
    }


DAILY_SCRUM = {
    "daily-scrum.json": daily_scrum("STEADY-001", "STEADY-001-S04"),
    "daily-scrum-unknown-sprint.json": daily_scrum("STEADY-001", "STEADY-001-S99"),
    "daily-scrum-closed-sprint.json": daily_scrum("STEADY-001", "STEADY-001-S03"),
    "daily-scrum-missing-sprint.json": {**daily_scrum("STEADY-001", "X"), "data": {"project_id": "STEADY-001"}},
}

if __name__ == "__main__":
    for name, event in EVENTS.items():
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(event, f, indent=2)
            f.write("\n")
    os.makedirs(UNROUTED_DIR, exist_ok=True)
    for name, event in UNROUTED.items():
        with open(os.path.join(UNROUTED_DIR, name), "w") as f:
            json.dump(event, f, indent=2)
            f.write("\n")
    for name, event in {"scheduled-benchmark.json": SCHEDULED, "pingsource-cloudevent.json": PING,
                        **DAILY_SCRUM}.items():
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(event, f, indent=2)
            f.write("\n")
    print(f"wrote {len(EVENTS) + 2 + len(DAILY_SCRUM)} events to {HERE} and {len(UNROUTED)} to {os.path.normpath(UNROUTED_DIR)}")
