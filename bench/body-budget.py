#!/usr/bin/env python3
"""Exercises the request-body budget of a running service on loopback and prints what each client got.
Usage: bench/body-budget.py PORT large N SECONDS    N threads sending valid 1 MiB decisions back to back
       bench/body-budget.py PORT slow N SECONDS     N connections each sending 1,040,000 bytes of a 1 MiB body and
                                                    40 sending 4,096 bytes of one, then a byte every 3 s each
                                                    (reconnecting when answered), beside one steady client
                                                    sending small decisions every 20 ms"""
import collections
import http.client
import json
import socket
import sys
import threading
import time

port, mode, n, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
end = time.time() + seconds
counts, lock = collections.Counter(), threading.Lock()
head = '{"task_id":"x","candidates":[{"provider":"a","sku":"b"}],"pad":"'
large = (head + "a" * (1048576 - len(head) - 2) + '"}').encode()
small = json.dumps({"task_id": "steady", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
                    "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}).encode()


def post(body, pause):
    """Sends body over keep-alive until the end; returns the latencies and counts each status."""
    conn, latencies = None, []
    while time.time() < end:
        start = time.time()
        try:
            conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", "/decisions", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except OSError as ex:
            status, conn = "error " + type(ex).__name__, None
        latencies.append(time.time() - start)
        with lock:
            counts[status] += 1
        time.sleep(pause)
    return latencies


def slow_body(sent):
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.settimeout(0.05)
                s.sendall(b"POST /decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 1048576\r\n\r\n" + b" " * sent)
                while time.time() < end:
                    try:
                        s.recv(200)
                        break
                    except socket.timeout:
                        time.sleep(3)
                        s.sendall(b" ")
        except OSError:
            time.sleep(0.1)


if mode == "large":
    threads = [threading.Thread(target=post, args=(large, 0)) for _ in range(n)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(f"{n} senders of 1 MiB decisions, {seconds:.0f} s: {dict(counts)}")
else:
    threads = [threading.Thread(target=slow_body, args=(1040000 if i < n else 4096,), daemon=True) for i in range(n + 40)]
    [t.start() for t in threads]
    time.sleep(3)
    latencies = sorted(post(small, 0.02))
    print(f"steady client beside {n} + 40 slow 1 MiB bodies: {dict(counts)}, p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms")
