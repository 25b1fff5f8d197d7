#!/usr/bin/env python3
"""Event -> presented-frame latency of civiq-display, its RSS and idle CPU.

Starts civiq-hub and a headless civiq-display from a build tree, calls N tickets with
call-next and, for each, takes the time from just before the POST to the display's
`presented_at_ms` of the first frame showing the number (both wall clock, same machine).
Usage: bench/display/latency.py [BUILD_DIR] [N]
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "release")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 30


def post(url, token, body=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body else b"",
                                 method="POST", headers={"Authorization": "Bearer " + token,
                                                         "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def state(shots):
    try:
        with open(os.path.join(shots, "state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, clock ticks


def wakeups(pid):
    """Voluntary context switches of all threads: how often the process slept and woke."""
    n = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    n += int(line.split()[1])
    return n


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])


tmp = tempfile.mkdtemp(prefix="civiq-bench-display-")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
hub_url = f"http://127.0.0.1:{port}"
conf = os.path.join(tmp, "civiq.conf")
shutil.copy(os.path.join(root, "boards", "sim", "civiq.conf"), conf)
shots = os.path.join(tmp, "shots")
log = open(os.path.join(tmp, "log"), "ab")
hub = subprocess.Popen([os.path.join(build, "firmware/apps/hub/civiq-hub"), "--config", conf,
                        "--listen", f"127.0.0.1:{port}", "--database",
                        os.path.join(tmp, "hub.db")], stdout=log, stderr=log)
env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
           CIVIQ_LOG_LEVEL="warning")
disp = subprocess.Popen([os.path.join(build, "firmware/apps/display/civiq-display"),
                         "--config", conf, "--hub", hub_url, "--audio", "null:",
                         "--screenshot-dir", shots, "--headless"], stdout=log, stderr=log,
                        env=env)
try:
    deadline = time.time() + 20
    while not (state(shots) or {}).get("connected"):
        if time.time() > deadline:
            raise SystemExit("display did not connect")
        time.sleep(0.05)
    lat, answered = [], []
    for i in range(n):
        post(hub_url + "/api/v1/tickets", "dev-kiosk", {"service": "meldewesen"})
        # Let the display settle (waiting counts, screenshot) so the call meets an idle screen.
        time.sleep(0.8)
        v0 = state(shots)["version"]
        t0 = time.time() * 1000
        num = post(hub_url + "/api/v1/counters/1/call-next", "dev-staff")["number"]
        answered.append(time.time() * 1000 - t0)
        while True:
            st = state(shots)
            if st and st["version"] > v0 and st["current"] and st["current"]["number"] == num:
                lat.append(st["presented_at_ms"] - t0)
                break
            time.sleep(0.002)
    lat.sort()
    print(f"event -> presented frame over {n} calls: median {lat[len(lat) // 2]:.1f} ms, "
          f"p99 {lat[min(len(lat) - 1, len(lat) * 99 // 100)]:.1f} ms, max {lat[-1]:.1f} ms")
    answered.sort()
    print(f"(of which the hub's call-next answer: median {answered[len(answered) // 2]:.1f} ms)")
    # Idle: wait for the blinking to end, then measure CPU and wake-ups over 20 s.
    time.sleep(4)
    tick = os.sysconf("SC_CLK_TCK")
    c0, w0, t0 = proc_stat(disp.pid), wakeups(disp.pid), time.time()
    time.sleep(20)
    secs = time.time() - t0
    cpu = (proc_stat(disp.pid) - c0) / tick / secs * 100
    wps = (wakeups(disp.pid) - w0) / secs
    print(f"idle CPU {cpu:.2f} %, {wps:.1f} wake-ups/s; RSS {rss_kb(disp.pid) / 1024:.1f} MB, "
          f"peak {hwm_kb(disp.pid) / 1024:.1f} MB (headless, screenshots on)")
finally:
    disp.send_signal(signal.SIGTERM)
    disp.wait(timeout=20)
    hub.send_signal(signal.SIGTERM)
    hub.wait(timeout=20)
    shutil.rmtree(tmp, ignore_errors=True)
