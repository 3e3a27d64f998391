#!/usr/bin/env python3
"""Measures the strategist's step as a running service's own histogram sees it, after a warm-up.
Usage: bench/strategist-phase.py PORT WARMUP MEASURED
Sends WARMUP decisions one after another, then MEASURED more, and prints the mean of
decision_latency_seconds{phase="strategist"} over the measured ones (start the service with
AURORA_ROUTER_URL=none so that no router call is in the run)."""
import json
import re
import sys
import urllib.request

port, warmup, measured = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}"
candidates = [{"provider": "akash", "sku": "A1"}, {"provider": "vast", "sku": "V4"}, {"provider": "ionet", "sku": "I2"}]


def decide(i):
    body = json.dumps({"task_id": f"t{i}", "candidates": candidates,
                       "context": {"cpu": 8, "memory_gb": 16, "latency_ms": 80, "region": "us-west"}}).encode()
    request = urllib.request.Request(base + "/decisions", data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()


def histogram():
    text = urllib.request.urlopen(base + "/metrics?includedNames=aurora_intelligence_decision_latency_seconds").read().decode()
    def value(part):
        return float(re.search(r'decision_latency_seconds_' + part + r'\{phase="strategist"\} (\S+)', text).group(1))
    return value("sum"), value("count")


for i in range(warmup):
    decide(i)
sum0, count0 = histogram()
for i in range(measured):
    decide(warmup + i)
sum1, count1 = histogram()
print(f"strategist step: mean {(sum1 - sum0) / (count1 - count0) * 1e6:.1f} µs over {int(count1 - count0)} decisions")
