#!/usr/bin/env python3
"""A tiny stand-in for the orchestrator's HTTP API, for testing scripts/performance_test.sh without the jar.

It answers the three routes the performance script uses with the real API's shapes:
  GET  /health                                              -> 200 {"status": "UP"}
  POST /orchestrate/project/{id}                            -> 200 orchestration response (dry runs only)
  GET  /orchestrate/intelligence/performance/metrics/{id}   -> 200 performance report

Knobs let a test provoke each failing criterion on purpose: slow pattern analysis, a large memory increase,
a share of failing requests, or a global lock that serialises requests (degradation under concurrency).
The server stops by itself after --lifetime seconds so a forgotten one does not linger. Standard library only.
"""
import argparse
import hashlib
import hmac
import json
import random
import re
import socket
import sys
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

ORCHESTRATE = re.compile(r"^/orchestrate/project/([^/?]+)$")
METRICS = re.compile(r"^/orchestrate/intelligence/performance/metrics/([^/?]+)$")


class Stats:
    """Instance-wide per-operation stats, bounded: counters plus the last 1000 durations for percentiles."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ops = {}

    def record(self, operation, duration_ms, success=True):
        with self.lock:
            op = self.ops.setdefault(operation, {"total": 0, "ok": 0, "recent": deque(maxlen=1000)})
            op["total"] += 1
            if success:
                op["ok"] += 1
                op["recent"].append(duration_ms)

    def summary(self, operation):
        with self.lock:
            op = self.ops.get(operation)
            if not op or not op["recent"]:
                values, total, ok = [], (op or {}).get("total", 0), (op or {}).get("ok", 0)
            else:
                values, total, ok = sorted(op["recent"]), op["total"], op["ok"]

        def pct(p):
            if not values:
                return 0.0
            return round(values[max(0, min(len(values) - 1, int(-(-p * len(values) // 100)) - 1))], 3)

        return {
            "operation": operation,
            "total_calls": total,
            "successful_calls": ok,
            "avg_duration_ms": round(sum(values) / len(values), 3) if values else 0.0,
            "max_duration_ms": round(values[-1], 3) if values else 0.0,
            "min_duration_ms": round(values[0], 3) if values else 0.0,
            "success_rate": round(100.0 * ok / total, 2) if total else 0.0,
            "p50_duration_ms": pct(50),
            "p95_duration_ms": pct(95),
            "p99_duration_ms": pct(99),
        }


def make_handler(args, stats, serial_lock):
    started = time.monotonic()
    cold = {"first": True}
    cached = set()

    def busy(ms):
        """Sleeps rather than spins: the mock must not steal CPU from the load generator on a 2-core machine."""
        if ms > 0:
            time.sleep(ms / 1000.0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real server

        def setup(self):
            super().setup()
            # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm plus the client's
            # delayed ACK adds ~40 ms to every keep-alive response.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, fmt, *a):  # quiet: the script reads our stdout for the port only
            if args.verbose:
                sys.stderr.write("mock: " + (fmt % a) + "\n")

        def send_json(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def unauthorized(self, body=b""):
            if args.require_bearer and self.headers.get("Authorization") != f"Bearer {args.require_bearer}":
                self.send_json(401, {"message": "Unauthorized"})  # API Gateway's JWT authorizer
                return True
            if args.require_sigv4 and not self.sigv4_valid(body):
                self.send_json(403, {"message": "Forbidden"})  # API Gateway's IAM authorization
                return True
            if not args.require_header:
                return False
            name, _, value = args.require_header.partition(":")
            if (self.headers.get(name.strip()) or "").strip() == value.strip():
                return False
            self.send_json(401, {"detail": f"missing header {name.strip()}"})
            return True

        def sigv4_valid(self, body):
            """Verifies an AWS Signature Version 4 for execute-api the way AWS does: rebuilds the canonical
            request from what arrived and compares the HMAC chain's signature."""
            key_id, secret, region = args.require_sigv4.split(":", 2)
            auth = self.headers.get("Authorization") or ""
            m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/execute-api/aws4_request, "
                         r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$", auth)
            if not m or m.group(1) != key_id or m.group(3) != region:
                return False
            date, signed, signature = m.group(2), m.group(4).split(";"), m.group(5)
            amz_date = self.headers.get("x-amz-date") or ""
            if "host" not in signed or not amz_date.startswith(date):
                return False
            url = urlsplit(self.path)
            path = quote(unquote(url.path), safe="/-_.~")
            pairs = sorted(tuple(quote(unquote(x), safe="-_.~") for x in (kv.split("=", 1) + [""])[:2])
                           for kv in url.query.split("&") if kv)
            query = "&".join(f"{k}={v}" for k, v in pairs)
            headers = "".join(f"{h}:{' '.join((self.headers.get(h) or '').split())}\n" for h in signed)
            payload = self.headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
            canonical = "\n".join([self.command, path, query, headers, ";".join(signed), payload])
            scope = f"{date}/{region}/execute-api/aws4_request"
            to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
            key = ("AWS4" + secret).encode()
            for part in (date, region, "execute-api", "aws4_request"):
                key = hmac.new(key, part.encode(), hashlib.sha256).digest()
            return hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature)

        def do_GET(self):
            if self.unauthorized():
                return
            path = self.path.split("?", 1)[0]
            if path == "/health":
                return self.send_json(200, {"status": "UP"})
            m = METRICS.match(path)
            if not m:
                return self.send_json(404, {"detail": f"no route {path}"})
            if random.random() < args.fail_rate:
                return self.send_json(500, {"detail": "mock: injected failure"})
            t0 = time.monotonic()
            pattern_ms = self.pattern_analysis()
            total = (time.monotonic() - t0) * 1000
            stats.record("performance_report", total)
            orch = stats.summary("total_orchestration")
            checks = [
                {"name": "total_under_2000ms", "metric": "total_orchestration.p95_duration_ms",
                 "threshold": 2000.0, "actual": orch["p95_duration_ms"], "comparison": "<",
                 "met": orch["p95_duration_ms"] < 2000},
                {"name": "pattern_analysis_under_1000ms", "metric": "full_pattern_analysis.p95_duration_ms",
                 "threshold": 1000.0, "actual": pattern_ms, "comparison": "<", "met": pattern_ms < 1000},
            ]
            self.send_json(200, {
                "project_id": m.group(1),
                "total_execution_time_ms": round(total, 3),
                "component_metrics": {op: stats.summary(op) for op in
                                      ("total_orchestration", "full_pattern_analysis", "similarity_analysis")},
                "resource_usage": self.resource_usage(),
                "performance_thresholds": {
                    "target_total_time_ms": 2000.0,
                    "actual_total_time_ms": orch["p95_duration_ms"],
                    "threshold_met": all(c["met"] for c in checks),
                    "checks": checks,
                },
                "recommendations": ["Performance within acceptable thresholds"],
                "history": {"window": "1h", "store": "mock", "invocations": orch["total_calls"]},
            })

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.unauthorized(raw):
                return
            path = self.path.split("?", 1)[0]
            m = ORCHESTRATE.match(path)
            if not m:
                return self.send_json(404, {"detail": f"no route {path}"})
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self.send_json(400, {"detail": "body: not JSON"})
            options = body.get("options") or {}
            if body.get("action") != "analyze_and_orchestrate":
                return self.send_json(400, {"detail": "action: must be analyze_and_orchestrate"})
            # The performance script must never cause side effects: the mock refuses anything but a dry run.
            if options.get("dry_run") is not True:
                return self.send_json(400, {"detail": "options.dry_run: the mock only accepts dry runs"})
            if random.random() < args.fail_rate:
                return self.send_json(500, {"detail": "mock: injected failure"})
            if args.serialize:
                with serial_lock:
                    return self.orchestrate(m.group(1), options)
            return self.orchestrate(m.group(1), options)

        def pattern_analysis(self):
            t0 = time.monotonic()
            busy(args.pattern_ms + random.uniform(0, args.jitter_ms))
            ms = (time.monotonic() - t0) * 1000
            stats.record("full_pattern_analysis", ms)
            return ms

        def resource_usage(self, increase=0.0):
            return {"memory_usage_mb": 120.0, "memory_increase_mb": round(increase, 3), "cpu_percent": 3.0,
                    "open_files": 40, "threads": threading.active_count(), "cpu_time_ms": 1.0,
                    "heap_used_mb": 60.0}

        def orchestrate(self, project_id, options):
            t0 = time.monotonic()
            components = []
            busy(args.base_ms + random.uniform(0, args.jitter_ms))
            components.append({"operation": "project_state_fetch",
                               "duration_ms": round((time.monotonic() - t0) * 1000, 3),
                               "success": True, "error_type": None})
            pattern = None
            if options.get("enable_pattern_recognition", True):
                if args.pattern_cache and project_id in cached:
                    # Like the real engine: a hit records only the lookup, never full_pattern_analysis.
                    pattern = 0.02
                    components.append({"operation": "pattern_cache_lookup", "duration_ms": pattern,
                                       "success": True, "error_type": None})
                else:
                    pattern = self.pattern_analysis()
                    cached.add(project_id)
                    components.append({"operation": "full_pattern_analysis", "duration_ms": round(pattern, 3),
                                       "success": True, "error_type": None})
            total = (time.monotonic() - t0) * 1000
            stats.record("total_orchestration", total)
            components.append({"operation": "total_orchestration", "duration_ms": round(total, 3),
                               "success": True, "error_type": None})
            increase = args.memory_increase_mb if pattern is not None else args.memory_increase_mb / 10
            was_cold, cold["first"] = cold["first"], False
            body = {
                "project_id": project_id,
                "analysis": {"backlog_tasks": 10, "unassigned_tasks": 3, "active_sprints": 1, "team_size": 4},
                "decisions": {"create_new_sprint": False, "tasks_to_assign": 3, "reasoning": "mock"},
                "actions_taken": [],
                "planned_actions": [],
                "cronjob_name": None,
                "sprint_id": f"{project_id}-S01",
                "dry_run": True,
                "performance_metrics": {
                    "pattern_analysis": stats.summary("full_pattern_analysis"),
                    "total_orchestration": stats.summary("total_orchestration"),
                    "resource_usage": self.resource_usage(increase),
                    "performance_threshold_met": {
                        "total_under_2000ms": total < 2000,
                        "pattern_analysis_under_1000ms": pattern is None or pattern < 1000,
                        "memory_increase_under_100mb": increase <= 100,
                        "thresholds_met": total < 2000 and (pattern is None or pattern < 1000) and increase <= 100,
                    },
                },
                "invocation": {"invocation_id": str(uuid.uuid4()), "function": "orchestrate", "platform": "mock",
                               "cold_start": was_cold, "total_duration_ms": round(total, 3),
                               "components": components},
            }
            if args.omit_server_metrics:
                del body["invocation"]["components"]
                del body["performance_metrics"]["resource_usage"]
            self.send_json(200, body)

    Handler.uptime = lambda: time.monotonic() - started
    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0, help="0 picks a free port (printed as PORT=<n>)")
    p.add_argument("--base-ms", type=float, default=2.0, help="time of the non-pattern part of a request")
    p.add_argument("--pattern-ms", type=float, default=1.0, help="time of the pattern analysis")
    p.add_argument("--jitter-ms", type=float, default=1.0, help="uniform random extra time per block")
    p.add_argument("--memory-increase-mb", type=float, default=4.0, help="reported per-request memory increase")
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of requests answered with 500")
    p.add_argument("--serialize", action="store_true", help="one request at a time (provokes degradation)")
    p.add_argument("--pattern-cache", action="store_true",
                   help="analyse each project once, then answer from a cache (pattern_cache_lookup)")
    p.add_argument("--omit-server-metrics", action="store_true",
                   help="leave out invocation components and resource usage (an API that reports nothing)")
    p.add_argument("--require-header", default="", metavar="NAME:VALUE",
                   help="answer 401 to requests without this header (like an API Gateway key)")
    p.add_argument("--require-bearer", default="", metavar="TOKEN",
                   help="answer 401 unless 'Authorization: Bearer TOKEN' (like a JWT authorizer)")
    p.add_argument("--require-sigv4", default="", metavar="KEY_ID:SECRET:REGION",
                   help="answer 403 unless the request carries a valid SigV4 signature for execute-api")
    p.add_argument("--lifetime", type=float, default=600, help="stop after this many seconds")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args, Stats(), threading.Lock()))
    server.daemon_threads = True
    print(f"PORT={server.server_address[1]}", flush=True)
    stopper = threading.Timer(args.lifetime, server.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
