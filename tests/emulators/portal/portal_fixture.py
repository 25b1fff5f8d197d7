#!/usr/bin/env python3
"""A booking portal that speaks civiq's portal contract (docs/portal-api.md), for tests and the
demo. HTTP, or HTTPS with --cert/--key. Bookings are seeded at start; /_control changes them and
injects faults; every received event is recorded, with its Idempotency-Key.

  portal_fixture.py --port 8090 --demo            today's demo bookings (incl. the specimen)
  portal_fixture.py --port 0 --port-file F --seed 10000 --page-size 500
  portal_fixture.py --cert S.pem --key S.key [--client-ca CA.pem]   HTTPS [client certificates]

Control (JSON, no auth, loopback only):
  POST /_control/bookings   [{"id","code","service","start","end",...}]  add or change
  POST /_control/delete     ["id", ...]  forget bookings without a cancel (a contract breach)
  POST /_control/faults     {"fail": N, "status": 503, "retry_after": 1, "slow_s": 2.5,
                             "slow": N, "truncate": N, "malformed": N, "huge": N,
                             "huge_stream": N,
                             "garbage": N, "hang": N, "hang_s": 60, "trickle": N,
                             "trickle_s": 60, "reset_cursor": true, "duplicate": true,
                             "event_fail": N}
  GET  /_control/events     {"received": [...every request...], "effects": {key: event}}
  GET  /_control/stats      {"requests": {path: count}, "bookings": N,
                             "huge_sent": bytes of the last huge answer before the hub hung up}

Faults: fail (answer `status`, with Retry-After if given), slow (wait slow_s first), truncate
(half the declared body), malformed (half a page, declared so), huge (declares 8 GiB and streams until the hub hangs up), huge_stream
(the same without Content-Length), garbage (bad records around the good ones), hang (read the
request, never answer), trickle (headers, then one byte a second), duplicate (every record
twice), reset_cursor (older cursors answer 410), event_fail (events take effect, answer lost).
"""
import argparse
import datetime
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
import zoneinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SERVICES = ["meldewesen", "ausweise", "kfz"]


class Portal:
    def __init__(self, office, token, page_size):
        self.office, self.token, self.page_size = office, token, page_size
        self.lock = threading.Lock()
        self.seq = 0          # version counter: every change gets the next number
        self.epoch = 1        # bumped by reset_cursor: older cursors answer 410
        self.bookings = {}    # id -> (seq, record)
        self.faults = {}
        self.received = []
        self.effects = {}     # Idempotency-Key -> the event it took effect with
        self.requests = {}
        self.huge_sent = 0

    def upsert(self, records):
        with self.lock:
            for r in records:
                self.seq += 1
                self.bookings[r["id"]] = (self.seq, dict(r))

    def delete(self, ids):
        with self.lock:
            for i in ids:
                self.bookings.pop(i, None)

    def take_fault(self, name):
        """Counts down a fault; True while it applies."""
        with self.lock:
            n = self.faults.get(name, 0)
            if n > 0:
                self.faults[name] = n - 1
                return True
            return False

    def page(self, since):
        with self.lock:
            if since:
                try:
                    epoch, seq = since.split("-", 1)
                    epoch, seq = int(epoch[1:]), int(seq)
                except ValueError:
                    return None
                if epoch != self.epoch:
                    return None
            else:
                seq = 0
            rows = sorted((s, r) for s, r in self.bookings.values() if s > seq)
            page = rows[: self.page_size]
            more = len(rows) > len(page)
            last = page[-1][0] if page else seq
            records = [r for _, r in page]
            if self.faults.get("duplicate"):
                # Each record twice, the second copy with a newer end: the last one counts.
                records = [x for r in records for x in (dict(r, end=r["start"]), r)]
            return {"bookings": records, "cursor": "e%d-%d" % (self.epoch, last), "more": more}


def booking(bid, code, service, start, minutes=15, **extra):
    end = start + datetime.timedelta(minutes=minutes)
    r = {"id": bid, "code": code, "service": service, "start": start.isoformat(),
         "end": end.isoformat(), "status": "confirmed"}
    r.update(extra)
    return r


def demo_bookings(now):
    """Today's bookings for the demo, around now (Europe/Berlin)."""
    base = now.astimezone(BERLIN).replace(second=0, microsecond=0)
    out = [booking("demo-erika", "ERIKA-1", "ausweise", base + datetime.timedelta(minutes=20),
                   family_name="MUSTERMANN", given_names="ERIKA", birth_date="1964-08-12")]
    names = [("SCHMIDT", "JONAS", "1988-02-14"), ("YILMAZ", "AYSE", "1975-11-30"),
             ("KOWALSKI", "PIOTR", "1969-06-01"), ("NGUYEN", "LINH", "1992-09-09"),
             ("BECKER", "ANNA", "2001-01-21")]
    for i, (fam, giv, born) in enumerate(names):
        out.append(booking("demo-%d" % (i + 1), "DEMO-%d" % (i + 1), SERVICES[i % 3],
                           base + datetime.timedelta(minutes=10 + 10 * i),
                           family_name=fam, given_names=giv, birth_date=born))
    return out


def seeded(n, now):
    base = now.astimezone(BERLIN).replace(hour=8, minute=0, second=0, microsecond=0)
    return [booking("seed-%d" % i, "S%06d" % i, SERVICES[i % 3],
                    base + datetime.timedelta(minutes=(i % 600)),
                    family_name="PERSON%d" % i, given_names="TEST", birth_date="1980-01-01")
            for i in range(n)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    portal = None

    def log_message(self, fmt, *args):
        if os.environ.get("PORTAL_FIXTURE_VERBOSE"):
            sys.stderr.write("portal-fixture: " + (fmt % args) + "\n")

    def reply(self, status, obj=None, raw=None, headers=()):
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"null")

    def count(self, path):
        with self.portal.lock:
            self.portal.requests[path] = self.portal.requests.get(path, 0) + 1

    def common_faults(self):
        """Faults every contract endpoint may show; True when the answer was given."""
        p = self.portal
        if p.take_fault("hang"):
            time.sleep(p.faults.get("hang_s", 60))
            self.close_connection = True
            return True
        if p.take_fault("trickle"):
            body = b'{"bookings":[],"cursor":"","more":false}' + b" " * 4096
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(min(len(body), int(p.faults.get("trickle_s", 60)))):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return True
        if p.take_fault("slow"):
            time.sleep(p.faults.get("slow_s", 3))
        if p.take_fault("fail"):
            status = p.faults.get("status", 503)
            hdr = [("Retry-After", str(p.faults["retry_after"]))] if "retry_after" in p.faults else []
            self.reply(status, {"error": "injected"}, headers=hdr)
            return True
        return False

    def authorized(self):
        if self.headers.get("Authorization") != "Bearer " + self.portal.token:
            self.reply(401, {"error": "unauthorized"})
            return False
        return True

    def do_GET(self):
        p = self.portal
        url = urllib.parse.urlsplit(self.path)
        self.count(url.path)
        if url.path == "/_control/events":
            with p.lock:
                return self.reply(200, {"received": p.received, "effects": p.effects})
        if url.path == "/_control/stats":
            with p.lock:
                return self.reply(200, {"requests": p.requests, "bookings": len(p.bookings),
                                        "huge_sent": p.huge_sent})
        if url.path != "/offices/%s/bookings" % p.office:
            return self.reply(404, {"error": "not_found"})
        if not self.authorized() or self.common_faults():
            return
        since = urllib.parse.parse_qs(url.query).get("since", [""])[0]
        page = p.page(since)
        if page is None:
            return self.reply(410, {"error": "cursor_expired"})
        if p.take_fault("garbage"):
            # Nonsense records around the good ones: each must be skipped on its own.
            bad = [17, "x", {"id": 1, "code": None},
                   {"id": "bad-date", "code": "BD", "service": "kfz",
                    "start": "1999-13-45T25:00:00Z", "end": "x", "status": "confirmed"},
                   {"id": "absurd", "code": "AB", "service": "kfz",
                    "start": "2101-01-01T10:00:00Z", "end": "2101-01-01T10:15:00Z",
                    "status": "confirmed"},
                   {"id": "missing", "code": "MI", "service": "kfz"}]
            with p.lock:
                known = [r for _, r in sorted(p.bookings.values(), key=lambda x: x[0])]
            taken = []
            if known:
                # A known booking's code under a new id, after the good records.
                taken = [dict(known[0], id="dup-code-%d" % time.monotonic_ns())]
            page["bookings"] = bad + page["bookings"] + taken
        body = json.dumps(page).encode()
        declared = p.take_fault("huge")
        if declared or p.take_fault("huge_stream"):
            return self.huge(declared)
        if p.take_fault("malformed"):
            return self.reply(200, raw=body[: len(body) // 2])
        if p.take_fault("truncate"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.reply(200, raw=body)

    def huge(self, declared):
        """8 GiB of a page, announced or not, streamed until the hub hangs up."""
        total = 1 << 33
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if declared:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk, sent = b'{"bookings":[' + b" " * 65523, 0
        try:
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
                chunk = b" " * 65536
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        with self.portal.lock:
            self.portal.huge_sent = sent
        self.close_connection = True

    def do_POST(self):
        p = self.portal
        url = urllib.parse.urlsplit(self.path)
        self.count(url.path)
        if url.path == "/_control/bookings":
            p.upsert(self.body())
            return self.reply(200, {"ok": True})
        if url.path == "/_control/delete":
            p.delete(self.body())
            return self.reply(200, {"ok": True})
        if url.path == "/_control/faults":
            f = self.body()
            with p.lock:
                if f.pop("reset_cursor", False):
                    p.epoch += 1
                p.faults.update(f)
            return self.reply(200, {"ok": True})
        if url.path != "/offices/%s/events" % p.office:
            return self.reply(404, {"error": "not_found"})
        if not self.authorized():
            return
        try:
            ev = self.body()
        except ValueError:
            return self.reply(400, {"error": "bad_json"})
        key = self.headers.get("Idempotency-Key")
        with p.lock:
            p.received.append({"key": key, "event": ev})
        if self.common_faults():
            return
        if not key or not isinstance(ev, dict) or ev.get("type") not in (
                "checked_in", "called", "finished", "no_show"):
            return self.reply(422, {"error": "invalid_event"})
        with p.lock:
            repeat = key in p.effects
            p.effects.setdefault(key, ev)
        if p.take_fault("event_fail"):
            # The event took effect but the answer is lost: the hub must send it again.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.reply(200 if repeat else 201, {"ok": True})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--print-url", action="store_true",
                    help="print the portal's URL on stdout once listening")
    ap.add_argument("--office", default="musterstadt")
    ap.add_argument("--token", default="dev-portal")
    ap.add_argument("--cert"), ap.add_argument("--key")
    ap.add_argument("--client-ca", help="require client certificates issued by this CA")
    ap.add_argument("--page-size", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0, help="this many bookings for today")
    ap.add_argument("--demo", action="store_true", help="today's demo bookings")
    a = ap.parse_args()

    portal = Portal(a.office, a.token, a.page_size)
    # The programs' clock may be shifted (CIVIQ_TIME_OFFSET_S, common/wall_clock.h): "today"
    # must be the same day for the portal and the hub.
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        seconds=max(0, int(os.environ.get("CIVIQ_TIME_OFFSET_S", "0") or 0)))
    if a.demo:
        portal.upsert(demo_bookings(now))
    if a.seed:
        portal.upsert(seeded(a.seed, now))
    Handler.portal = portal
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        if a.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(a.client_ca)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    port = srv.server_address[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.rename(a.port_file + ".tmp", a.port_file)
    url = "%s://%s:%d" % ("https" if a.cert else "http", a.host, port)
    sys.stderr.write("portal-fixture: %s/ office %s, %d bookings\n" % (
        url, a.office, len(portal.bookings)))
    if a.print_url:
        print(url, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
