#!/usr/bin/env python3
"""Turns the raw results of scripts/performance_test.sh into a verdict, a table, report.json and report.html.

Input (--work): run.json (target, config, thresholds) and phases/<name>/{meta.json, samples.tsv, <i>.json}, where
samples.tsv has one line per request written by curl's --write-out:
    index  kind  http_code  time_connect  time_starttransfer  time_total  num_connects  curl_exit  curl_error
Output (--out): report.json, report.html, raw/<phase>.tsv and example bodies. Exit 0 when every criterion holds,
1 when one fails. Standard library only; criteria are defined in docs/PERFORMANCE_TEST.md.
"""
import argparse
import html
import json
import math
import os
import shutil
import sys

MEASURED_ORDER = ["baseline", "full", "metrics", "concurrent"]
ORCH_REQUIRED = ("project_id", "analysis", "decisions", "dry_run", "performance_metrics")
METRICS_REQUIRED = ("project_id", "total_execution_time_ms", "component_metrics", "performance_thresholds")
MAX_LISTED_ERRORS = 50
PATTERN_STAGE = ("full_pattern_analysis", "pattern_cache_lookup")


# ---------------------------------------------------------------------------------------------- statistics
def percentile(sorted_values, p):
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarize(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return {"n": 0, "min": None, "p50": None, "p95": None, "p99": None, "max": None, "mean": None, "stdev": None}
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1) if len(values) > 1 else 0.0
    r = lambda v: None if v is None else round(v, 3)  # noqa: E731
    return {"n": len(values), "min": r(values[0]), "p50": r(percentile(values, 50)), "p95": r(percentile(values, 95)),
            "p99": r(percentile(values, 99)), "max": r(values[-1]), "mean": r(mean), "stdev": r(math.sqrt(var))}


def dig(obj, *path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def number(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# ---------------------------------------------------------------------------------------------- parsing
def parse_samples(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 8 or not cols[0].isdigit():
                continue
            try:
                rows[int(cols[0])] = {
                    "kind": cols[1], "http_code": int(cols[2] or 0), "connect_ms": float(cols[3]) * 1000,
                    "ttfb_ms": float(cols[4]) * 1000, "total_ms": float(cols[5]) * 1000,
                    "new_connections": int(cols[6] or 0), "curl_exit": int(cols[7] or 0),
                    "curl_error": cols[8] if len(cols) > 8 else "",
                }
            except ValueError:
                continue
    return rows


def judge(kind, row, body_path):
    """Returns (ok, reason, parsed_body). A request succeeds only with HTTP 2xx and a body of the expected shape."""
    if row is None:
        return False, "no result from curl", None
    if row["curl_exit"] != 0 and row["http_code"] == 0:
        return False, f"curl exit {row['curl_exit']}: {row['curl_error'] or 'transfer failed'}", None
    body = None
    try:
        with open(body_path, encoding="utf-8") as f:
            body = json.load(f)
    except (OSError, ValueError):
        body = None
    if not 200 <= row["http_code"] < 300:
        detail = dig(body, "detail") or dig(body, "message") or dig(body, "error") if isinstance(body, dict) else None
        return False, f"HTTP {row['http_code']}" + (f": {detail}" if detail else ""), body
    if row["curl_exit"] != 0:
        return False, f"curl exit {row['curl_exit']}: {row['curl_error']}", body
    if not isinstance(body, dict):
        return False, "response is not a JSON object", None
    required = METRICS_REQUIRED if kind == "metrics" else ORCH_REQUIRED
    missing = [k for k in required if k not in body]
    if missing:
        return False, "missing keys: " + ", ".join(missing), body
    if kind != "metrics":
        # Safety: the script only ever sends dry runs; a response that claims otherwise is a failure.
        if body.get("dry_run") is not True:
            return False, "dry_run is not true in the response", body
        if body.get("actions_taken"):
            return False, "actions_taken is not empty in a dry run", body
    return True, None, body


def server_figures(kind, body):
    if body is None:
        return {}
    if kind == "metrics":
        return {
            "server_total_ms": number(body.get("total_execution_time_ms")),
            "threshold_met": dig(body, "performance_thresholds", "threshold_met"),
        }
    # This request's pattern-analysis cost, as the server itself counts it: the analysis, or the cache lookup that
    # replaced it (a cache hit records pattern_cache_lookup and no full_pattern_analysis).
    stage = {}
    for comp in dig(body, "invocation", "components") or []:
        if isinstance(comp, dict) and comp.get("operation") in PATTERN_STAGE:
            stage[comp["operation"]] = stage.get(comp["operation"], 0.0) + (number(comp.get("duration_ms")) or 0.0)
    uncached = dig(body, "performance_metrics", "pattern_analysis")
    return {
        "server_total_ms": number(dig(body, "invocation", "total_duration_ms")),
        "pattern_ms": round(sum(stage.values()), 3) if stage else None,
        "pattern_cached": None if not stage else "full_pattern_analysis" not in stage,
        "uncached_pattern_stats": uncached if isinstance(uncached, dict) else None,
        "memory_increase_mb": number(dig(body, "performance_metrics", "resource_usage", "memory_increase_mb")),
        "cold_start": dig(body, "invocation", "cold_start"),
        "threshold_met": dig(body, "performance_metrics", "performance_threshold_met", "thresholds_met"),
    }


def load_phase(work, name, out_raw, keep_bodies):
    pdir = os.path.join(work, "phases", name)
    with open(os.path.join(pdir, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    rows = parse_samples(os.path.join(pdir, "samples.tsv"))
    requests, errors, last_body = [], [], None
    for i in range(1, meta["requests"] + 1):
        row = rows.get(i)
        kind = row["kind"] if row else ("metrics" if name == "metrics" else "pattern")
        body_path = os.path.join(pdir, f"{i}.json")
        ok, reason, body = judge(kind, row, body_path)
        req = {"index": i, "kind": kind, "ok": ok, "http_code": row["http_code"] if row else 0,
               "client_ms": round(row["total_ms"], 3) if row else None,
               "ttfb_ms": round(row["ttfb_ms"], 3) if row else None}
        req.update({k: v for k, v in server_figures(kind, body).items()})
        requests.append(req)
        if ok:
            last_body = body
        else:
            snippet = ""
            if os.path.exists(body_path):
                with open(body_path, encoding="utf-8", errors="replace") as f:
                    snippet = f.read(300)
            errors.append({"phase": name, "index": i, "reason": reason, "body": snippet})
        keep = keep_bodies or i == 1 or (not ok and len(errors) == 1)
        if keep and os.path.exists(body_path):
            shutil.copyfile(body_path, os.path.join(out_raw, f"{name}.{i}.json"))
    if os.path.exists(os.path.join(pdir, "samples.tsv")):
        shutil.copyfile(os.path.join(pdir, "samples.tsv"), os.path.join(out_raw, f"{name}.tsv"))
    return meta, requests, errors, last_body


def phase_summary(meta, requests, errors):
    ok = [r for r in requests if r["ok"]]
    n = len(requests)
    result = {
        "label": meta["label"], "measured": meta["measured"], "concurrency": meta["concurrency"],
        "requests": n, "successes": len(ok), "errors": n - len(ok),
        "success_rate_pct": round(100.0 * len(ok) / n, 2) if n else None,
        "wall_ms": round(meta["wall_ms"], 1),
        "throughput_rps": round(len(ok) / (meta["wall_ms"] / 1000.0), 1) if meta["wall_ms"] > 0 else None,
        # Latency statistics cover successful requests; failures are counted in errors.
        "client_latency_ms": summarize(r["client_ms"] for r in ok),
        "client_ttfb_ms": summarize(r["ttfb_ms"] for r in ok),
        "server_total_ms": summarize(r.get("server_total_ms") for r in ok),
        "rss_before_kb": meta.get("rss_before_kb"), "rss_after_kb": meta.get("rss_after_kb"),
    }
    if any("pattern_ms" in r for r in ok):
        result["server_pattern_ms"] = summarize(r.get("pattern_ms") for r in ok)
        result["pattern_cache_hits"] = sum(1 for r in ok if r.get("pattern_cached") is True)
        # The server's instance-wide stats of real (uncached) analyses, as of this test's last response.
        last = [r["uncached_pattern_stats"] for r in ok if r.get("uncached_pattern_stats")]
        result["server_uncached_pattern_stats"] = last[-1] if last else None
        mem = [r["memory_increase_mb"] for r in ok if r.get("memory_increase_mb") is not None]
        result["memory_increase_mb"] = summarize(mem)
    verdicts = [r.get("threshold_met") for r in ok if isinstance(r.get("threshold_met"), bool)]
    result["server_threshold_met"] = {"responses": len(verdicts), "met": sum(1 for v in verdicts if v)}
    result["first_cold_start"] = requests[0].get("cold_start") if requests else None
    result["samples"] = {"client_ms": [r["client_ms"] for r in requests],
                         "ok": [r["ok"] for r in requests],
                         "server_total_ms": [r.get("server_total_ms") for r in requests]}
    if "server_pattern_ms" in result:
        result["samples"]["pattern_ms"] = [r.get("pattern_ms") for r in requests]
    return result


# ---------------------------------------------------------------------------------------------- criteria
def criterion(cid, name, metric, threshold, actual, comparison, detail):
    if actual is None:
        passed, detail = False, detail + " — no data (the figure was not measured or not reported)"
    else:
        passed = actual < threshold if comparison == "<" else actual > threshold if comparison == ">" else \
            actual <= threshold
    return {"id": cid, "name": name, "metric": metric, "threshold": threshold, "actual": actual,
            "comparison": comparison, "passed": passed, "detail": detail}


def evaluate(tests, thresholds):
    full, conc = tests.get("full", {}), tests.get("concurrent", {})
    pattern_values = [v for t in (full, conc) for v, ok in
                      zip(t.get("samples", {}).get("pattern_ms", []), t.get("samples", {}).get("ok", [])) if ok and v is not None]
    pattern_p95 = percentile(sorted(v for v in pattern_values if v is not None), 95)
    # With a pattern cache most requests only look up a result; the real analyses (some during warm-up) are judged
    # through the server's own stats of them, so a slow analysis cannot hide behind fast cache hits.
    uncached = conc.get("server_uncached_pattern_stats") or full.get("server_uncached_pattern_stats") or {}
    uncached_p95 = number(uncached.get("p95_duration_ms"))
    if uncached_p95 is None:
        uncached_p95 = number(uncached.get("max_duration_ms"))
    if not uncached.get("total_calls"):
        uncached_p95 = None
    candidates = [v for v in (pattern_p95, uncached_p95) if v is not None]
    pattern_actual = round(max(candidates), 3) if pattern_values and candidates else None
    hits = sum(t.get("pattern_cache_hits", 0) for t in (full, conc))
    mem_values = [x for t in (full, conc) for x in [t.get("memory_increase_mb", {}).get("max")] if x is not None]
    measured = [tests[k] for k in MEASURED_ORDER if k in tests]
    total_req = sum(t["requests"] for t in measured)
    total_ok = sum(t["successes"] for t in measured)
    success = round(100.0 * total_ok / total_req, 2) if total_req else None

    seq_p95 = dig(full, "client_latency_ms", "p95")
    conc_p95 = dig(conc, "client_latency_ms", "p95")
    factor, floor = thresholds["degradation_factor"], thresholds["degradation_floor_ms"]
    limit = round(max(factor * seq_p95, seq_p95 + floor), 3) if seq_p95 is not None else None
    conc_actual = conc_p95 if limit is not None else None
    conc_rate = conc.get("success_rate_pct")
    conc_crit = criterion(
        "concurrency_without_degradation", "Concurrent requests without degradation",
        "test 4 client p95 (ms)", limit, conc_actual, "<=",
        f"{conc.get('concurrency', '?')} at once: p95 {conc_p95} ms vs sequential p95 {seq_p95} ms; limit = "
        f"max({factor} x sequential p95, sequential p95 + {floor} ms); concurrent success rate {conc_rate} %")
    if conc_crit["passed"] and (conc_rate is None or conc_rate <= thresholds["min_success_pct"]):
        conc_crit["passed"] = False
        conc_crit["detail"] += f" — concurrent success rate must be above {thresholds['min_success_pct']} %"
    return [
        criterion("total_under_2000ms", "Total orchestration time", "test 2 client p95 (ms)",
                  thresholds["max_total_ms"], dig(full, "client_latency_ms", "p95"), "<",
                  "client-side latency (curl time_total) of full orchestration with pattern recognition"),
        criterion("pattern_analysis_under_1000ms", "Pattern analysis time", "server pattern analysis p95 (ms)",
                  thresholds["max_pattern_ms"], pattern_actual, "<",
                  f"the larger of: p95 of each request's pattern stage (invocation.components full_pattern_analysis "
                  f"+ pattern_cache_lookup) over tests 2 and 4 = {pattern_p95} ms ({len(pattern_values)} responses, "
                  f"{hits} cache hits); the server's p95 of its uncached analyses "
                  f"(performance_metrics.pattern_analysis, {uncached.get('total_calls', 0)} calls) = {uncached_p95} ms"),
        criterion("memory_increase_under_100mb", "Memory increase", "max per-request memory_increase_mb",
                  thresholds["max_memory_mb"], max(mem_values) if mem_values else None, "<",
                  "server-reported performance_metrics.resource_usage.memory_increase_mb over tests 2 and 4"),
        criterion("success_rate_over_95pct", "Success rate", "successful / all measured requests (%)",
                  thresholds["min_success_pct"], success, ">",
                  f"{total_ok} of {total_req} requests in tests 1-4 answered 2xx with a valid dry-run body"),
        conc_crit,
    ]


# ---------------------------------------------------------------------------------------------- text output
def fmt(v, width=8):
    return f"{'-':>{width}}" if v is None else f"{v:>{width}.1f}" if v >= 100 else f"{v:>{width}.2f}"


def print_table(report):
    tests = report["tests"]
    print()
    print(f"Performance test of {report['target']['base_url']} ({report['target']['mode']}), "
          f"project {report['target']['project_id']}, dry runs")
    if report["target"].get("startup_ms") is not None:
        print(f"start-up to healthy: {report['target']['startup_ms']} ms; first request: "
              f"{report['target'].get('first_request_ms')} ms")
    print()
    head = f"{'test':<27}{'n':>5}{'err':>5}{'min':>9}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'mean':>9}" \
           f"{'req/s':>8}  server p50/p95"
    print(head)
    print("-" * len(head))
    for key in MEASURED_ORDER:
        t = tests.get(key)
        if not t:
            continue
        c, s = t["client_latency_ms"], t["server_total_ms"]
        server = f"{fmt(s['p50'], 0)}/{fmt(s['p95'], 0)}" if s["n"] else "-"
        print(f"{t['label']:<27}{t['requests']:>5}{t['errors']:>5}{fmt(c['min'], 9)}{fmt(c['p50'], 9)}"
              f"{fmt(c['p95'], 9)}{fmt(c['p99'], 9)}{fmt(c['max'], 9)}{fmt(c['mean'], 9)}"
              f"{fmt(t['throughput_rps'], 8)}  {server}")
    print("(client latency in ms from curl's time_total over successful requests; server = "
          "invocation.total_duration_ms or total_execution_time_ms)")
    print()
    for c in report["criteria"]:
        actual = "n/a" if c["actual"] is None else f"{c['actual']:g}"
        limit = "n/a" if c["threshold"] is None else f"{c['threshold']:g}"
        print(f"  [{'PASS' if c['passed'] else 'FAIL'}] {c['name']:<40} {actual:>10} {c['comparison']} "
              f"{limit}   ({c['metric']})")
    if report["errors"]:
        print()
        print(f"errors ({report['error_count']} including warm-ups; first {min(5, len(report['errors']))}):")
        for e in report["errors"][:5]:
            print(f"  {e['phase']} #{e['index']}: {e['reason']}")
    print()
    print(f"RESULT: {'PASS' if report['passed'] else 'FAIL'}")


# ---------------------------------------------------------------------------------------------- HTML output
COLORS = {"baseline": "#4e79a7", "full": "#f28e2b", "metrics": "#59a14f", "concurrent": "#e15759"}


def svg_histogram(values, color, width=460, height=200, bins=30):
    values = sorted(v for v in values if v is not None)
    if not values:
        return "<p>no successful requests</p>"
    lo = values[0]
    # Cap the axis at the p99 (times 1.2) so one outlier does not squash the chart; the rest go in the last bin.
    hi = max(min(values[-1], percentile(values, 99) * 1.2), lo + 1e-6)
    bins = max(5, min(bins, len(values)))
    step = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / step))] += 1
    left, bottom, top = 40, 30, 10
    pw, ph = width - left - 10, height - bottom - top
    peak = max(counts)
    bw = pw / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888"/>']
    for i, c in enumerate(counts):
        if not c:
            continue
        h = ph * c / peak
        a, b = lo + i * step, lo + (i + 1) * step
        parts.append(f'<rect x="{left + i * bw + 0.5:.1f}" y="{top + ph - h:.1f}" width="{max(bw - 1, 1):.1f}" '
                     f'height="{h:.1f}" fill="{color}"><title>{a:.2f}–{b:.2f} ms: {c} requests</title></rect>')
    for frac in (0, 0.5, 1):
        x = left + pw * frac
        parts.append(f'<text x="{x:.1f}" y="{height - 12}" font-size="11" text-anchor="middle">'
                     f'{lo + (hi - lo) * frac:.1f}</text>')
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{height - 1}" font-size="11" text-anchor="middle">'
                 f'latency (ms){" — last bin includes outliers" if values[-1] > hi else ""}</text>')
    parts.append(f'<text x="{left - 5}" y="{top + 10}" font-size="11" text-anchor="end">{peak}</text>')
    parts.append(f'<text x="{left - 5}" y="{top + ph}" font-size="11" text-anchor="end">0</text>')
    for p, dash in ((50, "4 2"), (95, "2 2")):
        v = percentile(values, p)
        if v <= hi:
            x = left + pw * (v - lo) / (hi - lo)
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#333" '
                         f'stroke-dasharray="{dash}"><title>p{p} {v:.2f} ms</title></line>')
            near_right = x > left + pw - 25
            parts.append(f'<text x="{x - 3 if near_right else x + 3:.1f}" y="{top + 10 + (12 if p == 95 else 0)}" '
                         f'font-size="10" text-anchor="{"end" if near_right else "start"}">p{p}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_cdf(series, labels, width=940, height=300):
    """Cumulative distribution of client latency, one line per test; x axis capped at the largest p99."""
    data = {k: sorted(v for v in vals if v is not None) for k, vals in series.items()}
    data = {k: v for k, v in data.items() if v}
    if not data:
        return ""
    hi = max(percentile(v, 99) for v in data.values()) * 1.1
    lo = 0.0
    left, bottom, top, right = 50, 35, 10, 215
    pw, ph = width - left - right, height - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>']
    for frac in (0, 0.25, 0.5, 0.75, 1):
        y = top + ph * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="{left - 5}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{int(frac * 100)}%</text>')
        x = left + pw * frac
        parts.append(f'<text x="{x:.1f}" y="{top + ph + 15}" font-size="11" text-anchor="middle">'
                     f'{lo + (hi - lo) * frac:.1f}</text>')
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{height - 3}" font-size="11" text-anchor="middle">'
                 f'client latency (ms)</text>')
    for n, (key, values) in enumerate(data.items()):
        pts = []
        for i, v in enumerate(values):
            x = left + pw * min(v, hi) / hi
            y = top + ph * (1 - (i + 1) / len(values))
            pts.append(f"{x:.1f},{y:.1f}")
        color = COLORS.get(key, "#333")
        # A step starts at the fastest request: nothing is faster than it.
        start = f"{left + pw * min(values[0], hi) / hi:.1f},{top + ph}"
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{start} {" ".join(pts)}"/>')
        parts.append(f'<rect x="{left + pw + 15}" y="{top + 10 + n * 20}" width="12" height="12" fill="{color}"/>'
                     f'<text x="{left + pw + 32}" y="{top + 21 + n * 20}" font-size="12">'
                     f'{html.escape(labels.get(key, key))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(report):
    e = html.escape
    tests = report["tests"]
    rows = []
    for key in MEASURED_ORDER:
        t = tests.get(key)
        if not t:
            continue
        c, s = t["client_latency_ms"], t["server_total_ms"]
        cells = [e(t["label"]), t["requests"], t["errors"], t["concurrency"]] + \
                [fmt(c[k], 0) for k in ("min", "p50", "p95", "p99", "max", "mean")] + \
                [fmt(s["p50"], 0), fmt(s["p95"], 0), fmt(t["throughput_rps"], 0)]
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    crit_rows = "".join(
        f'<tr class="{"pass" if c["passed"] else "fail"}"><td>{"PASS" if c["passed"] else "FAIL"}</td>'
        f'<td>{e(c["name"])}</td><td>{e(c["metric"])}</td><td>{"n/a" if c["actual"] is None else c["actual"]}</td>'
        f'<td>{e(c["comparison"])} {"n/a" if c["threshold"] is None else c["threshold"]}</td><td>{e(c["detail"])}</td></tr>' for c in report["criteria"])
    charts = "".join(
        f'<figure><figcaption>{e(tests[k]["label"])} — {tests[k]["successes"]} successful requests'
        f'{", " + str(tests[k]["concurrency"]) + " at once" if tests[k]["concurrency"] > 1 else ""}</figcaption>'
        f'{svg_histogram([v for v, ok in zip(tests[k]["samples"]["client_ms"], tests[k]["samples"]["ok"]) if ok], COLORS[k])}'
        f'</figure>' for k in MEASURED_ORDER if k in tests)
    cdf = svg_cdf({k: [v for v, ok in zip(tests[k]["samples"]["client_ms"], tests[k]["samples"]["ok"]) if ok]
                   for k in MEASURED_ORDER if k in tests},
                  {k: tests[k]["label"] for k in tests})
    err_rows = "".join(f"<tr><td>{e(x['phase'])}</td><td>{x['index']}</td><td>{e(x['reason'] or '')}</td>"
                       f"<td><code>{e(x['body'][:200])}</code></td></tr>" for x in report["errors"][:20])
    info = report["info"]
    facts = [f"{name}: {value}{unit}" for name, value, unit in (
        ("start-up to healthy", info.get("startup_ms"), " ms"),
        ("first request", info.get("first_request_ms"), " ms"),
        ("first response cold_start", None if info.get("first_response_cold_start") is None else
         json.dumps(info.get("first_response_cold_start")), ""),
        ("server RSS after warm-up / at the end", None if info.get("rss_start_mb") is None else
         f"{info.get('rss_start_mb')} / {info.get('rss_end_mb')}", " MB"),
        ("pattern recognition overhead (p50, test 2 − test 1)", info.get("pattern_overhead_p50_ms"), " ms"),
        ("metrics endpoint threshold_met", None if info.get("metrics_endpoint_threshold_met") is None else
         json.dumps(info.get("metrics_endpoint_threshold_met")), ""),
    ) if value is not None]
    verdict = "PASS" if report["passed"] else "FAIL"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Performance test {verdict} — {e(report['target']['project_id'])}</title>
<style>
body{{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1100px}}
h1 span{{padding:2px 10px;border-radius:4px;color:#fff;background:{'#2e7d32' if report['passed'] else '#c62828'}}}
table{{border-collapse:collapse;margin:8px 0 20px}} td,th{{border:1px solid #ddd;padding:4px 8px;font-size:13px;text-align:right}}
td:first-child,th:first-child{{text-align:left}} table.left td,table.left th{{text-align:left}} th{{background:#f4f4f4}}
tr.pass td:first-child{{color:#2e7d32;font-weight:bold}} tr.fail td:first-child{{color:#c62828;font-weight:bold}}
figure{{display:inline-block;margin:0 12px 12px 0;border:1px solid #eee;padding:6px}} figcaption{{font-size:13px}}
.meta{{font-size:13px;color:#555}} code{{font-size:11px}}
</style></head><body>
<h1>Performance test <span>{verdict}</span></h1>
<p class="meta">Target <b>{e(report['target']['base_url'])}</b> ({e(report['target']['mode'])}), project
<b>{e(report['target']['project_id'])}</b>, dry runs only · generated {e(report['generated_at'])} ·
{report['environment'].get('cpus')} CPUs · curl {e(str(report['environment'].get('curl')))}
{'· quick mode' if report['config']['quick'] else ''}<br>
{' · '.join(facts)}</p>
<h2>Validation criteria</h2>
<table class="left"><tr><th></th><th>criterion</th><th>metric</th><th>actual</th><th>threshold</th><th>how</th></tr>{crit_rows}</table>
<h2>Results (ms)</h2>
<table><tr><th>test</th><th>n</th><th>errors</th><th>at once</th><th>min</th><th>p50</th><th>p95</th><th>p99</th>
<th>max</th><th>mean</th><th>server p50</th><th>server p95</th><th>req/s</th></tr>{''.join(rows)}</table>
<p class="meta">Client latency is curl's time_total over successful requests (nearest-rank percentiles);
server figures are the API's own invocation.total_duration_ms (tests 1, 2, 4) or total_execution_time_ms (test 3).</p>
<h2>Latency distribution</h2>
{cdf}
<div>{charts}</div>
{'<h2>Errors</h2><table class="left"><tr><th>test</th><th>#</th><th>reason</th><th>body</th></tr>' + err_rows + '</table>' if err_rows else ''}
<h2>Configuration</h2><pre>{e(json.dumps(report['config'], indent=2))}</pre>
</body></html>
"""


# ---------------------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep-bodies", default="0")
    args = ap.parse_args()

    with open(os.path.join(args.work, "run.json"), encoding="utf-8") as f:
        report = json.load(f)
    out_raw = os.path.join(args.out, "raw")
    os.makedirs(out_raw, exist_ok=True)
    order_path = os.path.join(args.work, "phases", "order")
    with open(order_path, encoding="utf-8") as f:
        phases = [line.strip() for line in f if line.strip()]

    tests, warmups, all_errors, last_bodies = {}, {}, [], {}
    for name in phases:
        meta, requests, errors, last_body = load_phase(args.work, name, out_raw, args.keep_bodies == "1")
        summary = phase_summary(meta, requests, errors)
        (tests if meta["measured"] else warmups)[name] = summary
        all_errors.extend(errors)
        last_bodies[name] = last_body

    report["tests"] = tests
    report["warmups"] = {k: {x: v[x] for x in ("label", "requests", "errors", "client_latency_ms", "first_cold_start")}
                         for k, v in warmups.items()}
    report["criteria"] = evaluate(tests, report["config"]["thresholds"])
    report["passed"] = all(c["passed"] for c in report["criteria"])
    report["error_count"] = len(all_errors)
    report["errors"] = all_errors[:MAX_LISTED_ERRORS]

    first = warmups.get("warmup", {}).get("samples", {}).get("client_ms", [None])
    metrics_body = last_bodies.get("metrics") or {}
    rss = [t.get(k) for t in list(warmups.values()) + list(tests.values()) for k in ("rss_before_kb", "rss_after_kb")]
    rss = [x for x in rss if isinstance(x, (int, float))]
    base_p50, full_p50 = dig(tests, "baseline", "client_latency_ms", "p50"), dig(tests, "full", "client_latency_ms", "p50")
    report["target"]["first_request_ms"] = first[0] if first else None
    report["info"] = {
        "startup_ms": report["target"].get("startup_ms"),
        "first_request_ms": first[0] if first else None,
        # The server's own word on whether the first request met a cold instance (invocation.cold_start).
        "first_response_cold_start": warmups.get("warmup", {}).get("first_cold_start"),
        # RSS of the local jar (from /proc) at the end of the warm-up and at the end: informational, not a
        # criterion, since a JVM's RSS follows heap sizing and GC timing rather than the work done.
        "rss_start_mb": round(dig(warmups, "warmup", "rss_after_kb") / 1024, 1)
        if isinstance(dig(warmups, "warmup", "rss_after_kb"), (int, float)) else None,
        "rss_end_mb": round(rss[-1] / 1024, 1) if rss else None,
        "pattern_overhead_p50_ms": round(full_p50 - base_p50, 3) if None not in (base_p50, full_p50) else None,
        "metrics_endpoint_threshold_met": dig(metrics_body, "performance_thresholds", "threshold_met"),
        "metrics_endpoint_recommendations": metrics_body.get("recommendations"),
    }

    with open(os.path.join(args.out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(args.out, "report.html"), "w", encoding="utf-8") as f:
        f.write(render_html(report))
    print_table(report)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # noqa: BLE001 - exit 4, never the criteria's 1, when the report itself breaks
        import traceback
        traceback.print_exc()
        sys.exit(4)
