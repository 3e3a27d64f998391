#!/usr/bin/env python3
"""Exercises the request-body budget of a running service on loopback and prints what each client got.
Usage: bench/body-budget.py PORT large N SECONDS    N threads sending valid 1 MiB decisions back to back
       bench/body-budget.py PORT slow N SECONDS     N connections each sending 1,040,000 bytes of a 1 MiB body and
                                                    40 sending 4,096 bytes of one, then a byte every 3 s each
                                                    (reconnecting when answered), beside one steady client
                                                    sending small decisions every 20 ms
       bench/body-budget.py PORT routed N SECONDS   N threads sending valid 1 MiB decisions that the router below
                                                    takes 0.9 s to place, beside the steady client
       bench/body-budget.py PORT router             a router on PORT: POST /route answers at once, or after 0.9 s
                                                    for a body naming the provider slowpoke"""
import collections
import http.client
import http.server
import json
import socket
import sys
import threading
import time

port, mode = int(sys.argv[1]), sys.argv[2]
n, seconds = (int(sys.argv[3]), float(sys.argv[4])) if len(sys.argv) > 4 else (0, 0.0)
end = time.time() + seconds
lock = threading.Lock()
head = '{"task_id":"x","candidates":[{"provider":"a","sku":"b"}],"pad":"'
large = (head + "a" * (1048576 - len(head) - 2) + '"}').encode()
routed_head = head.replace('"provider":"a"', '"provider":"slowpoke"')
routed = (routed_head + "a" * (1048576 - len(routed_head) - 2) + '"}').encode()
small = json.dumps({"task_id": "steady", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
                    "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}).encode()


def post(body, pause, counts):
    """Sends body over keep-alive until the end, counting each status; returns the latencies."""
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


def beside(threads, label):
    """Runs the threads, and the steady client after 1 s of them; prints what the steady client got."""
    [t.start() for t in threads]
    time.sleep(1)
    counts = collections.Counter()
    latencies = sorted(post(small, 0.02, counts))
    print(f"steady client beside {label}: {dict(counts)}, p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms")


class Router(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if b"slowpoke" in body:
            time.sleep(0.9)
        answer = b'{"status":"placed","score":0.6}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


if mode == "router":
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Router).serve_forever()
elif mode == "large":
    counts = collections.Counter()
    threads = [threading.Thread(target=post, args=(large, 0, counts)) for _ in range(n)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(f"{n} senders of 1 MiB decisions, {seconds:.0f} s: {dict(counts)}")
elif mode == "routed":
    counts = collections.Counter()
    threads = [threading.Thread(target=post, args=(routed, 0, counts)) for _ in range(n)]
    beside(threads, f"{n} senders of 1 MiB decisions the router takes 0.9 s to place")
    [t.join() for t in threads]
    print(f"  their decisions: {dict(counts)}")
else:
    beside([threading.Thread(target=slow_body, args=(1040000 if i < n else 4096,), daemon=True) for i in range(n + 40)],
           f"{n} + 40 slow 1 MiB bodies")
