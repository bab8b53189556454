#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: top self frames and top frames from our code (inclusive).
Usage: jfr print --json --events jdk.ExecutionSample REC.jfr | python3 scripts/bench/jfr_top.py [prefix ...]"""
import collections, json, sys

prefixes = sys.argv[1:] or ["org.dsm."]
data = json.load(sys.stdin)
events = data["recording"]["events"]
self_count, incl, threads = collections.Counter(), collections.Counter(), collections.Counter()
for e in events:
    v = e["values"]
    frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
    threads[(v.get("sampledThread") or {}).get("javaName") or "?"] += 1
    if names:
        self_count[names[0]] += 1
    for n in set(names):
        if any(n.startswith(p) for p in prefixes):
            incl[n] += 1
total = len(events)
print(f"samples: {total}")
print("threads:", ", ".join(f"{t} {c * 100 / total:.0f}%" for t, c in threads.most_common(6)))
print("top self frames:")
for n, c in self_count.most_common(15):
    print(f"  {c * 100 / total:5.1f}%  {n}")
print("top inclusive frames in", prefixes)
for n, c in incl.most_common(25):
    print(f"  {c * 100 / total:5.1f}%  {n}")
