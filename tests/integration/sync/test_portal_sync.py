#!/usr/bin/env python3
"""civiq-hub's portal sync against the portal fixture: sync, faults, kills, TLS."""
import argparse
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import datetime

ARGS = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout=20.0, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = pred()
            if v:
                return v
        except (OSError, ValueError, sqlite3.Error, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def http(method, url, body=None, token=None, ctx=None):
    req = urllib.request.Request(url, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=10, context=ctx) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class Env:
    """A temp folder with a fixture and a hub; everything is killed on close."""

    def __init__(self, fixture_args=(), tls=False):
        self.dir = tempfile.mkdtemp(prefix="civiq-sync-")
        self.hub_proc = None
        self.tls = tls
        self.fixture_args = list(fixture_args)
        self.start_fixture()

    def start_fixture(self):
        port_file = os.path.join(self.dir, "portal.port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        cmd = [sys.executable, ARGS.fixture, "--port", "0", "--port-file", port_file,
               "--page-size", "10"] + self.fixture_args
        if self.tls:
            cmd += ["--cert", self.make_certs() + "/server.pem", "--key", self.dir + "/server.key"]
        self.fixture = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        def port():
            with open(port_file) as f:
                return f.read().strip()
        self.portal_port = int(wait_for(port, what="fixture"))
        scheme = "https" if self.tls else "http"
        host = "localhost" if self.tls else "127.0.0.1"
        self.portal_url = "%s://%s:%d" % (scheme, host, self.portal_port)
        self.control = "http://127.0.0.1:%d" % self.portal_port if not self.tls else None

    def make_certs(self):
        d = self.dir
        if os.path.exists(d + "/server.pem"):
            return d
        def run(*a):
            subprocess.run(["openssl"] + list(a), check=True, capture_output=True)
        for ca in ("ca", "other-ca"):
            run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "%s/%s.key" % (d, ca), "-out", "%s/%s.pem" % (d, ca), "-days", "2",
                "-subj", "/CN=civiq test %s" % ca)
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            d + "/server.key", "-out", d + "/server.csr", "-subj", "/CN=localhost")
        with open(d + "/ext.cnf", "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        run("x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
            "-CAcreateserial", "-out", d + "/server.pem", "-days", "2", "-extfile", d + "/ext.cnf")
        return d

    def ctl(self, method, path, body=None):
        return http(method, self.control + path, body)[1]

    def start_hub(self, ca_file=None, extra=""):
        self.hub_port = free_port()
        conf = os.path.join(self.dir, "hub.conf")
        with open(conf, "w") as f:
            f.write("[hub]\nboard = sim\ndatabase = hub.db\ntimezone = Europe/Berlin\n"
                    "[service.meldewesen]\nprefix = A\n[service.ausweise]\nprefix = B\n"
                    "[service.kfz]\nprefix = C\n[counter.1]\nservices = meldewesen, ausweise, kfz\n"
                    "[device.kiosk-1]\nrole = kiosk\ntoken = dev-kiosk\n"
                    "[device.staff-1]\nrole = staff\ntoken = dev-staff\n"
                    "[device.ops-1]\nrole = ops\ntoken = dev-ops-token\n"
                    "[portal]\nurl = %s\noffice = musterstadt\ntoken = dev-portal\n"
                    "interval_s = 1\nbackoff_max_s = 2\ntimeout_s = 2\nconnect_timeout_s = 2\n"
                    "max_body_kb = 1024\n%s%s" % (self.portal_url,
                                                  "ca_file = %s\n" % ca_file if ca_file else "",
                                                  extra))
        with open(os.path.join(self.dir, "hub.log"), "a") as log:
            self.hub_proc = subprocess.Popen(
                [ARGS.hub, "--config", conf, "--listen", "127.0.0.1:%d" % self.hub_port],
                stderr=log)
        self.hub = "http://127.0.0.1:%d" % self.hub_port
        wait_for(lambda: http("GET", self.hub + "/api/v1/health")[0] == 200, what="hub")

    def health(self):
        return http("GET", self.hub + "/api/v1/health")[1]["portal"]

    def kill_hub(self, sig=signal.SIGKILL):
        self.hub_proc.send_signal(sig)
        self.hub_proc.wait(timeout=20)

    def db(self, sql):
        c = sqlite3.connect("file:%s/hub.db?mode=ro" % self.dir, uri=True, timeout=5)
        try:
            return c.execute(sql).fetchall()
        finally:
            c.close()

    def n_bookings(self):
        return self.db("SELECT count(*) FROM bookings")[0][0]

    def metrics(self):
        req = urllib.request.Request(self.hub + "/metrics")
        req.add_header("Authorization", "Bearer dev-ops-token")
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.read().decode()

    def close(self):
        for p in (self.hub_proc, self.fixture):
            if p and p.poll() is None:
                p.kill()
                p.wait()
        if os.environ.get("CIVIQ_KEEP_TEST_DIRS"):
            print("kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def soon(minutes):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.replace(microsecond=0)


def booking(bid, code, minutes=5, status="confirmed", service="meldewesen"):
    s = soon(minutes)
    return {"id": bid, "code": code, "service": service, "start": s.isoformat(),
            "end": (s + datetime.timedelta(minutes=15)).isoformat(), "status": status,
            "family_name": "MUSTERMANN", "given_names": "ERIKA", "birth_date": "1964-08-12"}


class PlainHttp(unittest.TestCase):
    def setUp(self):
        self.env = Env(["--seed", "35"])

    def tearDown(self):
        self.env.close()

    def test_initial_and_incremental_sync_then_check_in_reaches_the_portal(self):
        e = self.env
        e.start_hub()
        wait_for(lambda: e.n_bookings() == 35, what="initial sync")
        wait_for(lambda: e.health() == "ok", what="portal ok")
        e.ctl("POST", "/_control/bookings", [booking("new-1", "NEW-1")])
        wait_for(lambda: e.n_bookings() == 36, what="incremental sync")
        st, t = http("POST", e.hub + "/api/v1/checkins", {"booking_code": "NEW-1"}, "dev-kiosk")
        self.assertEqual(st, 201, t)
        effects = wait_for(lambda: e.ctl("GET", "/_control/events")["effects"], what="event")
        self.assertEqual([v["type"] for v in effects.values()], ["checked_in"])
        self.assertEqual(list(effects.values())[0]["booking"], "new-1")
        # Cancelled at the portal after check-in: the waiting ticket goes with it.
        e.ctl("POST", "/_control/bookings", [booking("new-1", "NEW-1", status="cancelled")])
        wait_for(lambda: e.db("SELECT status FROM tickets WHERE id = %d" % t["id"])[0][0] == 6,
                 what="ticket cancelled")

    def test_faults_are_survived_and_counted(self):
        e = self.env
        e.ctl("POST", "/_control/faults", {"fail": 3, "status": 503})
        e.start_hub()
        wait_for(lambda: e.n_bookings() == 35, what="sync after a 5xx burst")
        for fault, body in (("truncate", {"truncate": 1}), ("garbage", {"garbage": 1}),
                            ("huge", {"huge": 1}), ("slow", {"slow": 1, "slow_s": 4}),
                            ("retry-after", {"fail": 1, "status": 429, "retry_after": 1}),
                            ("duplicate", {"duplicate": 1}), ("reset", {"reset_cursor": True})):
            n = e.n_bookings()
            e.ctl("POST", "/_control/faults", body)
            e.ctl("POST", "/_control/bookings", [booking("f-" + fault, "F-" + fault.upper())])
            wait_for(lambda: e.n_bookings() == n + 1, timeout=30, what="sync after " + fault)
        e.ctl("POST", "/_control/faults", {"duplicate": 0})
        m = e.metrics()
        self.assertRegex(m, r"civiq_portal_bad_pages_total [2-9]")
        self.assertIn("civiq_portal_resyncs_total 1", m)
        self.assertIn('civiq_portal_records_skipped_total{reason="not_object"} 2', m)
        self.assertIn('civiq_portal_records_skipped_total{reason="absurd_time"} 1', m)
        wait_for(lambda: e.health() == "ok", what="ok again")
        self.assertEqual(e.hub_proc.poll(), None)

    def test_offline_portal_is_reported_and_the_hub_keeps_working(self):
        e = self.env
        e.start_hub()
        wait_for(lambda: e.n_bookings() == 35, what="sync")
        e.fixture.kill()
        e.fixture.wait()
        wait_for(lambda: e.health() == "offline", what="offline")
        st, _ = http("POST", e.hub + "/api/v1/tickets", {"service": "kfz"}, "dev-kiosk")
        self.assertEqual(st, 201)
        self.assertEqual(e.n_bookings(), 35)

    def test_hub_killed_mid_sync_resumes_without_loss(self):
        e = Env(["--seed", "400"])
        try:
            e.ctl("POST", "/_control/faults", {"slow": 1000, "slow_s": 0.05})
            e.start_hub()
            wait_for(lambda: e.n_bookings() >= 50, what="partial sync")
            e.kill_hub()
            partial = e.n_bookings()
            self.assertLess(partial, 400)
            e.ctl("POST", "/_control/faults", {"slow": 0})
            e.start_hub()
            wait_for(lambda: e.n_bookings() == 400, what="the rest")
        finally:
            e.close()

    def test_hub_killed_mid_delivery_sends_each_event_once_in_effect(self):
        e = self.env
        e.start_hub()
        wait_for(lambda: e.health() == "ok", what="portal ok")
        codes = ["K-%d" % i for i in range(6)]
        e.ctl("POST", "/_control/bookings",
              [booking("k%d" % i, c, minutes=5 + i) for i, c in enumerate(codes)])
        wait_for(lambda: e.n_bookings() == 41, what="sync")
        # Events take effect at the portal but their answers are slow: the hub dies meanwhile.
        e.ctl("POST", "/_control/faults", {"slow": 3, "slow_s": 1.5})
        for c in codes:
            st, _ = http("POST", e.hub + "/api/v1/checkins", {"booking_code": c}, "dev-kiosk")
            self.assertEqual(st, 201)
        wait_for(lambda: len(e.ctl("GET", "/_control/events")["received"]) >= 1, what="delivery")
        e.kill_hub()
        # Answers are lost for some: a lost answer is sent again with the same key.
        e.ctl("POST", "/_control/faults", {"event_fail": 2})
        e.start_hub()
        ev = wait_for(lambda: (lambda d: d if len(d["effects"]) == 6 else None)(
            e.ctl("GET", "/_control/events")), what="all events")
        time.sleep(1.5)
        ev = e.ctl("GET", "/_control/events")
        self.assertEqual(sorted(v["booking"] for v in ev["effects"].values()),
                         ["k%d" % i for i in range(6)])
        self.assertGreater(len(ev["received"]), 6)  # some were sent twice ...
        self.assertEqual(len(ev["effects"]), 6)     # ... with no second effect
        wait_for(lambda: e.db("SELECT count(*) FROM portal_outbox WHERE state = 0")[0][0] == 0,
                 what="outbox empty")


class Tls(unittest.TestCase):
    def setUp(self):
        self.env = Env(["--seed", "12"], tls=True)

    def tearDown(self):
        self.env.close()

    def test_right_ca_syncs(self):
        e = self.env
        e.start_hub(ca_file=e.dir + "/ca.pem")
        wait_for(lambda: e.n_bookings() == 12, what="sync over https")
        self.assertEqual(e.health(), "ok")

    def test_wrong_ca_is_refused(self):
        e = self.env
        e.start_hub(ca_file=e.dir + "/other-ca.pem")
        time.sleep(3)
        self.assertEqual(e.health(), "offline")
        self.assertEqual(e.n_bookings(), 0)
        self.assertIn('civiq_portal_requests_total{kind="pull",result="failed"}', e.metrics())


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--hub", required=True)
    ap.add_argument("--fixture", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
