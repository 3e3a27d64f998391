#!/usr/bin/env python3
"""Floods POST /decisions with 1 MiB bodies built to parse into the most objects, from N threads for D seconds,
and prints how the answers were counted (status codes, or the error that ended a connection).
Usage: bench/body-flood.py KIND THREADS SECONDS [PORT]; KIND is maps ({},) or lmaps ([{}],)."""
import socket
import sys
import threading
import time

kind, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
port = int(sys.argv[4]) if len(sys.argv) > 4 else 8080
prefix = b'{"task_id":"t","candidates":[{"provider":"a","sku":"x"}],"context":{"a":['
unit = {"maps": b"{},", "lmaps": b"[{}],"}[kind]
body = prefix + unit * ((1048576 - len(prefix) - 10) // len(unit)) + b"{}]}}"
request = (b"POST /decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
           % len(body)) + body
counts, lock = {}, threading.Lock()


def flood():
    start = time.time()
    while time.time() - start < seconds:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(request)
                answer = s.recv(200)
                code = answer[9:12].decode() if answer else "closed"
        except OSError as e:
            code = type(e).__name__
        with lock:
            counts[code] = counts.get(code, 0) + 1


workers = [threading.Thread(target=flood) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(kind, len(body), counts)
