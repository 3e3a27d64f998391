"""Keep-alive callers through a stop: CLIENTS threads, each on one kept-alive connection, loop POST /decisions
until the service, sent SIGTERM after TERM_AFTER seconds, has exited. Prints what the requests sent after the
SIGTERM met and writes every acknowledged decision's trace id to OUT, one per line. A request counts as sent after
SIGTERM when it was sent once os.kill had returned; whether the service had begun its stop by then is its own
business, so one sent in that moment may still be answered as before it.
Run by bench/rollout.sh: python3 bench/rollout.py URL SERVICE_PID CLIENTS TERM_AFTER OUT"""
import http.client
import json
import os
import signal
import sys
import threading
import time
from urllib.parse import urlparse

url, pid, clients, term_after, out = urlparse(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
lock = threading.Lock()
stop = threading.Event()
term = {"at": None}
acked, after = [], {"sent": 0, "ok": 0, "close": 0, "lost": 0, "refused_at": None}
unreadable = [0]


def decision(n):
    return json.dumps({"task_id": f"rollout-{n}", "context": {"cpu": 8, "latency_ms": 60, "region": "us-west"},
                       "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]})


def client(k):
    conn, n = None, 0
    while not stop.is_set():
        if conn is None:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            try:
                conn.connect()
            except OSError:
                with lock:
                    if term["at"] is not None and after["refused_at"] is None:
                        after["refused_at"] = time.monotonic() - term["at"]
                conn = None
                time.sleep(0.05)
                continue
        n += 1
        sent = time.monotonic()
        late = term["at"] is not None
        try:
            conn.request("POST", "/decisions", decision(f"{k}-{n}"), {"Content-Type": "application/json"})
            resp = conn.getresponse()
            body = resp.read()
        except (OSError, http.client.HTTPException):
            with lock:
                if late:
                    after["sent"] += 1
                    after["lost"] += 1
            conn.close()
            conn = None
            continue
        closing = (resp.getheader("Connection") or "").lower() == "close"
        with lock:
            if resp.status == 200:
                try:
                    acked.append(json.loads(body)["trace_id"])
                except (ValueError, KeyError, TypeError):
                    unreadable[0] += 1
            if late:
                after["sent"] += 1
                after["ok"] += resp.status == 200
                after["close"] += closing
        if closing:
            conn.close()
            conn = None


def alive():
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
for t in threads:
    t.start()
time.sleep(term_after)
os.kill(pid, signal.SIGTERM)
term["at"] = time.monotonic()
deadline = time.monotonic() + 100
while alive() and time.monotonic() < deadline:
    time.sleep(0.05)
stopped = time.monotonic() - term["at"]
stop.set()
for t in threads:
    t.join(35)
with open(out, "w") as f:
    f.writelines(t + "\n" for t in acked)
refused = "never" if after["refused_at"] is None else f"{after['refused_at']:.2f} s"
print(f"acknowledged decisions: {len(acked)}; the service exited {stopped:.2f} s after SIGTERM"
      + (f"; {unreadable[0]} answers 200 without a trace_id" if unreadable[0] else ""))
print(f"sent after SIGTERM: {after['sent']}, answered 200: {after['ok']}, with Connection: close: {after['close']}, "
      f"lost: {after['lost']}; a new connection first refused {refused} after SIGTERM (tried at each reconnect)")
