#!/usr/bin/env python3
"""Hot methods of a JFR recording (execution samples): self time (top frame) and inclusive time.

Usage: jfr print --json --events jdk.ExecutionSample profile.jfr > samples.json
       python3 shared/benchmarks/jfr_hotspots.py samples.json [rows]
JFR's execution sampler only sees threads running Java code; time spent in native calls (JMX thread CPU time)
does not show here.
"""
import collections
import json
import sys


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].split("/")[-1] + "." + method["name"]


def main(path, rows):
    self_time, inclusive, total = collections.Counter(), collections.Counter(), 0
    for event in json.load(open(path))["recording"]["events"]:
        stack = event["values"].get("stackTrace")
        if not stack or not stack["frames"]:
            continue
        total += 1
        names = [frame_name(f) for f in stack["frames"]]
        self_time[names[0]] += 1
        for name in set(names):
            inclusive[name] += 1
    print(f"execution samples: {total}")
    print("--- self (top frame)")
    for name, count in self_time.most_common(rows):
        print(f"{100 * count / total:5.1f}% {name}")
    print("--- inclusive")
    for name, count in inclusive.most_common(rows):
        print(f"{100 * count / total:5.1f}% {name}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
