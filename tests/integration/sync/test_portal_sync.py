#!/usr/bin/env python3
"""civiq-hub's portal sync against the portal fixture: sync, faults, kills, TLS."""
import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import select
import shutil
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

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


class ProxyHandler(socketserver.StreamRequestHandler):
    """An HTTP proxy: CONNECT tunnels, absolute-form requests are passed on as they are."""
    rbufsize = 0  # nothing of the tunnel may stay behind in a buffer

    def handle(self):
        try:
            method, target, _ = self.rfile.readline().decode("latin-1").split()
        except ValueError:
            return
        head = []
        while True:
            line = self.rfile.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            head.append(line)
        with self.server.lock:
            self.server.seen.append((method, target))
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
        else:
            u = urllib.parse.urlsplit(target)
            host, port = u.hostname, u.port or 80
        try:
            up = socket.create_connection((host, int(port)), timeout=10)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        with up:
            if method == "CONNECT":
                self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                up.sendall(("%s %s HTTP/1.1\r\n" % (method, target)).encode("latin-1") +
                           b"".join(h for h in head if not h.lower().startswith(b"proxy-")) +
                           b"\r\n")
            socks = [self.connection, up]
            while True:
                ready, _, _ = select.select(socks, [], [], 30)
                if not ready:
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (up if sock is self.connection else self.connection).sendall(data)


class Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.lock = threading.Lock()
        self.seen = []
        self.url = "http://127.0.0.1:%d" % self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self):
        self.shutdown()
        self.server_close()


class Blackhole:
    """A listening port whose queue is full: connections to it are never completed."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.fill = []
        for _ in range(3):
            c = socket.socket()
            c.setblocking(False)
            try:
                c.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self.fill.append(c)

    def close(self):
        for c in self.fill + [self.sock]:
            c.close()


def metric(text, name, **labels):
    """The value of one sample of a /metrics text (labels in the hub's order), 0 when absent."""
    key = name + ("{%s}" % ",".join('%s="%s"' % kv for kv in labels.items()) if labels else "")
    for line in text.splitlines():
        if line.startswith(key + " "):
            return float(line.split()[-1])
    return 0


class Env:
    """A temp folder with a fixture and a hub; everything is killed on close."""

    def __init__(self, fixture_args=(), tls=False, client_ca=False):
        self.dir = tempfile.mkdtemp(prefix="civiq-sync-")
        self.hub_proc = None
        self.tls = tls
        self.fixture_args = list(fixture_args)
        if client_ca:
            self.fixture_args += ["--client-ca", self.make_certs() + "/ca.pem"]
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
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            d + "/client.key", "-out", d + "/client.csr", "-subj", "/CN=civiq hub musterstadt")
        run("x509", "-req", "-in", d + "/client.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
            "-CAcreateserial", "-out", d + "/client.pem", "-days", "2")
        return d

    def pin(self, cert):
        """curl's pin of a certificate's public key: sha256//<base64 of the SPKI's SHA-256>."""
        pub = subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout"], check=True,
                             capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub,
                             check=True, capture_output=True).stdout
        return "sha256//" + base64.b64encode(hashlib.sha256(der).digest()).decode()

    def ctl(self, method, path, body=None):
        return http(method, self.control + path, body)[1]

    def start_hub(self, portal=True, **settings):
        """A hub on a free port; settings override the [portal] keys (None drops one)."""
        self.hub_port = free_port()
        conf = os.path.join(self.dir, "hub.conf")
        keys = {"url": self.portal_url, "office": "musterstadt", "token": "dev-portal",
                "interval_s": 1, "backoff_max_s": 2, "timeout_s": 2, "connect_timeout_s": 2,
                "max_body_kb": 1024}
        keys.update(settings)
        with open(conf, "w") as f:
            f.write("[hub]\nboard = sim\ndatabase = hub.db\ntimezone = Europe/Berlin\n"
                    "[service.meldewesen]\nprefix = A\n[service.ausweise]\nprefix = B\n"
                    "[service.kfz]\nprefix = C\n[counter.1]\nservices = meldewesen, ausweise, kfz\n"
                    "[device.kiosk-1]\nrole = kiosk\ntoken = dev-kiosk\n"
                    "[device.staff-1]\nrole = staff\ntoken = dev-staff\n"
                    "[device.ops-1]\nrole = ops\ntoken = dev-ops-token\n")
            if portal:
                f.write("[portal]\n" + "".join("%s = %s\n" % kv for kv in keys.items()
                                               if kv[1] is not None))
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

    def log(self):
        with open(os.path.join(self.dir, "hub.log"), errors="replace") as f:
            return f.read()

    def errors(self, error, kind="pull"):
        return metric(self.metrics(), "civiq_portal_errors_total", kind=kind, error=error)

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
        for fault, body in (("truncate", {"truncate": 1}), ("malformed", {"malformed": 1}),
                            ("garbage", {"garbage": 1}), ("huge", {"huge": 1}),
                            ("slow", {"slow": 1, "slow_s": 4}),
                            ("retry-after", {"fail": 1, "status": 429, "retry_after": 1}),
                            ("duplicate", {"duplicate": 1}), ("reset", {"reset_cursor": True})):
            n = e.n_bookings()
            e.ctl("POST", "/_control/faults", body)
            e.ctl("POST", "/_control/bookings", [booking("f-" + fault, "F-" + fault.upper())])
            wait_for(lambda: e.n_bookings() == n + 1, timeout=30, what="sync after " + fault)
        e.ctl("POST", "/_control/faults", {"duplicate": 0})
        m = e.metrics()
        for error in ("server_error", "truncated", "malformed", "too_large", "timeout",
                      "too_many_requests"):
            self.assertGreaterEqual(e.errors(error), 1, error)
        self.assertGreaterEqual(e.errors("server_error"), 3)
        self.assertEqual(metric(m, "civiq_portal_resyncs_total"), 1)
        for reason, n in (("not_object", 2), ("wrong_type", 1), ("missing_field", 1),
                          ("bad_time", 1), ("absurd_time", 1), ("duplicate_code", 1)):
            self.assertEqual(metric(m, "civiq_portal_records_skipped_total", reason=reason), n,
                             reason)
        self.assertGreaterEqual(
            metric(m, "civiq_portal_records_skipped_total", reason="duplicate_id"), 1)
        # Of an id named twice in a page the last record counts.
        self.assertEqual(e.db("SELECT end - start FROM bookings WHERE id = 'f-duplicate'"),
                         [(900,)])
        self.assertNotIn("MUSTERMANN", e.log())
        wait_for(lambda: e.health() == "ok", what="ok again")
        self.assertEqual(e.hub_proc.poll(), None)

    def test_booking_deleted_at_the_portal_is_withdrawn_at_the_next_full_resync(self):
        e = self.env
        e.ctl("POST", "/_control/bookings", [booking("del-1", "DEL-1"), booking("keep-1", "KEEP-1")])
        e.start_hub()
        wait_for(lambda: e.n_bookings() == 37, what="sync")
        st, t = http("POST", e.hub + "/api/v1/checkins", {"booking_code": "DEL-1"}, "dev-kiosk")
        self.assertEqual(st, 201, t)
        # Deleted without a cancel: incremental pages carry changes only and cannot show it.
        e.ctl("POST", "/_control/delete", ["del-1"])
        time.sleep(2)
        self.assertEqual(e.db("SELECT status FROM bookings WHERE id = 'del-1'"), [("confirmed",)])
        e.ctl("POST", "/_control/faults", {"reset_cursor": True})
        wait_for(lambda: e.db("SELECT status, identity FROM bookings WHERE id = 'del-1'") ==
                 [("cancelled", None)], what="withdrawn")
        self.assertEqual(e.db("SELECT status FROM tickets WHERE id = %d" % t["id"]), [(6,)])
        self.assertEqual(e.db("SELECT status FROM bookings WHERE id = 'keep-1'"), [("confirmed",)])
        self.assertEqual(metric(e.metrics(), "civiq_portal_bookings_withdrawn_total"), 1)

    def test_huge_answers_are_cut_off_early_and_nothing_synced_is_lost(self):
        e = self.env
        e.start_hub()
        wait_for(lambda: e.n_bookings() == 35, what="sync")
        for fault in ("huge", "huge_stream"):  # 8 GiB announced, and streamed without length
            before = e.errors("too_large")
            e.ctl("POST", "/_control/faults", {fault: 1})
            wait_for(lambda: e.errors("too_large") > before, what=fault + " refused")
            sent = wait_for(lambda: e.ctl("GET", "/_control/stats")["huge_sent"], what="sent")
            self.assertLess(sent, 64 << 20, fault)  # max_body_kb is 1 MiB
            self.assertEqual(e.hub_proc.poll(), None)
            self.assertEqual(e.n_bookings(), 35)
        e.ctl("POST", "/_control/bookings", [booking("after-huge", "AH")])
        wait_for(lambda: e.n_bookings() == 36, what="sync after the huge answers")

    def test_answer_that_never_comes_is_given_up_after_timeout_s(self):
        e = self.env
        e.ctl("POST", "/_control/faults", {"hang": 1, "hang_s": 60})
        e.start_hub(timeout_s=3)
        wait_for(lambda: e.errors("timeout") >= 1, timeout=20, what="timeout")
        wait_for(lambda: e.n_bookings() == 35, what="sync after the hang")

    def test_trickling_answer_is_cut_off_by_the_low_speed_limit(self):
        e = self.env
        e.ctl("POST", "/_control/faults", {"trickle": 1, "trickle_s": 120})
        # timeout_s far away: only the low-speed limit (16 B/s for 10 s) can end it in time.
        e.start_hub(timeout_s=120)
        wait_for(lambda: e.errors("timeout") >= 1, timeout=40, what="low-speed abort")
        self.assertIn("Operation too slow", e.log())
        wait_for(lambda: e.n_bookings() == 35, what="sync after the trickle")

    def test_connection_that_never_opens_is_given_up_after_connect_timeout_s(self):
        e, hole = self.env, Blackhole()
        try:
            e.start_hub(url="http://127.0.0.1:%d" % hole.port, connect_timeout_s=1,
                        timeout_s=120)
            # Without the connect timeout the first pull alone would take 120 s.
            wait_for(lambda: e.errors("timeout") >= 2, timeout=30, what="connect timeouts")
            self.assertEqual(e.health(), "offline")
        finally:
            hole.close()

    def test_http_proxy_carries_the_sync(self):
        e, proxy = self.env, Proxy()
        try:
            e.start_hub(proxy=proxy.url)
            wait_for(lambda: e.n_bookings() == 35, what="sync through the proxy")
            self.assertTrue(any(m == "GET" and "/offices/musterstadt/bookings" in t
                                for m, t in proxy.seen), proxy.seen)
        finally:
            proxy.close()

    def test_sighup_pulls_at_once(self):
        e = self.env
        e.start_hub(interval_s=3600)
        wait_for(lambda: e.n_bookings() == 35, what="initial sync")
        wait_for(lambda: e.health() == "ok", what="ok")
        e.ctl("POST", "/_control/bookings", [booking("hup-1", "HUP-1")])
        time.sleep(1.5)
        self.assertEqual(e.n_bookings(), 35)  # the next scheduled pull is an hour away
        e.hub_proc.send_signal(signal.SIGHUP)
        wait_for(lambda: e.n_bookings() == 36, what="pull on SIGHUP")

    def test_health_says_disabled_without_a_portal(self):
        e = self.env
        e.start_hub(portal=False)
        self.assertEqual(e.health(), "disabled")
        time.sleep(1.5)
        self.assertEqual(e.ctl("GET", "/_control/stats")["requests"], {"/_control/stats": 1})

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
        self.assertGreaterEqual(e.errors("tls"), 1)

    def test_right_pin_syncs(self):
        e = self.env
        e.start_hub(ca_file=e.dir + "/ca.pem", pin=e.pin(e.dir + "/server.pem"))
        wait_for(lambda: e.n_bookings() == 12, what="sync with the pin")
        self.assertEqual(e.health(), "ok")

    def test_wrong_pin_is_refused_with_a_clear_error(self):
        e = self.env
        # The certificate is valid for the CA, but its key is not the pinned one.
        e.start_hub(ca_file=e.dir + "/ca.pem", pin=e.pin(e.dir + "/other-ca.pem"))
        wait_for(lambda: e.errors("tls") >= 1, what="pin refused")
        self.assertEqual(e.health(), "offline")
        self.assertEqual(e.n_bookings(), 0)
        self.assertRegex(e.log(), r"bookings request failed: .*pinned public key")

    def test_https_through_a_connect_proxy(self):
        e, proxy = self.env, Proxy()
        try:
            e.start_hub(ca_file=e.dir + "/ca.pem", proxy=proxy.url)
            wait_for(lambda: e.n_bookings() == 12, what="sync through the proxy")
            self.assertIn(("CONNECT", "localhost:%d" % e.portal_port), proxy.seen)
        finally:
            proxy.close()


class ClientCertificate(unittest.TestCase):
    def setUp(self):
        self.env = Env(["--seed", "12"], tls=True, client_ca=True)

    def tearDown(self):
        self.env.close()

    def test_portal_that_requires_a_client_certificate_gets_ours(self):
        e = self.env
        e.start_hub(ca_file=e.dir + "/ca.pem", client_cert=e.dir + "/client.pem",
                    client_key=e.dir + "/client.key")
        wait_for(lambda: e.n_bookings() == 12, what="sync with a client certificate")
        self.assertEqual(e.health(), "ok")

    def test_without_a_client_certificate_the_portal_refuses(self):
        e = self.env
        e.start_hub(ca_file=e.dir + "/ca.pem")
        wait_for(lambda: e.errors("tls") + e.errors("truncated") >= 1, what="refused")
        self.assertEqual(e.health(), "offline")
        self.assertEqual(e.n_bookings(), 0)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--hub", required=True)
    ap.add_argument("--fixture", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
