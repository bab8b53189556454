#!/usr/bin/env python3
"""Growth exponent of PatternScalingBenchmark: least-squares slope of log(time) over log(history size), per source.

Usage: python3 shared/benchmarks/loglog_slope.py shared/benchmarks/results/pattern-scaling.json
A slope of 1.0 is linear growth; the goal is "no faster than linear".
"""
import json
import math
import sys
from collections import defaultdict


def slope(points):
    xs = [math.log10(x) for x, _ in points]
    ys = [math.log10(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(path):
    series = defaultdict(list)
    for run in json.load(open(path)):
        params = run.get("params", {})
        series[params.get("source", "generated")].append(
            (int(params["history"]), run["primaryMetric"]["score"]))
    for source, points in sorted(series.items()):
        points.sort()
        steps = ", ".join(f"{a[0]}->{b[0]}: {math.log10(b[1] / a[1]) / math.log10(b[0] / a[0]):.2f}"
                          for a, b in zip(points, points[1:]))
        print(f"{source}: fit slope {slope(points):.2f} (per decade {steps}); "
              + ", ".join(f"{n}={t:.3f} ms" for n, t in points))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "shared/benchmarks/results/pattern-scaling.json")
