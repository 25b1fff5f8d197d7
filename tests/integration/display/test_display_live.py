#!/usr/bin/env python3
"""civiq-display against a real civiq-hub on loopback.

Starts the hub from the build tree (a temporary copy of the sim config, a free port, the
database in a temp dir) and the display headless with the null audio backend, then checks
through the display's state.json and WAV output that:
  * tickets and calls from the hub's API reach the screen (event -> display state),
  * a call is announced: the WAV is non-silent and of plausible length,
  * calls made while the display runs across a hub restart are all shown and announced.
"""
import argparse
import array
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
import wave


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    def __init__(self, exe, config, port, tmp):
        self.args = [exe, "--config", config, "--listen", f"127.0.0.1:{port}",
                     "--database", os.path.join(tmp, "hub.db")]
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(tmp, "hub.log"), "ab")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=self.log)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/v1/health", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)

    def post(self, path, token, body=None, method="POST"):
        data = json.dumps(body).encode() if body is not None else b""
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"null")

    def ticket(self, service):
        return self.post("/api/v1/tickets", "dev-kiosk", {"service": service})["number"]

    def call_next(self, counter):
        return self.post(f"/api/v1/counters/{counter}/call-next", "dev-staff")["number"]


def read_state(shots):
    try:
        with open(os.path.join(shots, "state.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wait_for(shots, what, pred, timeout=20):
    deadline = time.time() + timeout
    st = None
    while time.time() < deadline:
        st = read_state(shots)
        if st and pred(st):
            return st
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}; last state: {st}")


def shown(st):
    """Every number on screen: the current call and the history."""
    nums = list(st["history"])
    if st["current"]:
        nums.insert(0, st["current"]["number"])
    return nums


def wav_stats(path):
    with wave.open(path) as w:
        rate, n = w.getframerate(), w.getnframes()
        pcm = array.array("h", w.readframes(n))
    loud = sum(1 for s in pcm if abs(s) > 1000)
    return rate, n / rate, loud


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hub", required=True)
    ap.add_argument("--display", required=True)
    ap.add_argument("--config", required=True)
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="civiq-display-it-")
    ok = False
    hub = display = None
    try:
        config = os.path.join(tmp, "civiq.conf")
        shutil.copy(a.config, config)
        hub = Hub(a.hub, config, free_port(), tmp)
        hub.start()
        shots, wav = os.path.join(tmp, "shots"), os.path.join(tmp, "announce.wav")
        dlog = open(os.path.join(tmp, "display.log"), "ab")
        display = subprocess.Popen(
            [a.display, "--config", config, "--hub", hub.url, "--token", "dev-display",
             "--audio", "null:" + wav, "--screenshot-dir", shots, "--headless"],
            stdout=dlog, stderr=dlog)

        # Event -> display state: tickets raise the waiting counts, a call shows up.
        wait_for(shots, "connected", lambda s: s["connected"])
        a1, c1 = hub.ticket("meldewesen"), hub.ticket("kfz")
        hub.ticket("meldewesen")
        wait_for(shots, "waiting counts", lambda s: s["waiting"].get("meldewesen") == 2
                 and s["waiting"].get("kfz") == 1)
        # Walk-in estimates: every counter is open, so each service has one; 2 waiting for
        # meldewesen at 2 open counters cost them no wait, a third joins after them.
        st = wait_for(shots, "wait estimates", lambda s: all(
            s["waits"].get(k, -1) >= 0 for k in ("meldewesen", "ausweise", "kfz")))
        print(f"walk-in estimates: {st['waits']}")

        # The ticker set on the hub reaches the screen live; cleared, the board's own returns.
        own = st["ticker"]
        text = "Heute geöffnet bis 12:00"
        hub.post("/api/v1/display/ticker", "dev-staff", {"text": text}, method="PUT")
        wait_for(shots, "ticker from the hub", lambda s: s["ticker"] == text, timeout=5)
        hub.post("/api/v1/display/ticker", "dev-staff", {"text": ""}, method="PUT")
        wait_for(shots, "own ticker again", lambda s: s["ticker"] == own, timeout=5)

        called = hub.call_next(3)  # Platz 3 serves ausweise, kfz
        assert called == c1, called
        st = wait_for(shots, "first call", lambda s: s["current"]
                      and s["current"]["number"] == c1)
        assert st["current"]["counter_label"] == "Platz 3", st
        wait_for(shots, "waiting after the call", lambda s: s["waiting"].get("kfz") == 0)
        st = wait_for(shots, "first announcement", lambda s: s["announced"] >= 1)
        rate, secs, loud = wav_stats(wav)
        print(f"announcement: {secs:.2f} s at {rate} Hz, {loud} loud samples")
        assert 3.5 < secs < 10, secs
        assert loud > rate // 2, loud  # at least half a second of clearly audible sound

        # A recall re-announces but lists the number once.
        hub.post("/api/v1/counters/3/recall", "dev-staff")
        st = wait_for(shots, "recall announced", lambda s: s["announced"] >= 2)
        assert shown(st).count(c1) == 1, st

        # Reconnect: restart the hub between two calls; both are shown and announced.
        hub.stop()
        wait_for(shots, "disconnected mark", lambda s: not s["connected"])
        hub.start()
        second = hub.call_next(1)
        assert second == a1, second
        st = wait_for(shots, "call after the restart", lambda s: second in shown(s)
                      and c1 in shown(s) and s["announced"] >= 3, timeout=30)
        assert st["connected"], st
        # A call made while the display is cut off is caught up through Last-Event-ID.
        hub.stop()
        wait_for(shots, "disconnected again", lambda s: not s["connected"])
        hub.start()
        third = None
        # Call before the display has reconnected (its back-off is at least 0.5 s).
        third = hub.call_next(2)
        st = wait_for(shots, "call made while disconnected", lambda s: third in shown(s)
                      and s["announced"] >= 4, timeout=30)
        assert all(n in shown(st) for n in (c1, second, third)), st
        rate, secs2, _ = wav_stats(wav)
        assert secs2 > 3.5 * 4, secs2
        print(f"shown: {shown(st)}; {st['announced']} announcements, {secs2:.1f} s of audio")

        display.send_signal(signal.SIGTERM)
        assert display.wait(timeout=30) == 0

        # Outside the hub's opening hours a one-shot display shows the closed message.
        hub.stop()
        closed_cfg = os.path.join(tmp, "closed.conf")
        hours = "23:00-23:59" if time.localtime().tm_hour < 12 else "00:00-00:01"
        with open(config) as f, open(closed_cfg, "w") as out:
            out.write(f.read().replace("[hub]\n", f"[hub]\nopening_hours = {hours}\n", 1))
        hub = Hub(a.hub, closed_cfg, free_port(), tmp)
        hub.start()
        shots2 = os.path.join(tmp, "shots-closed")
        once = subprocess.run(
            [a.display, "--config", closed_cfg, "--hub", hub.url, "--token", "dev-display",
             "--audio", "null:", "--screenshot-dir", shots2, "--headless", "--once"],
            stdout=dlog, stderr=dlog, timeout=60)
        assert once.returncode == 0, once.returncode
        st = read_state(shots2)
        assert st["connected"] and st["message"] == "Das Bürgerbüro ist geschlossen.", st
        assert os.path.getsize(os.path.join(shots2, "display.png")) > 1000
        ok = True
    finally:
        if display and display.poll() is None:
            display.kill()
            display.wait()
        if hub:
            hub.stop()
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp} for inspection", file=sys.stderr)
            for name in ("display.log", "hub.log"):
                p = os.path.join(tmp, name)
                if os.path.exists(p):
                    sys.stderr.write(f"--- {name}\n" + open(p, errors="replace").read()[-4000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
