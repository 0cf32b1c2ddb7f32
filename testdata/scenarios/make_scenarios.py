#!/usr/bin/env python3
"""Writes the consent-timeline scenario HARs and their README, then checks them.

Every scenario is one visit (two pages in navigation_persisted) to a fictional
site under .test, captured the way one real exporter writes it (Chrome DevTools,
Chrome's default sanitized export, Firefox DevTools, a whole-second proxy log).
Third-party requests use the vendors' real hosts, paths and parameter formats so
that harfact's signatures match them.

Deterministic: fixed timestamps, no randomness (the few "random-looking" values
are literals or derived from SHA-256 of a fixed key), JSON written with
json.dumps(indent=1, ensure_ascii=False) in a fixed key order. Running it twice
leaves every file unchanged.

    python3 testdata/scenarios/make_scenarios.py            # write HARs + README, check, print tables
    python3 testdata/scenarios/make_scenarios.py --check    # only check the committed files
    python3 testdata/scenarios/make_scenarios.py --harfact /work/build/tools/harfact/harfact
                                                             # also check classification with the CLI

The README's tables are generated from the same facts the checks assert, so the
README and the files cannot drift apart.

Python 3.8+, standard library only.
"""

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import json
import re
import os
import subprocess
import sys
from urllib.parse import quote, unquote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = dt.timezone.utc

UA_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36")
SEC_CH_UA = '"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"'
UA_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:146.0) Gecko/20100101 Firefox/146.0"

# ---------------------------------------------------------------------------
# Small deterministic helpers
# ---------------------------------------------------------------------------


def jit(key, lo, hi, nd=3):
    """A value in [lo, hi] derived from SHA-256 of key (deterministic 'jitter')."""
    v = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return round(lo + v * (hi - lo), nd)


def hexid(key, n):
    return hashlib.sha256(key.encode()).hexdigest()[:n]


def b64url(s):
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def t_ms(iso):
    """'2026-03-14T18:22:05.112Z' -> epoch milliseconds."""
    d = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return int(round(d.timestamp() * 1000))


def iso_z(ms):
    d = dt.datetime.fromtimestamp(ms // 1000, UTC)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def iso_sec(ms):
    d = dt.datetime.fromtimestamp(ms // 1000, UTC)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(ms, offset_min):
    d = dt.datetime.fromtimestamp(ms // 1000, dt.timezone(dt.timedelta(minutes=offset_min)))
    sign = "-" if offset_min < 0 else "+"
    off = abs(offset_min)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d%s%02d:%02d" % (ms % 1000, sign, off // 60, off % 60)


def http_date(ms):
    d = dt.datetime.fromtimestamp(ms // 1000, UTC)
    return d.strftime("%a, %d %b %Y %H:%M:%S GMT")


def js_date_pdt(ms):
    """JavaScript Date.toString() in America/Los_Angeles during PDT (all scenarios are after 8 March 2026)."""
    d = dt.datetime.fromtimestamp(ms // 1000, dt.timezone(dt.timedelta(hours=-7)))
    return d.strftime("%a %b %d %Y %H:%M:%S") + " GMT-0700 (Pacific Daylight Time)"


def site_of(host):
    """Registrable domain, good enough for the hosts used here (no multi-label suffixes)."""
    return ".".join(host.split(".")[-2:])


def origin_of(url):
    u = urlsplit(url)
    scheme = {"wss": "https", "ws": "http"}.get(u.scheme, u.scheme)
    return "%s://%s" % (scheme, u.hostname)


def query_pairs(url):
    """queryString as Chrome writes it: names and values exactly as in the URL."""
    q = urlsplit(url).query
    if not q:
        return []
    out = []
    for part in q.split("&"):
        if "=" in part:
            n, v = part.split("=", 1)
        else:
            n, v = part, ""
        out.append((n, v))
    return out


def qs(pairs):
    """Builds a query string from (name, already-encoded value) pairs."""
    return "&".join("%s=%s" % (n, v) for n, v in pairs)


def enc(s):
    """encodeURIComponent."""
    return quote(s, safe="-_.!~*'()")


# ---------------------------------------------------------------------------
# Cookie jar: browser behaviour for which cookies a request carries
# ---------------------------------------------------------------------------


class Cookie:
    def __init__(self, name, value, domain, host_only, path="/", expires_ms=None,
                 http_only=False, secure=False, same_site=None):
        self.name, self.value, self.domain, self.host_only = name, value, domain, host_only
        self.path, self.expires_ms, self.http_only = path, expires_ms, http_only
        self.secure, self.same_site = secure, same_site


class Jar:
    """Cookie writes in time order; a request at time t sees the writes made before t.

    JavaScript writes (document.cookie) are recorded at the time the script ran;
    Set-Cookie response headers at the time the response arrived. A request carries
    a cookie when its host matches (host-only: exactly; domain cookie: the domain
    or a subdomain) and, for a cross-site request, only when SameSite=None
    (Chrome's Lax-by-default). Order: longer path first, then creation time, as
    RFC 6265 5.4 says; overwriting a cookie keeps its creation time.
    """

    def __init__(self):
        self.writes = []  # (t, seq, Cookie)

    def write(self, t, cookie):
        self.writes.append((t, len(self.writes), cookie))

    def state_at(self, t):
        cur, created = {}, {}
        for wt, seq, c in sorted(self.writes, key=lambda w: (w[0], w[1])):
            if wt >= t:
                break
            k = (c.name, c.domain, c.path)
            if k not in created:
                created[k] = (wt, seq)
            if c.expires_ms is not None and c.expires_ms <= wt:
                cur.pop(k, None)
                created.pop(k, None)
            else:
                cur[k] = c
        return cur, created

    def for_request(self, url, t, page_url):
        u = urlsplit(url)
        host = u.hostname
        secure_scheme = u.scheme in ("https", "wss")
        cross_site = site_of(host) != site_of(urlsplit(page_url).hostname)
        cur, created = self.state_at(t)
        out = []
        for k, c in cur.items():
            if c.host_only:
                if host != c.domain:
                    continue
            elif not (host == c.domain or host.endswith("." + c.domain)):
                continue
            if not (u.path or "/").startswith(c.path):
                continue
            if c.secure and not secure_scheme:
                continue
            if cross_site and (c.same_site or "").lower() != "none":
                continue
            out.append((-len(c.path), created[k], c))
        out.sort(key=lambda x: (x[0], x[1]))
        return [c for _, _, c in out]


def cookie_json_chrome(c):
    d = {"name": c.name, "value": c.value, "path": c.path,
         "domain": c.domain if c.host_only else "." + c.domain,
         "expires": None if c.expires_ms is None else iso_z(c.expires_ms),
         "httpOnly": c.http_only, "secure": c.secure}
    if c.same_site:
        d["sameSite"] = c.same_site
    return d


def set_cookie_header(c, now_ms):
    parts = ["%s=%s" % (c.name, c.value), "Path=%s" % c.path]
    if not c.host_only:
        parts.append("Domain=" + c.domain)
    if c.expires_ms is not None:
        parts.append("Expires=" + http_date(c.expires_ms))
    if c.secure:
        parts.append("Secure")
    if c.http_only:
        parts.append("HttpOnly")
    if c.same_site:
        parts.append("SameSite=" + c.same_site)
    return "; ".join(parts)


DAY = 86400000

# ---------------------------------------------------------------------------
# Entries and scenarios
# ---------------------------------------------------------------------------


class E:
    """One request as the scenario describes it; the exporter builders turn it into HAR."""

    def __init__(self, sc, key, at, method, url, rtype, **kw):
        self.sc, self.key, self.at, self.method, self.url, self.rtype = sc, key, at, method, url, rtype
        self.page = kw.pop("page", sc.pages[-1]["id"] if sc.pages else None)
        self.initiator = kw.pop("init", None)          # "other" | ("parser",) | ("script", frames, parent)
        self.priority = kw.pop("priority", None)
        self.status = kw.pop("status", 200)
        self.status_text = kw.pop("status_text", "")
        self.mime = kw.pop("mime", None)
        self.size = kw.pop("size", 0)                   # content.size (decoded)
        self.text = kw.pop("text", None)                # kept body
        self.transfer = kw.pop("transfer", None)        # encoded body bytes on the wire
        self.resp_headers = kw.pop("resp", [])          # [(name, value)] without date
        self.req_headers = kw.pop("req", [])            # extra request headers [(name, value)]
        self.post = kw.pop("post", None)                # (mimeType, text)
        self.set_cookies = kw.pop("set_cookies", [])    # [Cookie]
        self.wait = kw.pop("wait", None)
        self.receive = kw.pop("receive", None)
        self.http = kw.pop("http", "http/2.0")
        self.ip = kw.pop("ip", None)
        self.ws = kw.pop("ws", None)                    # [(type, at_ms, opcode, data)]
        self.from_cache = kw.pop("from_cache", None)
        self.referer = kw.pop("referer", None)          # override (navigations)
        self.sec_fetch_site = kw.pop("sec_fetch_site", None)
        self.cors_preflight = kw.pop("no_origin", False)
        self.opaque_body = kw.pop("opaque_body", None)  # bytes sent but not captured (e.g. gzip uploads)
        if kw:
            raise TypeError("unknown entry options %r" % sorted(kw))
        self.index = None
        self.cookies_sent = []


class Scenario:
    def __init__(self, name, exporter, t0_iso, title, summary):
        self.name, self.exporter, self.t0, self.title, self.summary = name, exporter, t_ms(t0_iso), title, summary
        self.entries, self.pages, self.jar = [], [], Jar()
        self.ips, self.conns = {}, {}
        self.conn_base = int(jit(name + "conn", 310000, 690000, 0))
        self.script_ids = {}
        self.story = ""
        self.states = []       # (state, key, signal)
        self.proofs = []       # (key, what it proves)
        self.hits = []         # dicts
        self.pairs = []        # (key_a, key_b, why)
        self.gpc = None        # (text, [keys])
        self.region = []       # (value, key, signal)
        self.unknowns = []     # strings
        self.notes = []        # strings
        self.realism = []      # caveats: what is not (or not known to be) exactly as a real capture
        self.sensitive = ""
        self.cookie_expect = []  # (cookie name, key of the first entry whose Cookie header has it, substring or "")

    def first_cookie(self, name, key, contains=""):
        self.cookie_expect.append((name, key, contains))

    # -- building ---------------------------------------------------------
    def page(self, pid, url, at, title, on_content_load, on_load, html):
        self.pages.append({"id": pid, "url": url, "at": at, "title": title,
                           "onContentLoad": on_content_load, "onLoad": on_load, "html": html})

    def req(self, key, at, method, url, rtype, **kw):
        if any(e.key == key for e in self.entries):
            raise ValueError("%s: duplicate key %s" % (self.name, key))
        e = E(self, key, at, method, url, rtype, **kw)
        self.entries.append(e)
        e.timing = timings_for(self, e)  # provisional; finish() recomputes in start order and compares
        return e

    def end(self, key):
        """When the response of entry `key` has fully arrived (ms after t0)."""
        e = next(x for x in self.entries if x.key == key)
        return e.at + e.timing["total"]

    def js_cookie(self, at, name, value, domain, host_only=False, days=365, same_site=None, path="/"):
        """document.cookie = ... at time `at` (ms after t0)."""
        exp = None if days is None else self.t0 + at + int(days * DAY)
        self.jar.write(self.t0 + at, Cookie(name, value, domain, host_only, path, exp, False, False, same_site))

    def ip(self, host):
        if host not in self.ips:
            if site_of(host) == site_of(urlsplit(self.pages[0]["url"]).hostname):
                self.ips[host] = "192.0.2.%d" % (10 + len([h for h in self.ips if self.ips[h].startswith("192.0.2.")]))
            else:
                n = int(jit(self.name + host, 11, 250, 0))
                self.ips[host] = ("198.51.100.%d" if n % 2 else "203.0.113.%d") % n
        return self.ips[host]

    def script_id(self, url):
        if url not in self.script_ids:
            self.script_ids[url] = str(14 + 3 * len(self.script_ids))
        return self.script_ids[url]

    # -- facts --------------------------------------------------------------
    def state(self, state, key, signal):
        self.states.append((state, key, signal))

    def proof(self, key, what):
        self.proofs.append((key, what))

    def hit(self, key, vendor, purpose, findings, role, restricted="", note=""):
        self.hits.append({"key": key, "vendor": vendor, "purpose": purpose, "role": role,
                          "findings": findings, "restricted": restricted, "note": note})

    def pair(self, a, b, why):
        self.pairs.append((a, b, why))

    # -- finishing ------------------------------------------------------------
    def finish(self):
        order = sorted(self.entries, key=lambda e: e.at)  # stable: ties keep insertion order
        provisional = {e.key: e.timing for e in order}
        self.conns = {}
        for e in order:  # connection reuse follows the true start order
            if e.rtype == "document":
                # the document's first byte arrives just before the parser's first subresource request
                first = min(x.at for x in order if x.page == e.page and x is not e)
                e.first_byte_at = first - int(jit(self.name + e.key + "fb", 4, 9, 0))
            e.timing = timings_for(self, e)
            if e.rtype != "document" and abs(e.timing["total"] - provisional[e.key]["total"]) > 1e-6:
                raise ValueError("%s/%s: entries of host %s were created out of start order" % (
                    self.name, e.key, urlsplit(e.url).hostname))
        if self.exporter == "proxy":
            # A logging proxy writes an exchange when it completes: within one (whole) second the
            # array order is completion order, which says nothing about start order.
            order = sorted(order, key=lambda e: ((self.t0 + e.at) // 1000, e.at + e.timing["total"]))
        for i, e in enumerate(order):
            e.index = i
        self.entries = order
        self.by_key = {e.key: e for e in self.entries}
        # Set-Cookie is processed when the response headers arrive (before the body).
        for e in self.entries:
            for c in e.set_cookies:
                self.jar.write(self.t0 + e.at + int(e.timing["total"] - e.timing["receive"]), c)
        for e in self.entries:
            e.cookies_sent = [] if e.from_cache else self.jar.for_request(e.url, self.t0 + e.at, self.page_url(e))

    def page_url(self, e):
        for p in self.pages:
            if p["id"] == e.page:
                return p["url"]
        return self.pages[0]["url"]

    def idx(self, key):
        return self.by_key[key].index


# ---------------------------------------------------------------------------
# Timings (Chrome-style: dns/connect/ssl on the first request of a connection)
# ---------------------------------------------------------------------------

DEFAULT_WAIT = {"document": (120, 190), "subdocument": (60, 120), "stylesheet": (18, 40), "script": (16, 60), "image": (20, 70),
                "xhr": (30, 90), "fetch": (35, 110), "ping": (25, 60), "websocket": (60, 110),
                "font": (15, 35), "other": (20, 60)}


def timings_for(sc, e):
    host = urlsplit(e.url).hostname
    conn_key = (host, e.key) if e.rtype == "websocket" else (host,)
    new_conn = conn_key not in sc.conns and not e.from_cache
    if not e.from_cache and conn_key not in sc.conns:
        sc.conns[conn_key] = str(sc.conn_base + 37 * len(sc.conns))
    e.conn_id = "0" if e.from_cache else sc.conns[conn_key]
    k = sc.name + e.key
    if e.from_cache:
        t = {"blocked": jit(k + "b", 0.4, 1.6), "dns": -1, "ssl": -1, "connect": -1, "send": 0,
             "wait": jit(k + "w", 0.6, 2.2), "receive": jit(k + "r", 0.3, 1.1)}
        t["_blocked_queueing"] = round(t["blocked"] * 0.6, 3)
    else:
        lo, hi = DEFAULT_WAIT.get(e.rtype, (20, 60))
        wait = e.wait if e.wait is not None else jit(k + "w", lo, hi)
        first_byte_at = getattr(e, "first_byte_at", None)
        recv = e.receive if e.receive is not None else (
            jit(k + "r", 1.5, 12.0) if e.size > 20000 else jit(k + "r", 0.1, 1.8))
        if e.rtype == "websocket":
            recv = 0
        blocked = jit(k + "b", 0.9, 3.4)
        t = {"blocked": blocked, "dns": -1, "ssl": -1, "connect": -1,
             "send": 0 if e.rtype == "websocket" else jit(k + "s", 0.08, 0.35),
             "wait": wait, "receive": recv, "_blocked_queueing": round(blocked * 0.55, 3)}
        if new_conn:
            t["dns"] = jit(k + "d", 4.0, 18.0)
            t["ssl"] = jit(k + "t", 14.0, 30.0)
            t["connect"] = round(t["ssl"] + jit(k + "c", 9.0, 20.0), 3)
        if first_byte_at is not None:
            before = sum(v for n, v in t.items() if n in ("blocked", "dns", "connect", "send") and v > 0)
            t["wait"] = round(first_byte_at - e.at - before, 3)
            t["receive"] = jit(k + "r", 3.0, 9.0)
    total = sum(v for n, v in t.items() if n in ("blocked", "dns", "connect", "send", "wait", "receive") and v > 0)
    t["total"] = round(total, 3)
    return t


# ---------------------------------------------------------------------------
# Exporter: Chrome DevTools (optionally sanitized)
# ---------------------------------------------------------------------------

PRIO_HEADER = {"VeryHigh": "u=0", "High": "u=1", "Medium": "u=2", "Low": "u=3", "VeryLow": "u=4"}
DEFAULT_PRIO = {"document": "VeryHigh", "subdocument": "VeryHigh", "stylesheet": "VeryHigh", "script": "High", "image": "Low",
                "xhr": "High", "fetch": "High", "ping": "VeryLow", "websocket": "Medium", "font": "VeryHigh",
                "other": "Low"}
ACCEPT = {"document": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
                      "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
          "stylesheet": "text/css,*/*;q=0.1", "script": "*/*",
          "image": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
          "xhr": "*/*", "fetch": "*/*", "ping": "*/*", "font": "*/*", "other": "*/*"}
DEST = {"document": "document", "subdocument": "iframe", "stylesheet": "style", "script": "script", "image": "image", "xhr": "empty",
        "fetch": "empty", "ping": "empty", "font": "font", "other": "empty"}


def referrer_for(page_url, url):
    """strict-origin-when-cross-origin (Chrome's default referrer policy)."""
    if origin_of(page_url) == origin_of(url):
        return page_url
    return origin_of(page_url) + "/"


def fetch_site(page_url, url):
    if origin_of(page_url) == origin_of(url):
        return "same-origin"
    if site_of(urlsplit(page_url).hostname) == site_of(urlsplit(url).hostname):
        return "same-site"
    return "cross-site"


def resolve_initiator(sc, e):
    ini = e.initiator
    if ini is None or ini == "other":
        return {"type": "other"}
    if ini[0] == "inline":  # the page's own inline <script> (line found by a needle)
        page = next(p for p in sc.pages if p["id"] == e.page)
        for n, line in enumerate(page["html"].split("\n")):
            if ini[1] in line:
                return {"type": "script", "stack": {"callFrames": [
                    {"functionName": "", "scriptId": sc.script_id(page["url"] + "#inline" + str(n)),
                     "url": page["url"], "lineNumber": n, "columnNumber": ini[2]}]}}
        raise ValueError("%s/%s: inline needle %r not in HTML" % (sc.name, e.key, ini[1]))
    if ini[0] == "parser":
        page = next(p for p in sc.pages if p["id"] == e.page)
        lines = page["html"].split("\n")
        u = urlsplit(e.url)
        needles = [e.url.replace("&", "&amp;"), e.url, u.path + ("?" + u.query if u.query else "")]
        for n, line in enumerate(lines):
            if any(nd and nd in line for nd in needles):
                return {"type": "parser", "url": page["url"], "lineNumber": n}
        raise ValueError("%s/%s: %s not found in the page HTML" % (sc.name, e.key, e.url))
    if ini[0] == "script":
        def frames(fs):
            out = []
            for f in fs:
                fn, url, line, col = f
                out.append({"functionName": fn, "scriptId": sc.script_id(url), "url": url,
                            "lineNumber": line, "columnNumber": col})
            return out
        stack = {"callFrames": frames(ini[1])}
        parent_specs = ini[2] if len(ini) > 2 else []
        cur = stack
        for desc, fs in parent_specs:
            p = {"description": desc, "callFrames": frames(fs)}
            cur["parent"] = p
            cur = p
        return {"type": "script", "stack": stack}
    raise ValueError(ini)


def chrome_request_headers(sc, e, sanitized):
    page_url = sc.page_url(e)
    u = urlsplit(e.url)
    path = (u.path or "/") + ("?" + u.query if u.query else "")
    if e.rtype == "websocket":
        h = [("Host", u.hostname), ("Connection", "Upgrade"), ("Pragma", "no-cache"), ("Cache-Control", "no-cache"),
             ("User-Agent", UA_CHROME), ("Upgrade", "websocket"), ("Origin", origin_of(page_url)),
             ("Sec-WebSocket-Version", "13"), ("Accept-Encoding", "gzip, deflate, br, zstd"),
             ("Accept-Language", "en-US,en;q=0.9")]
        if e.cookies_sent and not sanitized:
            h.append(("Cookie", "; ".join("%s=%s" % (c.name, c.value) for c in e.cookies_sent)))
        h += [("Sec-WebSocket-Key", base64.b64encode(hashlib.sha256((sc.name + e.key).encode()).digest()[:16]).decode()),
              ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")]
        return h
    if e.from_cache:
        # Served from the disk cache: DevTools has only the provisional request headers.
        return [("Referer", referrer_for(page_url, e.url)), ("User-Agent", UA_CHROME), ("sec-ch-ua", SEC_CH_UA),
                ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", '"Windows"')]
    h = {}
    h["accept"] = ACCEPT.get("document" if e.rtype == "subdocument" else e.rtype, "*/*")
    h["accept-encoding"] = "gzip, deflate, br, zstd"
    h["accept-language"] = "en-US,en;q=0.9"
    if e.post is not None:
        h["content-length"] = str(len(e.post[1].encode()))
        if e.post[0]:
            h["content-type"] = e.post[0]
    if e.opaque_body:
        h["content-length"] = str(e.opaque_body)
    if e.cookies_sent and not sanitized:
        h["cookie"] = "; ".join("%s=%s" % (c.name, c.value) for c in e.cookies_sent)
    same_origin = origin_of(page_url) == origin_of(e.url)
    if e.rtype in ("xhr", "fetch", "ping") and (e.method != "GET" or not same_origin) and not e.cors_preflight:
        h["origin"] = origin_of(page_url)
    prio = e.priority or DEFAULT_PRIO.get(e.rtype, "Low")
    h["priority"] = PRIO_HEADER[prio] + (", i" if e.rtype in ("document", "image") and prio != "Low" else "")
    if e.rtype != "document":
        h["referer"] = referrer_for(page_url, e.url)
    elif e.referer:
        h["referer"] = e.referer
    h["sec-ch-ua"] = SEC_CH_UA
    h["sec-ch-ua-mobile"] = "?0"
    h["sec-ch-ua-platform"] = '"Windows"'
    h["sec-fetch-dest"] = DEST.get(e.rtype, "empty")
    if e.rtype == "document":
        h["sec-fetch-mode"] = "navigate"
        h["sec-fetch-site"] = e.sec_fetch_site or "none"
        h["sec-fetch-user"] = "?1"
        h["upgrade-insecure-requests"] = "1"
    elif e.rtype == "subdocument":
        h["sec-fetch-dest"] = "iframe"
        h["sec-fetch-mode"] = "navigate"
        h["sec-fetch-site"] = fetch_site(page_url, e.url)
        h["upgrade-insecure-requests"] = "1"
    else:
        cors = e.rtype in ("xhr", "fetch") or (e.rtype == "ping" and e.post is not None
                                               and not (e.post[0] or "").startswith("text/plain"))
        h["sec-fetch-mode"] = "cors" if cors else "no-cors"
        h["sec-fetch-site"] = fetch_site(page_url, e.url)
    h["user-agent"] = UA_CHROME
    for n, v in e.req_headers:
        if sanitized and n.lower() == "authorization":
            continue
        h[n.lower()] = v
    pseudo = [(":authority", u.hostname), (":method", e.method), (":path", path), (":scheme", u.scheme)]
    return pseudo + sorted(h.items())


def chrome_resource_type(e):
    return "document" if e.rtype == "subdocument" else e.rtype


def response_headers(sc, e, sanitized, lower=True):
    now = sc.t0 + e.at + int(e.timing["wait"])
    hs = list(e.resp_headers) + [("date", http_date(now))]
    for c in e.set_cookies:
        if not sanitized:
            hs.append(("set-cookie", set_cookie_header(c, now)))
    if lower:
        hs = [(n.lower(), v) for n, v in hs]
        # sorted by name, Set-Cookie lines keep their order (as the exhibit and Chrome show h2 headers)
        hs = sorted(hs, key=lambda nv: nv[0])
    return hs


def chrome_entry(sc, e, sanitized):
    t = e.timing
    req_headers = chrome_request_headers(sc, e, sanitized)
    http = e.http
    if e.rtype == "websocket":
        http = "HTTP/1.1"
    request = {
        "method": e.method, "url": e.url, "httpVersion": http,
        "headers": [{"name": n, "value": v} for n, v in req_headers],
        "queryString": [{"name": n, "value": v} for n, v in query_pairs(e.url)],
        "cookies": [] if sanitized else [cookie_json_chrome(c) for c in e.cookies_sent],
        "headersSize": -1 if (http != "HTTP/1.1" or e.from_cache) else len(
            "GET %s HTTP/1.1\r\n" % e.url.split(urlsplit(e.url).hostname, 1)[1]) + sum(
            len(n) + len(v) + 4 for n, v in req_headers) + 2,
        "bodySize": len(e.post[1].encode()) if e.post else (e.opaque_body or 0),
    }
    if e.post:
        pd = {"mimeType": e.post[0], "text": e.post[1]}
        if e.post[0].startswith("application/x-www-form-urlencoded"):
            pd["params"] = [{"name": n, "value": v} for n, v in (p.split("=", 1) for p in e.post[1].split("&"))]
        request["postData"] = pd
    if e.rtype == "websocket":
        rh = [("Connection", "Upgrade"), ("Upgrade", "websocket"),
              ("Sec-WebSocket-Accept", base64.b64encode(hashlib.sha1((sc.name + e.key + "accept").encode()).digest()).decode())]
        rh += list(e.resp_headers)
        rh.append(("Date", http_date(sc.t0 + e.at + int(t["wait"]))))
        resp_headers = rh
    else:
        resp_headers = response_headers(sc, e, sanitized)
    content = {"size": e.size, "mimeType": e.mime or "x-unknown"}
    if e.text is not None:
        content["text"] = e.text
    transfer = 0 if e.from_cache else (e.transfer if e.transfer is not None else e.size) + (
        0 if e.rtype == "websocket" else 90 + sum(len(n) + len(v) for n, v in resp_headers) // 3)
    response = {
        "status": 101 if e.rtype == "websocket" else e.status,
        "statusText": e.status_text if e.rtype != "websocket" else "Switching Protocols",
        "httpVersion": http,
        "headers": [{"name": n, "value": v} for n, v in resp_headers],
        "cookies": [] if sanitized else [cookie_json_chrome(c) for c in e.set_cookies],
        "content": content, "redirectURL": "",
        "headersSize": -1, "bodySize": -1 if e.rtype != "websocket" else 0,
        "_transferSize": transfer, "_error": None,
    }
    if e.rtype != "websocket":
        response["_fetchedViaServiceWorker"] = False
    out = {"_connectionId": e.conn_id}
    if e.from_cache:
        out["_fromCache"] = e.from_cache
    out["_initiator"] = resolve_initiator(sc, e)
    out["_priority"] = e.priority or DEFAULT_PRIO.get(e.rtype, "Low")
    out["_resourceType"] = chrome_resource_type(e)
    if e.ws is not None:
        out["_webSocketMessages"] = [
            {"type": typ, "time": round((sc.t0 + at) / 1000.0 + jit(sc.name + e.key + str(i), 0, 0.000999, 6), 6),
             "opcode": op, "data": data}
            for i, (typ, at, op, data) in enumerate(e.ws)]
    out["cache"] = {}
    if not e.from_cache:
        out["connection"] = e.conn_id
    out["pageref"] = e.page
    out["request"] = request
    out["response"] = response
    out["serverIPAddress"] = e.ip or sc.ip(urlsplit(e.url).hostname)
    out["startedDateTime"] = iso_z(sc.t0 + e.at)
    out["time"] = t["total"]
    out["timings"] = {k: t[k] for k in ("blocked", "dns", "ssl", "connect", "send", "wait", "receive", "_blocked_queueing")}
    return out


def chrome_har(sc, sanitized=False):
    pages = []
    for p in sc.pages:
        pages.append({"startedDateTime": iso_z(sc.t0 + p["at"]), "id": p["id"], "title": p["url"],
                      "pageTimings": {"onContentLoad": p["onContentLoad"], "onLoad": p["onLoad"]}})
    return {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": pages, "entries": [chrome_entry(sc, e, sanitized) for e in sc.entries]}}


# ---------------------------------------------------------------------------
# Exporter: Firefox DevTools (146)
# ---------------------------------------------------------------------------

FF_ACCEPT = {"document": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
             "stylesheet": "text/css,*/*;q=0.1", "script": "*/*",
             "image": "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
             "xhr": "*/*", "fetch": "*/*", "ping": "*/*"}
FF_PRIO = {"document": "u=0, i", "stylesheet": "u=2", "script": "u=2", "image": "u=5, i", "xhr": "u=4",
           "fetch": "u=4", "ping": "u=6"}


def firefox_entry(sc, e, offset_min):
    page_url = sc.page_url(e)
    u = urlsplit(e.url)
    h = [("Host", u.hostname), ("User-Agent", UA_FIREFOX), ("Accept", FF_ACCEPT.get(e.rtype, "*/*")),
         ("Accept-Language", "en-US,en;q=0.5"), ("Accept-Encoding", "gzip, deflate, br, zstd")]
    if e.rtype != "document":
        h.append(("Referer", referrer_for(page_url, e.url)))
    if e.post is not None:
        if e.post[0]:
            h.append(("Content-Type", e.post[0]))
        h.append(("Content-Length", str(len(e.post[1].encode()))))
    same_origin = origin_of(page_url) == origin_of(e.url)
    if e.rtype in ("xhr", "fetch", "ping") and (e.method != "GET" or not same_origin):
        h.append(("Origin", origin_of(page_url)))
    for n, v in e.req_headers:
        h.append((n, v))
    h.append(("Sec-GPC", "1"))
    h.append(("Connection", "keep-alive"))
    if e.cookies_sent:
        h.append(("Cookie", "; ".join("%s=%s" % (c.name, c.value) for c in e.cookies_sent)))
    if e.rtype == "document":
        h.append(("Upgrade-Insecure-Requests", "1"))
    h.append(("Sec-Fetch-Dest", DEST.get(e.rtype, "empty")))
    if e.rtype == "document":
        h.append(("Sec-Fetch-Mode", "navigate"))
        h.append(("Sec-Fetch-Site", "none"))
        h.append(("Sec-Fetch-User", "?1"))
    else:
        h.append(("Sec-Fetch-Mode", "cors" if e.rtype in ("xhr", "fetch") else "no-cors"))
        h.append(("Sec-Fetch-Site", fetch_site(page_url, e.url)))
    h.append(("Priority", FF_PRIO.get(e.rtype, "u=4")))
    if e.rtype == "document":
        h.append(("TE", "trailers"))
    http = "HTTP/3" if e.http == "h3" else "HTTP/2"
    req_line = "%s %s %s" % (e.method, (u.path or "/") + ("?" + u.query if u.query else ""), http)
    request = {"bodySize": len(e.post[1].encode()) if e.post else 0, "method": e.method, "url": e.url,
               "httpVersion": http, "headers": [{"name": n, "value": v} for n, v in h],
               "cookies": [{"name": c.name, "value": c.value} for c in e.cookies_sent],
               "queryString": [{"name": unquote(n), "value": unquote(v)} for n, v in query_pairs(e.url)],
               "headersSize": len(req_line) + 2 + sum(len(n) + len(v) + 4 for n, v in h) + 2}
    if e.post:
        request["postData"] = {"mimeType": e.post[0], "params": [], "text": e.post[1]}
    now = sc.t0 + e.at + int(e.timing["wait"])
    rh = [(n.lower(), v) for n, v in e.resp_headers] + [("date", http_date(now))]
    for c in e.set_cookies:
        rh.append(("set-cookie", set_cookie_header(c, now)))
    content = {"mimeType": e.mime or "", "size": e.size}
    if e.text is not None:
        content["text"] = e.text
    response = {"status": e.status, "statusText": e.status_text, "httpVersion": http,
                "headers": [{"name": n, "value": v} for n, v in rh],
                "cookies": [{"name": c.name, "value": c.value} for c in e.set_cookies],
                "content": content, "redirectURL": "",
                "headersSize": 13 + sum(len(n) + len(v) + 4 for n, v in rh) + 2,
                "bodySize": e.transfer if e.transfer is not None else e.size}
    t = e.timing
    new_conn = t["dns"] > 0
    ft = {"blocked": 0 if new_conn else -1, "dns": int(round(t["dns"])) if new_conn else 0,
          "connect": int(round(t["connect"])) if new_conn else 0, "ssl": int(round(t["ssl"])) if new_conn else 0,
          "send": 0, "wait": int(round(t["wait"])), "receive": int(round(t["receive"]))}
    total = sum(v for k, v in ft.items() if k != "ssl" and v > 0)
    return {"startedDateTime": iso_local(sc.t0 + e.at, offset_min), "request": request, "response": response,
            "cache": {}, "timings": ft, "time": total, "_securityState": "secure",
            "serverIPAddress": sc.ip(u.hostname), "connection": "443", "pageref": e.page}


def firefox_har(sc, offset_min=-420):
    pages = [{"id": p["id"], "pageTimings": {"onContentLoad": int(p["onContentLoad"]), "onLoad": int(p["onLoad"])},
              "startedDateTime": iso_local(sc.t0 + p["at"], offset_min), "title": p["title"]} for p in sc.pages]
    return {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "146.0.1"},
                    "browser": {"name": "Firefox", "version": "146.0.1"}, "pages": pages,
                    "entries": [firefox_entry(sc, e, offset_min) for e in sc.entries]}}


# ---------------------------------------------------------------------------
# Exporter: a logging proxy that writes whole-second startedDateTime (no pages)
# ---------------------------------------------------------------------------


def proxy_entry(sc, e):
    ch = [(n, v) for n, v in chrome_request_headers(sc, e, False) if not n.startswith(":")]
    u = urlsplit(e.url)
    ch = [("host", u.hostname)] + ch
    request = {"method": e.method, "url": e.url, "httpVersion": "HTTP/2.0",
               "cookies": [{"name": c.name, "value": c.value} for c in e.cookies_sent],
               "headers": [{"name": n, "value": v} for n, v in ch],
               "queryString": [{"name": unquote(n), "value": unquote(v)} for n, v in query_pairs(e.url)],
               "headersSize": sum(len(n) + len(v) + 4 for n, v in ch),
               "bodySize": len(e.post[1].encode()) if e.post else 0}
    if e.post:
        request["postData"] = {"mimeType": e.post[0], "text": e.post[1]}
    rh = response_headers(sc, e, False)
    resp_cookies = []
    for c in e.set_cookies:
        d = {"name": c.name, "value": c.value, "path": c.path}
        if not c.host_only:
            d["domain"] = c.domain
        if c.expires_ms is not None:
            d["expires"] = iso_sec(c.expires_ms)
        d["httpOnly"] = c.http_only
        d["secure"] = c.secure
        if c.same_site:
            d["sameSite"] = c.same_site
        resp_cookies.append(d)
    content = {"size": e.size, "compression": max(0, e.size - (e.transfer if e.transfer is not None else e.size)),
               "mimeType": e.mime or "", "text": e.text if e.text is not None else ""}
    response = {"status": e.status, "statusText": {200: "OK", 204: "No Content"}.get(e.status, ""),
                "httpVersion": "HTTP/2.0", "cookies": resp_cookies,
                "headers": [{"name": n, "value": v} for n, v in rh], "content": content, "redirectURL": "",
                "headersSize": sum(len(n) + len(v) + 4 for n, v in rh),
                "bodySize": e.transfer if e.transfer is not None else e.size}
    t = e.timing
    new_conn = t["dns"] > 0
    timings = {"send": round(t["send"], 3), "receive": round(t["receive"], 3), "wait": round(t["wait"], 3),
               "connect": round(t["connect"], 3) if new_conn else -1,
               "ssl": round(t["ssl"], 3) if new_conn else -1, "blocked": -1,
               "dns": round(t["dns"], 3) if new_conn else -1}
    total = round(sum(v for k, v in timings.items() if v > 0 and k != "ssl"), 3)
    return {"startedDateTime": iso_sec(sc.t0 + e.at), "time": total, "request": request, "response": response,
            "cache": {}, "timings": timings, "serverIPAddress": sc.ip(u.hostname)}


def proxy_har(sc, creator):
    return {"log": {"version": "1.2", "creator": creator, "pages": [],
                    "entries": [proxy_entry(sc, e) for e in sc.entries]}}


# ---------------------------------------------------------------------------
# Response header presets (lowercase; `date` is added by the builders)
# ---------------------------------------------------------------------------

R_HTML = [("cache-control", "private, no-store"), ("content-encoding", "br"),
          ("content-type", "text/html; charset=utf-8"), ("server", "nginx"),
          ("strict-transport-security", "max-age=31536000; includeSubDomains"), ("vary", "Accept-Encoding")]
R_CSS = [("cache-control", "public, max-age=31536000, immutable"), ("content-encoding", "br"),
         ("content-type", "text/css"), ("server", "nginx")]
R_JS1 = [("cache-control", "public, max-age=31536000, immutable"), ("content-encoding", "br"),
         ("content-type", "application/javascript"), ("server", "nginx")]
R_JSON1 = [("cache-control", "private, no-store"), ("content-encoding", "br"),
           ("content-type", "application/json; charset=utf-8"), ("server", "nginx"), ("vary", "Accept-Encoding")]


def R_IMG(mime, age="31536000, immutable"):
    return [("accept-ranges", "bytes"), ("cache-control", "public, max-age=" + age), ("content-type", mime),
            ("server", "nginx")]


R_GTM = [("access-control-allow-headers", "Cache-Control"), ("access-control-allow-origin", "*"),
         ("alt-svc", 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000'), ("cache-control", "private, max-age=900"),
         ("content-encoding", "br"), ("content-type", "application/javascript; charset=UTF-8"),
         ("cross-origin-resource-policy", "cross-origin"), ("server", "Google Tag Manager"),
         ("vary", "Accept-Encoding"), ("x-xss-protection", "0")]


def R_GA(origin):
    return [("access-control-allow-credentials", "true"), ("access-control-allow-origin", origin),
            ("alt-svc", 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000'),
            ("cache-control", "no-cache, no-store, must-revalidate"), ("content-length", "0"),
            ("content-type", "text/plain"), ("cross-origin-resource-policy", "cross-origin"),
            ("expires", "Fri, 01 Jan 1990 00:00:00 GMT"), ("pragma", "no-cache"), ("server", "Golfe2")]


R_FBJS = [("access-control-allow-origin", "*"), ("cache-control", "public,max-age=1200,stale-while-revalidate=3600"),
          ("content-encoding", "br"), ("content-type", "application/x-javascript; charset=utf-8"),
          ("cross-origin-resource-policy", "cross-origin"), ("server", "proxygen-bolt"),
          ("strict-transport-security", "max-age=31536000; preload; includeSubDomains"), ("vary", "Accept-Encoding")]
R_FBTR = [("cache-control", "no-cache, must-revalidate, max-age=0"), ("content-length", "44"),
          ("content-type", "image/gif"), ("cross-origin-resource-policy", "cross-origin"),
          ("expires", "Sat, 01 Jan 2000 00:00:00 GMT"), ("last-modified", "Fri, 21 Dec 2012 00:00:00 GMT"),
          ("server", "proxygen-bolt"), ("strict-transport-security", "max-age=31536000; preload; includeSubDomains")]
R_TTJS = [("access-control-allow-origin", "*"), ("cache-control", "max-age=300"), ("content-encoding", "gzip"),
          ("content-type", "application/javascript"), ("server", "Tengine"), ("vary", "Accept-Encoding")]


def R_CORS_JSON(origin, extra=()):
    return [("access-control-allow-credentials", "true"), ("access-control-allow-origin", origin),
            ("cache-control", "no-cache, no-store"), ("content-type", "application/json; charset=utf-8")] + list(extra)


R_OT = [("access-control-allow-origin", "*"), ("cache-control", "public, max-age=14400"),
        ("content-encoding", "br"), ("content-type", "application/javascript"), ("server", "cloudflare")]
R_OTJSON = [("access-control-allow-origin", "*"), ("cache-control", "public, max-age=14400"),
            ("content-encoding", "br"), ("content-type", "application/json"), ("server", "cloudflare")]
R_OTGEO = [("access-control-allow-origin", "*"), ("cache-control", "no-cache"),
           ("content-type", "application/json"), ("server", "cloudflare")]

# ---------------------------------------------------------------------------
# Initiator stacks (Chrome _initiator)
# ---------------------------------------------------------------------------


def inline(needle, col):
    """A script initiator whose frame is the page's own inline <script> (line found by `needle`)."""
    return ("inline", needle, col)


def gtm_inject(gtm_url, variant=0):
    """GTM injecting a tag's script (the Gh/Qx frames as in the sample exhibit)."""
    return ("script", [("Gh", gtm_url, 412, 167), ("Qx", gtm_url, 1210 + 7 * variant, 88 + 13 * variant)])


def gtm_event_inject(gtm_url, cmp_url, cmp_line, cmp_col):
    """GTM injecting a tag on a CMP event (OneTrustGroupsUpdated / cookie_consent_update): async parent."""
    return ("script", [("Gh", gtm_url, 412, 167), ("Qx", gtm_url, 1210, 88), ("", gtm_url, 1388, 402)],
            [("Promise.then", [("push", gtm_url, 705, 1021), ("", cmp_url, cmp_line, cmp_col)])])


def frames(url, *pairs, fn=""):
    return [(fn, url, ln, col) for ln, col in pairs]


# ---------------------------------------------------------------------------
# First-party requests
# ---------------------------------------------------------------------------


def doc(sc, key, at, url, html, set_cookies=(), wait=None, **kw):
    """The page's document. Its wait is derived in finish() from the first subresource (the parser's
    first request follows the first bytes of HTML)."""
    return sc.req(key, at, "GET", url, "document", init="other", mime="text/html", size=len(html.encode()),
                  text=html, transfer=int(len(html.encode()) * 0.41), resp=R_HTML, set_cookies=list(set_cookies),
                  **kw)


def css(sc, key, at, url, size=84210):
    return sc.req(key, at, "GET", url, "stylesheet", init=("parser",), mime="text/css", size=size,
                  transfer=int(size * 0.19), resp=R_CSS)


def js1(sc, key, at, url, size=118204, priority="Low"):
    return sc.req(key, at, "GET", url, "script", init=("parser",), mime="application/javascript", size=size,
                  transfer=int(size * 0.32), resp=R_JS1, priority=priority)


def img(sc, key, at, url, mime, size, init=("parser",), priority="High", age="31536000, immutable"):
    return sc.req(key, at, "GET", url, "image", init=init, mime=mime, size=size,
                  transfer=size if mime != "image/svg+xml" else int(size * 0.41), resp=R_IMG(mime, age),
                  priority=priority)


def api(sc, key, at, url, app_js, fn, size=1904, method="GET", post=None, rtype="fetch", body=None):
    init = ("script", [(fn, app_js, 0, int(jit(key, 20000, 60000, 0))), ("", app_js, 0, int(jit(key + "p", 60000, 90000, 0)))])
    return sc.req(key, at, method, url, rtype, init=init, mime="application/json", size=size,
                  transfer=int(size * 0.3), resp=R_JSON1, post=post, text=body)


# ---------------------------------------------------------------------------
# Google Tag Manager / Google Analytics 4
# ---------------------------------------------------------------------------


def gtm_lib(sc, key, at, gtm_id, init=None):
    url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    return sc.req(key, at, "GET", url, "script", init=init or inline(gtm_id, 262), mime="application/javascript",
                  size=int(jit(gtm_id, 290000, 360000, 0)), transfer=int(jit(gtm_id + "t", 92000, 118000, 0)),
                  resp=R_GTM, priority="Low")


class GA:
    """One GA4 property on one page load: the values that tie its hits together."""

    def __init__(self, tid, gtm_hash, p, cid, sid, page_url, title, sct=1, firefox=False):
        self.tid, self.gtm, self.p, self.cid, self.sid = tid, gtm_hash, p, cid, sid
        self.dl, self.dt, self.sct, self.firefox = page_url, title, sct, firefox
        self.lib_url = "https://www.googletagmanager.com/gtag/js?id=%s&cx=c&gtm=%s" % (tid, gtm_hash.replace("45je", "45He"))
        self.s = 0


def gtag_lib(sc, key, at, ga, gtm_url):
    return sc.req(key, at, "GET", ga.lib_url, "script", init=gtm_inject(gtm_url), mime="application/javascript",
                  size=int(jit(ga.tid, 270000, 300000, 0)), transfer=int(jit(ga.tid + "t", 90000, 99000, 0)),
                  resp=R_GTM, priority="Low")


UACH = [("uaa", "x86"), ("uab", "64"),
        ("uafvl", "Not%253AA-Brand%3B99.0.0.0%7CGoogle%2520Chrome%3B145.0.7632.110%7CChromium%3B145.0.7632.110"),
        ("uamb", "0"), ("uam", ""), ("uap", "Windows"), ("uapv", "19.0.0"), ("uaw", "0")]


def ga4_hit(sc, key, at, ga, en, gcs=None, gcd="13l3l3l3l1", npa="0", seg="0", first=False, params=(), et=None,
            dr=None, tfd=None, extra_head=(), body=None, http="h3", dl=None, dt_=None):
    """A GA4 /g/collect hit (sendBeacon POST, query-string encoded, as gtag sends it)."""
    ga.s += 1
    p = [("v", "2"), ("tid", ga.tid), ("gtm", ga.gtm), ("_p", str(ga.p))]
    if gcs:
        p.append(("gcs", gcs))
    if gcd:
        p.append(("gcd", gcd))
    p += [("npa", npa), ("dma", "0")] + list(extra_head)
    p += [("cid", ga.cid), ("ul", "en-us"), ("sr", "1920x1080")]
    if not ga.firefox:
        p += UACH
    p += [("are", "1"), ("frm", "0"), ("pscdl", "noapi"), ("_eu", "AAAAAAQ"), ("_s", str(ga.s)),
          ("sid", str(ga.sid)), ("sct", str(ga.sct)), ("seg", seg),
          ("dl", enc(dl or ga.dl))]
    if dr:
        p.append(("dr", enc(dr)))
    p += [("dt", enc(dt_ or ga.dt)), ("en", en)] + list(params)
    if first:
        p += [("_fv", "1"), ("_ss", "1"), ("_nsi", "1")]
    if et is not None:
        p.append(("_et", str(et)))
    p.append(("tfd", str(tfd if tfd is not None else int(at + 180))))
    url = "https://region1.google-analytics.com/g/collect?" + qs(p)
    init = ("script", [("Uk", ga.lib_url, 318, 1172), ("Zo", ga.lib_url, 331, 482), ("", ga.lib_url, 604, 39)])
    origin = origin_of(ga.dl)
    post = ("text/plain;charset=UTF-8", body) if body else None
    return sc.req(key, at, "POST", url, "ping", init=init, mime="text/plain", size=0, transfer=0,
                  resp=R_GA(origin), status=204, http=http, post=post, priority="VeryLow")


def ga_cookies(sc, at, ga, domain, sid_cookie_t=None):
    """_ga and _ga_<id> as gtag writes them (when analytics_storage is granted)."""
    first = ga.cid.split(".")[1]
    sc.js_cookie(at, "_ga", "GA1.1." + ga.cid, domain, days=400)
    t = sid_cookie_t or ga.sid
    sc.js_cookie(at, "_ga_" + ga.tid[2:], "GS2.1.s%d$o%d$g0$t%d$j60$l0$h0" % (ga.sid, ga.sct, t), domain, days=400)
    return first


# ---------------------------------------------------------------------------
# Meta Pixel
# ---------------------------------------------------------------------------


class Meta:
    def __init__(self, pixel, fbp, it, page_url, version="2.9.248"):
        self.pixel, self.fbp, self.it, self.dl, self.v = pixel, fbp, it, page_url, version
        self.lib_url = "https://connect.facebook.net/en_US/fbevents.js"
        host = urlsplit(page_url).hostname
        self.config_url = "https://connect.facebook.net/signals/config/%s?v=%s&r=stable&domain=%s" % (pixel, version, host)
        self.ec = 0
        self.it_off = None

    @classmethod
    def init(cls, sc, pixel, rand, page_url, lib_key, site, write_fbp=True, fbp=None):
        """fbq('init') runs just after fbevents.js (entry lib_key) has arrived; _fbp is written 11 ms later."""
        it_off = int(sc.end(lib_key)) + 5
        fbp = fbp or "fb.1.%d.%d" % (sc.t0 + it_off + 11, rand)
        m = cls(pixel, fbp, sc.t0 + it_off, page_url)
        m.it_off = it_off
        if write_fbp:
            sc.js_cookie(it_off + 11, "_fbp", fbp, site, days=90, same_site="Lax")
        return m


def fb_lib(sc, key, at, gtm_url, init=None):
    return sc.req(key, at, "GET", "https://connect.facebook.net/en_US/fbevents.js", "script",
                  init=init or gtm_inject(gtm_url, 1), mime="application/x-javascript", size=236118, transfer=58806,
                  resp=R_FBJS, priority="Low")


def fb_config(sc, key, at, meta):
    at = max(at, meta.it_off + 4) if meta.it_off is not None else at
    return sc.req(key, at, "GET", meta.config_url, "script",
                  init=("script", frames(meta.lib_url, (24, 3311), (24, 9052))),
                  mime="application/x-javascript", size=int(jit(meta.pixel, 139000, 152000, 0)),
                  transfer=int(jit(meta.pixel + "t", 37000, 41000, 0)), resp=R_FBJS, priority="Low")


def fb_event(sc, key, at, meta, gtm_url, ev, cd=(), dpo=None, dl=None, es=None, extra=(), rl=""):
    """A Meta /tr GET image beacon. Stack: fbevents.js <- signals config <- (Promise.then) fbevents <- gtm.js."""
    ts = sc.t0 + at - 1
    p = [("id", meta.pixel), ("ev", ev), ("dl", enc(dl or meta.dl)), ("rl", enc(rl)), ("if", "false"), ("ts", str(ts))]
    p += [("cd[%s]" % n, enc(v)) for n, v in cd]
    p += [("sw", "1920"), ("sh", "1080"), ("v", meta.v), ("r", "stable"), ("ec", str(meta.ec)),
          ("o", "4126" if es is None else "4124"), ("fbp", meta.fbp)]
    if dpo:
        p += [("dpo", dpo[0]), ("dpoco", dpo[1]), ("dpost", dpo[2])]
    if es:
        p += [("es", es), ("tm", "3")]
    p += [("cs_est", "true"), ("ler", "empty"), ("cdl", "API_unavailable"), ("it", str(meta.it)),
          ("coo", "false")] + list(extra) + [("rqm", "GET")]
    meta.ec += 1
    url = "https://www.facebook.com/tr/?" + qs(p)
    init = ("script", frames(meta.lib_url, (24, 21108), (24, 19876)) + frames(meta.config_url, (1, 5032)),
            [("Promise.then", frames(meta.lib_url, (24, 47021)) + [("Ym", gtm_url, 511, 233), ("", gtm_url, 512, 77)])])
    return sc.req(key, at, "GET", url, "image", init=init, mime="image/gif", size=44, transfer=44,
                  resp=R_FBTR, priority="Low")


# ---------------------------------------------------------------------------
# TikTok Pixel
# ---------------------------------------------------------------------------


class TikTok:
    def __init__(self, sdkid, ttp, session_id, page_url, title):
        self.sdkid, self.ttp, self.session_id, self.url, self.title = sdkid, ttp, session_id, page_url, title
        self.lib_url = "https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=%s&lib=ttq" % sdkid
        self.main_url = "https://analytics.tiktok.com/i18n/pixel/static/main.MWIwNzUzYTE2MQ.js"


def tt_lib(sc, key, at, tt, gtm_url, init=None):
    return sc.req(key, at, "GET", tt.lib_url, "script", init=init or gtm_inject(gtm_url, 2),
                  mime="application/javascript", size=61520, transfer=19804, resp=R_TTJS, priority="Low")


def tt_main(sc, key, at, tt, lib_key="tt_lib"):
    at = max(at, int(sc.end(lib_key)) + 6)
    return sc.req(key, at, "GET", tt.main_url, "script", init=("script", frames(tt.lib_url, (0, 2977))),
                  mime="application/javascript", size=287344, transfer=86102, resp=R_TTJS, priority="Low")


def tt_event(sc, key, at, tt, event, properties=None, main_key="tt_main"):
    at = max(at, int(sc.end(main_key)) + 8)  # sent by the main bundle once it has arrived
    ts = iso_z(sc.t0 + at - 2)
    body = {"event": event, "message_id": "messageId-%d-%s" % (sc.t0 + at - 2, hexid(sc.name + key, 11)),
            "event_id": "", "is_onsite": False, "timestamp": ts,
            "context": {"ad": {"sdk_env": "external", "jsb_status": 2},
                        "user": {"anonymous_id": tt.ttp},
                        "pixel": {"code": tt.sdkid, "runtime": "1"},
                        "page": {"url": tt.url, "referrer": "", "title": tt.title},
                        "library": {"name": "pixel.js", "version": "2.2.1"},
                        "device": {"platform": "pc"},
                        "session_id": tt.session_id,
                        "pageview_id": "pageId-%s" % hexid(sc.name + "pv", 12)},
            "_inspection": {}, "properties": properties or {}}
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    init = ("script", frames(tt.main_url, (1, 41873), (1, 40112)), [("Promise.then", frames(tt.main_url, (1, 39204)))])
    return sc.req(key, at, "POST", "https://analytics.tiktok.com/api/v2/pixel", "fetch", init=init,
                  mime="application/json", size=50, transfer=50, post=("application/json", text),
                  resp=R_CORS_JSON(origin_of(tt.url)), text='{"code":0,"message":"OK","data":{}}')


# ---------------------------------------------------------------------------
# OneTrust
# ---------------------------------------------------------------------------

OT_VERSION = "202512.1.0"
OT_STUB = "https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"
OT_SDK = "https://cdn.cookielaw.org/scripttemplates/%s/otBannerSdk.js" % OT_VERSION
OT_STUB_HTML = '<script src="%s" data-domain-script="%%s" charset="UTF-8"></script>' % OT_STUB


def rule(rid, name, default, typ, countries, states, template):
    return {"Id": rid, "Name": name, "Default": default, "Type": typ, "UseGoogleVendors": False,
            "Countries": countries, "States": states, "LanguageSwitcherPlaceholder": {"default": "en"},
            "BannerPushesDown": False, "TemplateName": template}


def ot_config_text(uuid, rules):
    return json.dumps({"CookieSPAEnabled": False, "MultiVariantTestingEnabled": False, "UseV2": True,
                       "MobileSDK": False, "SkipGeolocation": False, "ScriptType": "PRODUCTION",
                       "Version": OT_VERSION, "OptanonDataJSON": uuid,
                       "GeolocationUrl": "https://geolocation.onetrust.com/cookieconsentpub/v1/geo/location",
                       "RuleSet": rules}, separators=(",", ":"))


GEO_CA = '{"country":"US","state":"CA","stateName":"California","continent":"NA"}'


def ot_stub(sc, key, at, init=("parser",)):
    return sc.req(key, at, "GET", OT_STUB, "script", init=init, mime="application/javascript", size=22871,
                  transfer=7466, resp=R_OT, priority="High" if init == ("parser",) else "Low")


def ot_config(sc, key, at, uuid, rules):
    text = ot_config_text(uuid, rules)
    return sc.req(key, at, "GET", "https://cdn.cookielaw.org/consent/%s/%s.json" % (uuid, uuid), "xhr",
                  init=("script", frames(OT_STUB, (0, 15633), (0, 8811))), mime="application/json",
                  size=len(text), transfer=int(len(text) * 0.45), text=text, resp=R_OTJSON)


def ot_geo(sc, key, at, body=GEO_CA):
    return sc.req(key, at, "GET", "https://geolocation.onetrust.com/cookieconsentpub/v1/geo/location", "xhr",
                  init=("script", frames(OT_STUB, (0, 15633), (0, 9120))), mime="application/json",
                  size=len(body), transfer=len(body), text=body, resp=R_OTGEO)


def ot_sdk(sc, key, at):
    return sc.req(key, at, "GET", OT_SDK, "script", init=("script", frames(OT_STUB, (0, 11942))),
                  mime="application/javascript", size=412339, transfer=98811, resp=R_OT, priority="Low")


def ot_ruleset(sc, key, at, uuid, ruleset_id):
    return sc.req(key, at, "GET", "https://cdn.cookielaw.org/consent/%s/%s/en.json" % (uuid, ruleset_id), "xhr",
                  init=("script", frames(OT_SDK, (0, 188204), (0, 187311))), mime="application/json",
                  size=48213, transfer=9622, resp=R_OTJSON)


def ot_asset(sc, key, at, path, size=17342, fn=""):
    return sc.req(key, at, "GET", "https://cdn.cookielaw.org/scripttemplates/%s/assets/%s" % (OT_VERSION, path), "xhr",
                  init=("script", frames(OT_SDK, (0, 203917), (0, 201455), fn=fn)), mime="application/json",
                  size=size, transfer=int(size * 0.27), resp=R_OTJSON)


def optanon(consent_id, saved_ms, landing, groups, interaction, geo="US;CA", gpc_enabled=0, browser_gpc=0,
            int_type=None, gpp=False):
    """The OptanonConsent cookie value exactly as OneTrust writes it (query string, values percent-encoded)."""
    ds = js_date_pdt(saved_ms).replace(" ", "+").replace(":", "%3A")
    parts = [("isGpcEnabled", str(gpc_enabled)), ("datestamp", ds), ("version", OT_VERSION),
             ("browserGpcFlag", str(browser_gpc)), ("isIABGlobal", "false"), ("hosts", ""),
             ("consentId", consent_id), ("interactionCount", str(interaction)), ("isAnonUser", "1"),
             ("landingPath", enc(landing) if landing != "NotLandingPage" else landing),
             ("groups", enc(",".join("%s:%d" % g for g in groups)))]
    if int_type is not None:
        parts.append(("intType", str(int_type)))
    if gpp:
        parts += [("GPPCookiesCount", "1"), ("gppSid", "8")]
    parts += [("geolocation", enc(geo)), ("AwaitingReconsent", "false")]
    return "&".join("%s=%s" % kv for kv in parts)


def jwt(payload):
    head = b64url('{"alg":"RS512","typ":"JWT"}')
    body = b64url(json.dumps(payload, separators=(",", ":")))
    sig = base64.urlsafe_b64encode(hashlib.sha512(body.encode()).digest() * 4).decode().rstrip("=")[:342]
    return "%s.%s.%s" % (head, body, sig)


def ot_receipt(sc, key, at, site_origin, consent_id, purposes, active_groups, saved_ms, wait=None):
    process = "%s-%s-4%s-a%s-%s" % (hexid(sc.name + "p1", 8), hexid(sc.name + "p2", 4), hexid(sc.name + "p3", 3),
                                     hexid(sc.name + "p4", 3), hexid(sc.name + "p5", 12))
    info = jwt({"iss": "https://privacyportal.onetrust.com", "processId": process, "processVersion": 4,
                "iat": "2025-11-03T17:20:41.127", "moc": "COOKIE", "sub": "Cookie Unique Id",
                "policy_uri": site_origin + "/privacy", "description": "Cookie consent (web)",
                "consentType": "CONDITIONALTRIGGER", "allowNotGivenConsents": True, "doubleOptIn": False,
                "authRequired": False, "dsDataElements": []})
    body = {"identifier": consent_id, "requestInformation": info,
            "purposes": [{"Id": pid, "TransactionType": tt} for pid, tt in purposes],
            "customPayload": {"activeGroup": active_groups, "Date": js_date_pdt(saved_ms), "language": "en"},
            "test": False}
    text = json.dumps(body, separators=(",", ":"))
    init = ("script", [("t.createConsentTransaction", OT_SDK, 0, 298114), ("t.saveConsent", OT_SDK, 0, 301876),
                       ("t.allowAllEvent" if "CONFIRMED" in [p[1] for p in purposes][:1] else "t.bannerCloseButtonHandler",
                        OT_SDK, 0, 377420)])
    return sc.req(key, at, "POST", "https://privacyportal.onetrust.com/request/v1/consentreceipts", "xhr",
                  init=init, mime="application/json", size=812, transfer=812, wait=wait,
                  post=("application/json", text), resp=R_CORS_JSON(site_origin))


def purpose_id(sc, group):
    return "%s-%s-4%s-8%s-%s" % (hexid(sc.name + group + "a", 8), hexid(sc.name + group + "b", 4),
                                 hexid(sc.name + group + "c", 3), hexid(sc.name + group + "d", 3),
                                 hexid(sc.name + group + "e", 12))


def ot_cookie(sc, at, name, value, domain):
    """OneTrust writes its cookies for the registrable domain, one year, SameSite=Lax."""
    sc.js_cookie(at, name, value, domain, days=365, same_site="Lax")


# ---------------------------------------------------------------------------
# Microsoft Clarity, Hotjar, HubSpot, LiveChat, Cookiebot, GPT, The Trade Desk
# ---------------------------------------------------------------------------


def clarity_tag(sc, key, at, project, gtm_url):
    muid = hexid(sc.name + "muid", 32).upper()
    c = Cookie("MUID", muid, "clarity.ms", False, "/", sc.t0 + at + 390 * DAY, False, True, "None")
    return sc.req(key, at, "GET", "https://www.clarity.ms/tag/" + project, "script", init=gtm_inject(gtm_url, 3),
                  mime="application/x-javascript", size=1183, transfer=1183,
                  resp=[("cache-control", "no-cache, no-store"), ("content-type", "application/x-javascript"),
                        ("expires", "-1"), ("pragma", "no-cache"), ("server", "Microsoft-IIS/10.0"),
                        ("strict-transport-security", "max-age=31536000"), ("x-powered-by", "ASP.NET")],
                  set_cookies=[c], priority="Low")


def clarity_js(sc, key, at, project, version="0.8.45"):
    return sc.req(key, at, "GET", "https://scripts.clarity.ms/%s/clarity.js" % version, "script",
                  init=("script", frames("https://www.clarity.ms/tag/" + project, (0, 402))),
                  mime="application/javascript", size=81931, transfer=24940,
                  resp=[("access-control-allow-origin", "*"), ("cache-control", "public, max-age=86400"),
                        ("content-encoding", "br"), ("content-type", "application/javascript"),
                        ("server", "ECAcc (sed/58B4)")], priority="Low")


def clarity_collect(sc, key, at, site_origin, nbytes, version="0.8.45", shard="k"):
    init = ("script", frames("https://scripts.clarity.ms/%s/clarity.js" % version, (0, 43917), (0, 41280), fn="upload"))
    return sc.req(key, at, "POST", "https://%s.clarity.ms/collect" % shard, "xhr", init=init, mime="", size=0,
                  transfer=0, req=[("accept", "application/x-clarity-gzip")], opaque_body=nbytes,
                  resp=[("access-control-allow-credentials", "true"), ("access-control-allow-origin", site_origin),
                        ("content-length", "0"), ("server", "Microsoft-IIS/10.0")], status=204)


def hotjar_lib(sc, key, at, site_id, gtm_url, init=None):
    return sc.req(key, at, "GET", "https://static.hotjar.com/c/hotjar-%d.js?sv=6" % site_id, "script",
                  init=init or gtm_inject(gtm_url, 4), mime="application/javascript", size=9122, transfer=3876,
                  resp=[("access-control-allow-origin", "*"), ("cache-control", "max-age=60"),
                        ("content-encoding", "gzip"), ("content-type", "application/javascript"),
                        ("server", "AmazonS3")], priority="Low")


def hotjar_modules(sc, key, at, site_id, modules="5f2a9c7e1d"):
    url = "https://script.hotjar.com/modules.%s.js" % modules
    return sc.req(key, at, "GET", url, "script",
                  init=("script", frames("https://static.hotjar.com/c/hotjar-%d.js?sv=6" % site_id, (0, 1710))),
                  mime="application/javascript", size=302118, transfer=86355,
                  resp=[("access-control-allow-origin", "*"), ("cache-control", "max-age=31536000"),
                        ("content-encoding", "gzip"), ("content-type", "application/javascript"),
                        ("server", "AmazonS3")], priority="Low")


def hubspot_loader(sc, key, at, portal):
    return sc.req(key, at, "GET", "https://js.hs-scripts.com/%d.js" % portal, "script", init=("parser",),
                  mime="application/javascript", size=1834, transfer=1104,
                  resp=[("access-control-allow-origin", "*"), ("cache-control", "max-age=60,public"),
                        ("content-encoding", "gzip"), ("content-type", "application/javascript"),
                        ("server", "cloudflare")], priority="Low")


def cookiebot_value(stamp, prefs, stats, mkt, utc_ms, region="us-06"):
    lit = ("{stamp:'%s',necessary:true,preferences:%s,statistics:%s,marketing:%s,method:'explicit',ver:1,"
           "utc:%d,region:'%s'}" % (stamp, str(prefs).lower(), str(stats).lower(), str(mkt).lower(), utc_ms, region))
    return lit, quote(lit, safe="")


# ---------------------------------------------------------------------------
# More vendors: HubSpot, LiveChat, Cookiebot, GPT, The Trade Desk
# ---------------------------------------------------------------------------


def hs_track(sc, key, at, portal, page_url, title, utk, hstc, hssc):
    p = [("k", "1"), ("sd", "1920x1080"), ("cd", "24-bit"), ("cs", "UTF-8"), ("ln", "en-us"),
         ("bfp", str(int(jit(sc.name + "bfp", 1000000000, 4000000000, 0)))), ("v", "1.1"), ("a", str(portal)),
         ("rcu", ""), ("pu", enc(page_url)), ("t", enc(title)), ("cts", str(sc.t0 + at - 3)), ("vi", utk),
         ("nc", "true"), ("u", hstc), ("b", hssc), ("cc", "15")]
    lib = "https://js.hs-analytics.net/analytics/%d/%d.js" % ((sc.t0 // 300000) * 300000, portal)
    return sc.req(key, at, "GET", "https://track.hubspot.com/__ptq.gif?" + qs(p), "image",
                  init=("script", frames(lib, (0, 18204), (0, 17622))), mime="image/gif", size=45, transfer=45,
                  resp=[("access-control-allow-origin", "*"), ("cache-control", "no-cache, no-store, must-revalidate"),
                        ("content-type", "image/gif"), ("server", "cloudflare")], priority="Low")


def lc_frames(fn):
    return ("script", [(fn, "https://cdn.livechatinc.com/widget/static/js/iframe.3c92d0f1.chunk.js", 0, 184233),
                       ("", "https://cdn.livechatinc.com/widget/static/js/iframe.3c92d0f1.chunk.js", 0, 179012)],
            [("Promise.then", [("", "https://cdn.livechatinc.com/widget/static/js/iframe.3c92d0f1.chunk.js", 0, 171188)])])


def gam_request(sc, key, at, page_url, iu, sz, extra, correlator):
    p = [("pvsid", str(int(jit(sc.name + "pvsid", 1e15, 9e15, 0)))), ("correlator", correlator),
         ("eid", "31089630%2C31091417"), ("output", "ldjh"), ("gdfp_req", "1"), ("vrg", "202603190101"),
         ("ptt", "17"), ("impl", "fifs"), ("iu_parent", "21894561"), ("enc_prev_ius", enc(iu)),
         ("prev_iu_szs", enc(sz)), ("ifi", "1"), ("sfv", "1-0-45"), ("eri", "1"), ("sc", "1"),
         ("cookie_enabled", "1"), ("abxe", "1"), ("dt", str(sc.t0 + at - 14)), ("lmt", str((sc.t0 + at) // 1000)),
         ("adxs", "812"), ("adys", "1340"), ("biw", "1903"), ("bih", "961"), ("scr_x", "0"), ("scr_y", "0"),
         ("btvi", "1"), ("ucis", "1"), ("oid", "2"), ("u_his", "2"), ("u_h", "1080"), ("u_w", "1920"),
         ("u_ah", "1032"), ("u_aw", "1920"), ("u_cd", "24"), ("u_sd", "1"), ("dmc", "8"), ("bc", "31"),
         ("nvt", "1"), ("uas", "0"), ("url", enc(page_url)), ("vis", "1"), ("psz", "300x1163"),
         ("msz", "300x250"), ("fws", "0"), ("ohw", "0")] + list(extra) + [
         ("td", "1"), ("tdf", "2"), ("nt", "1"), ("ea", "0"), ("frm", "20"), ("eoidce", "1")]
    url = "https://securepubads.g.doubleclick.net/gampad/ads?" + qs(p)
    impl = "https://securepubads.g.doubleclick.net/pagead/managed/js/gpt/m202603190101/pubads_impl.js?cb=31091417"
    return sc.req(key, at, "GET", url, "fetch", init=("script", frames(impl, (0, 210933), (0, 208117))),
                  mime="text/plain", size=18422, transfer=5204,
                  resp=[("access-control-allow-credentials", "true"), ("access-control-allow-origin", origin_of(page_url)),
                        ("cache-control", "no-cache, must-revalidate"), ("content-encoding", "br"),
                        ("content-type", "text/plain; charset=UTF-8"), ("server", "cafe"),
                        ("timing-allow-origin", "*"), ("x-content-type-options", "nosniff")],
                  priority="High")


# ---------------------------------------------------------------------------
# The scenarios
# ---------------------------------------------------------------------------

GTM_SNIPPET = ("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
               "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
               "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
               "(window,document,'script','dataLayer','%s');</script>")


def page_html(title, head_lines, body_lines):
    return "\n".join(["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      "<title>%s</title>" % title] + head_lines + ["</head>", "<body>"] + body_lines +
                     ["</body>", "</html>", ""])


def session_cookie(host, name, value):
    return Cookie(name, value, host, True, "/", None, True, True, "Lax")


# -- a. no_cmp ---------------------------------------------------------------

def s_no_cmp():
    sc = Scenario("no_cmp", "chrome", "2026-03-10T17:41:08.306Z", "No consent platform at all",
                  "no CMP; GTM loads GA4 and the Meta Pixel; every hit is before any consent UI")
    home, st, site = "https://www.trailhead-supply.test/", "https://static.trailhead-supply.test", "trailhead-supply.test"
    gtm_id = "GTM-W4N8RZQ"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Trailhead Supply Co. – Gear for the long way round"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/assets/css/site.3b81f0.css">' % st,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/assets/js/main.c2e917.js" defer></script>' % st],
        ['<header><img src="/img/logo.svg" alt="Trailhead Supply Co." width="180" height="44"></header>',
         '<main><img src="%s/img/hero/desert-trail-2026.webp" alt="Desert trail at dawn" width="1440" height="640">' % st,
         '<section id="picks" data-src="/api/picks?slot=home"></section></main>'])
    sc.page("page_1", home, 0, title, 1108.532, 2310.771, html)
    app = st + "/assets/js/main.c2e917.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "ts_session", "s%3A7c2e91f04ab3.Jk2Lq8Rt0Vz")],
        wait=141.207)
    css(sc, "css", 188, st + "/assets/css/site.3b81f0.css")
    gtm_lib(sc, "gtm", 191, gtm_id)
    js1(sc, "app", 194, app)
    img(sc, "logo", 199, "https://www.trailhead-supply.test/img/logo.svg", "image/svg+xml", 4417)
    img(sc, "hero", 201, st + "/img/hero/desert-trail-2026.webp", "image/webp", 214880)
    ga = GA("G-4JD8PX2R1C", "45je6370v9181422614za200", sc.t0 + 362, "1842093716.%d" % ((sc.t0 + 676) // 1000),
            (sc.t0 + 676) // 1000, home, title)
    gtag_lib(sc, "gtag", 452, ga, gtm_url)
    fb_lib(sc, "fbevents", 467, gtm_url)
    meta = Meta.init(sc, "1093847562019384", 1740263951, home, "fbevents", site)
    fb_config(sc, "fbconfig", 640, meta)
    ga_cookies(sc, 676, ga, site)
    ga4_hit(sc, "ga_pv", 688, ga, "page_view", first=True)
    fb_event(sc, "fb_pv", 731, meta, gtm_url, "PageView")
    api(sc, "api_picks", 1187, "https://www.trailhead-supply.test/api/picks?slot=home", app, "loadPicks")
    img(sc, "lazy", 2411, st + "/img/products/ridgeline-45l-pack-480.webp", "image/webp", 38912,
        init=("script", frames(app, (0, 31877), fn="lazyLoad")), priority="Low")
    ga4_hit(sc, "ga_scroll", 3466, ga, "scroll", seg="1", params=[("epn.percent_scrolled", "90")], et=2761)
    img(sc, "favicon", 3902, "https://www.trailhead-supply.test/favicon.ico", "image/x-icon", 4286, init="other",
        age="604800")
    sc.finish()
    sc.story = (
        "An outdoor-gear shop with no consent platform at all. The page's inline GTM snippet loads the "
        "container, which loads gtag.js for GA4 and the Meta Pixel. GA4 sends `page_view` (no `gcs`; "
        "`gcd=13l3l3l3l1`, i.e. consent mode present but no signal set, as gtag sends it without any CMP) "
        "and Meta sends `PageView`; GA4 later sends `scroll`. The JS-written `_ga`, `_ga_4JD8PX2R1C` and "
        "`_fbp` cookies first appear in the Cookie header of the first-party `/api/picks` fetch; the "
        "third-party requests carry no first-party cookies.")
    sc.state("no_cmp", "doc", "no request to any consent platform and no CMP cookie anywhere in the capture; "
             "holds for every entry")
    for k, v, p, f, r in [("gtm", "google_tag_manager", "—", [], "library"),
                          ("gtag", "google_analytics_4", "analytics", [], "library"),
                          ("fbevents", "meta_pixel", "advertising", [], "library"),
                          ("fbconfig", "meta_pixel", "advertising", [], "config"),
                          ("ga_pv", "google_analytics_4", "analytics", ["fired_before_consent_ui"], "beacon"),
                          ("fb_pv", "meta_pixel", "advertising", ["fired_before_consent_ui"], "beacon"),
                          ("ga_scroll", "google_analytics_4", "analytics", ["fired_before_consent_ui"], "beacon")]:
        sc.hit(k, v, p, f, role=r)
    sc.proof("api_picks", "first request carrying `_ga`, `_ga_4JD8PX2R1C`, `_fbp` (identifiers written by JS "
                          "before any consent UI could exist)")
    return sc


def hits(sc, rows):
    for row in rows:
        k, v, p, role, f = row[:5]
        restricted = row[5] if len(row) > 5 else ""
        note = row[6] if len(row) > 6 else ""
        sc.hit(k, v, p, f, role=role, restricted=restricted, note=note)


CA_RULES = lambda sc: [  # noqa: E731  (a US-CA opt-out rule and a global opt-in rule, as in the sample exhibit)
    rule(purpose_id(sc, "rule-ca"), "US-CA", False, "CCPA", [], {"us": ["ca"]}, "CCPA Opt-out"),
    rule(purpose_id(sc, "rule-global"), "Global", True, "GDPR", ["de", "fr", "gb"], {}, "GDPR Opt-in")]
OPTIN_RULES = lambda sc: [  # noqa: E731  (one global opt-in rule for every visitor)
    rule(purpose_id(sc, "rule-global"), "Global", True, "GDPR", [], {}, "Global Opt-in")]


def consent_id(sc):
    return "%s-%s-4%s-9%s-%s" % (hexid(sc.name + "cid1", 8), hexid(sc.name + "cid2", 4), hexid(sc.name + "cid3", 3),
                                 hexid(sc.name + "cid4", 3), hexid(sc.name + "cid5", 12))


# -- b. fired_before_banner -----------------------------------------------------

def s_fired_before_banner():
    sc = Scenario("fired_before_banner", "chrome", "2026-03-11T15:09:42.517Z",
                  "Trackers fire before the consent banner loads",
                  "GA4 and Meta fire before OneTrust's stub (injected late by GTM) loads; banner shown, no choice")
    home, st, site = "https://www.pacific-ledger.test/", "https://static.pacific-ledger.test", "pacific-ledger.test"
    gtm_id, uuid = "GTM-P2L7XKD", "7d3e1a90-5c2b-4f41-8e6d-b19a4c0f2e57"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "The Pacific Ledger – Local news for the Bay and beyond"
    html = page_html(title, [
        GTM_SNIPPET % gtm_id,
        '<link rel="stylesheet" href="%s/css/ledger.9a04c1.css">' % st,
        '<script src="%s/js/ledger.51fe3b.js" defer></script>' % st],
        ['<header><img src="/img/masthead.svg" alt="The Pacific Ledger" width="320" height="48"></header>',
         '<main><img src="%s/img/2026/03/ferry-terminal-reopens-1200.webp" alt="Ferry terminal" width="1200" height="675">' % st,
         '<aside id="related" data-src="/api/related?article=2026-03-11-ferry-terminal"></aside></main>'])
    sc.page("page_1", home, 0, title, 979.611, 1147.902, html)
    app = st + "/js/ledger.51fe3b.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "pl_sess", "a91f3c07e2d84b65")], wait=129.884)
    gtm_lib(sc, "gtm", 172, gtm_id)
    css(sc, "css", 175, st + "/css/ledger.9a04c1.css")
    js1(sc, "app", 179, app)
    img(sc, "logo", 184, "https://www.pacific-ledger.test/img/masthead.svg", "image/svg+xml", 6188)
    img(sc, "hero", 188, st + "/img/2026/03/ferry-terminal-reopens-1200.webp", "image/webp", 166032)
    ga = GA("G-7HQ3M9VZ2B", "45je6370v9106652839za200", sc.t0 + 349, "608217453.%d" % ((sc.t0 + 600) // 1000),
            (sc.t0 + 600) // 1000, home, title)
    gtag_lib(sc, "gtag", 402, ga, gtm_url)
    fb_lib(sc, "fbevents", 418, gtm_url)
    meta = Meta.init(sc, "718530264419873", 902716384, home, "fbevents", site)
    fb_config(sc, "fbconfig", 566, meta)
    ga_cookies(sc, 600, ga, site)
    ga4_hit(sc, "ga_pv", 611, ga, "page_view", first=True)
    fb_event(sc, "fb_pv", 652, meta, gtm_url, "PageView")
    # GTM custom HTML tag on "Window Loaded" injects the OneTrust stub (onLoad at 1147.9 ms).
    ot_stub(sc, "ot_stub", 1184, init=gtm_inject(gtm_url, 5))
    ot_config(sc, "ot_config", 1362, uuid, CA_RULES(sc))
    ot_geo(sc, "ot_geo", 1381)
    ot_sdk(sc, "ot_sdk", 1549)
    ot_ruleset(sc, "ot_ruleset", 1610, uuid, purpose_id(sc, "rule-ca"))
    ot_asset(sc, "ot_flat", 1655, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 1702, "OptanonConsent", optanon(cid, sc.t0 + 1702, home, [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)], 0), site)
    ot_cookie(sc, 1702, "usprivacy", "1YNN", site)
    api(sc, "api_related", 2140, "https://www.pacific-ledger.test/api/related?article=2026-03-11-ferry-terminal", app,
        "loadRelated")
    ga4_hit(sc, "ga_scroll", 2876, ga, "scroll", seg="1", params=[("epn.percent_scrolled", "90")], et=2159)
    fb_event(sc, "fb_vc", 3390, meta, gtm_url, "ViewContent",
             cd=[("content_name", "Ferry terminal reopens after two-year retrofit"), ("content_category", "Local"),
                 ("content_type", "article")])
    img(sc, "favicon", 4210, "https://www.pacific-ledger.test/favicon.ico", "image/x-icon", 5430, init="other",
        age="604800")
    sc.finish()
    sc.story = (
        "A news site that put the GTM snippet first in `<head>` and loads OneTrust from a GTM Custom HTML tag "
        "fired on *Window Loaded*. GTM fires GA4 and the Meta Pixel at once (no consent-mode defaults exist "
        "yet: `gcd=13l3l3l3l1`, no `gcs`), so GA4 `page_view` and Meta `PageView` leave the browser about half a "
        "second before `otSDKStub.js` is even requested. OneTrust then fetches its domain configuration (kept: a "
        "`US-CA` CCPA opt-out rule and a global opt-in rule) and the geolocation answer (kept: `US`/`CA`), loads "
        "the banner SDK and the banner layout, and writes `OptanonConsent` with `interactionCount=0` and every "
        "group at 1 (opt-out defaults) plus `usprivacy=1YNN`. The visitor never interacts; GA4 `scroll` and Meta "
        "`ViewContent` fire while the banner is up.")
    sc.state("pre_banner", "doc", "page loading; no CMP request yet")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (CMP first seen at the stub, entry {ot_stub}; "
             "banner layout `otFlat.json` at entry {ot_flat}); no choice is ever recorded")
    sc.proof("ot_stub", "first CMP request (stub injected by GTM, `_initiator` stack in gtm.js)")
    sc.proof("api_related", "first `OptanonConsent` in a Cookie header: `interactionCount=0`, groups "
             "C0001–C0004 all `:1`, `geolocation=US;CA`; `usprivacy=1YNN`; no `OptanonAlertBoxClosed`")
    sc.region = [("US-CA", "ot_geo", "geolocation response `{\"country\":\"US\",\"state\":\"CA\",...}`"),
                 ("US-CA rule `CCPA Opt-out`", "ot_config", "domain config RuleSet `US-CA` (States us:[ca])"),
                 ("US;CA", "api_related", "`OptanonConsent` `geolocation=US%3BCA`")]
    hits(sc, [("gtm", "google_tag_manager", "—", "library", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_consent_ui"]),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_before_consent_ui"]),
              ("ot_stub", "onetrust", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"], "",
               "allowed by the opt-out defaults the CMP itself applied (groups all :1)"),
              ("fb_vc", "meta_pixel", "advertising", "beacon", ["fired_before_choice"], "",
               "allowed by the opt-out defaults the CMP itself applied (groups all :1)")])
    return sc


# -- c. accept_then_fire -----------------------------------------------------------

def s_accept_then_fire():
    sc = Scenario("accept_then_fire", "chrome", "2026-03-12T19:31:27.044Z", "Opt-in banner, visitor accepts",
                  "OneTrust opt-in: only cookieless GA4 before the choice; Accept All (consent receipt); then "
                  "GA4 G111, Meta and TikTok")
    home, st, site = "https://www.lumen-home.test/", "https://static.lumen-home.test", "lumen-home.test"
    gtm_id, uuid = "GTM-T9R4B6N", "4a8f2c61-0e93-4b7d-a5f2-8c1e6d3b9f04"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Lumen Home – Lighting and decor"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/assets/lumen.e41b07.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/assets/lumen.7fd20a.js" defer></script>' % st],
        ['<header><img src="/img/lumen-logo.svg" alt="Lumen Home" width="150" height="40"></header>',
         '<main><img src="%s/img/campaign/spring-lamps-2026.webp" alt="Spring lamps" width="1440" height="600">' % st,
         '<div id="cart-count" data-src="/api/cart/count"></div></main>'])
    sc.page("page_1", home, 0, title, 1034.277, 1981.640, html)
    app = st + "/assets/lumen.7fd20a.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "lh_sid", "3f0a9d27c61b4e58a2d9")], wait=133.519)
    css(sc, "css", 158, st + "/assets/lumen.e41b07.css")
    ot_stub(sc, "ot_stub", 161)
    gtm_lib(sc, "gtm", 165, gtm_id)
    js1(sc, "app", 169, app)
    img(sc, "logo", 173, "https://www.lumen-home.test/img/lumen-logo.svg", "image/svg+xml", 3311)
    img(sc, "hero", 176, st + "/img/campaign/spring-lamps-2026.webp", "image/webp", 198420)
    ot_config(sc, "ot_config", 339, uuid, OPTIN_RULES(sc))
    ot_geo(sc, "ot_geo", 352)
    ga = GA("G-2WX8KD5Q1F", "45je6370v9174410382za200", sc.t0 + 402, "1396284057.%d" % ((sc.t0 + 590) // 1000),
            (sc.t0 + 590) // 1000, home, title)
    gtag_lib(sc, "gtag", 391, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 537)
    ga4_hit(sc, "ga_pv", 604, ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    ot_ruleset(sc, "ot_ruleset", 671, uuid, purpose_id(sc, "rule-global"))
    ot_asset(sc, "ot_flat", 702, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 755, "OptanonConsent", optanon(cid, sc.t0 + 755, home, [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 0), site)
    api(sc, "api_cart", 1411, "https://www.lumen-home.test/api/cart/count", app, "refreshCart", size=64)
    # 6204 ms: the visitor clicks "Accept All".
    click = 6204
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)], 1, int_type=1), site)
    ot_receipt(sc, "ot_receipt", 6231, "https://www.lumen-home.test", cid,
               [(purpose_id(sc, g), "CONFIRMED") for g in ("C0002", "C0003", "C0004")],
               ",C0001,C0002,C0003,C0004,", sc.t0 + click)
    ga_cookies(sc, 6236, ga, site)
    ev_init = gtm_event_inject(gtm_url, OT_SDK, 0, 377912)
    fb_lib(sc, "fbevents", 6238, gtm_url, init=ev_init)
    tt = TikTok("CQ8H5N3BC77F0K2MRT1G", "01JP%s" % hexid("ttp-c", 22).upper(), "sessionId-%s" % hexid("tts-c", 20),
                home, title)
    tt_lib(sc, "tt_lib", 6244, tt, gtm_url, init=ev_init)
    meta = Meta.init(sc, "1284759302817465", 583920174, home, "fbevents", site)
    fb_config(sc, "fbconfig", 6388, meta)
    tt_main(sc, "tt_main", 6421, tt)
    fb_event(sc, "fb_pv", 6452, meta, gtm_url, "PageView")
    sc.js_cookie(6500, "_ttp", tt.ttp, site, days=390, same_site="None")
    tt_event(sc, "tt_pv", 6588, tt, "Pageview")
    api(sc, "api_recs", 6893, "https://www.lumen-home.test/api/recommendations?slot=home-2&limit=6", app,
        "loadRecommendations")
    ga4_hit(sc, "ga_scroll", 8417, ga, "scroll", gcs="G111", gcd="13r3r3r3r5l1", npa="0", seg="1",
            params=[("epn.percent_scrolled", "90")], et=7802)
    img(sc, "lazy", 8902, st + "/img/products/arc-floor-lamp-brass-480.webp", "image/webp", 41337,
        init=("script", frames(app, (0, 28551), fn="lazyLoad")), priority="Low")
    sc.finish()
    sc.story = (
        "A home-decor shop with OneTrust in an **opt-in** template for every visitor (one global rule) and Google "
        "consent mode *advanced* (defaults denied). The stub is the first script in `<head>`; before the "
        "choice the only tracker hit is GA4's cookieless `page_view` (`gcs=G100`, `gcd=13p3p3p3p5l1`, "
        "`npa=1`), and `OptanonConsent` (first seen in the `/api/cart/count` fetch) has `interactionCount=0` "
        "and groups `C0001:1,C0002:0,C0003:0,C0004:0`. At +6204 ms the visitor clicks **Accept All**: OneTrust "
        "logs a consent receipt (POST to `privacyportal.onetrust.com`, body kept, purposes `CONFIRMED`), GTM's "
        "`OneTrustGroupsUpdated` trigger loads the Meta Pixel and TikTok Pixel (their `_initiator` stacks run "
        "from gtm.js back to otBannerSdk.js through a `Promise.then`), Meta sends `PageView` and TikTok "
        "`Pageview`. The next first-party request carries `OptanonAlertBoxClosed` and `OptanonConsent` with "
        "`interactionCount=1` and groups all `:1`, plus the now-written `_ga`, `_fbp`, `_ttp`. GA4's later "
        "`scroll` hit has `gcs=G111`, `gcd=13r3r3r3r5l1` (denied by default, granted by update).")
    sc.state("pre_banner", "doc", "page loading; CMP not loaded")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub}, banner layout at entry "
             "{ot_flat}); `OptanonConsent` `interactionCount=0` at entry {api_cart}")
    sc.state("accepted", "ot_receipt", "consent receipt POST (the earliest proof, signals.md D.10 step 3): "
             "purposes `CONFIRMED`, `customPayload.activeGroup` `,C0001,C0002,C0003,C0004,`")
    sc.proof("ot_stub", "CMP first seen")
    sc.proof("api_cart", "`OptanonConsent` `interactionCount=0`, groups `C0001:1,C0002:0,C0003:0,C0004:0` (opt-in "
             "defaults); no `OptanonAlertBoxClosed`")
    sc.proof("ot_receipt", "choice made: consent receipt logged")
    sc.proof("api_recs", "first `OptanonAlertBoxClosed` in a Cookie header (value = the click time "
             + iso_z(sc.t0 + click) + "); `OptanonConsent` `interactionCount=1`, groups all `:1`, `intType=1`")
    sc.proof("ga_scroll", "first Google hit with update letters: `gcd=13r3r3r3r5l1` (denied→granted), `gcs=G111`")
    sc.region = [("US-CA", "ot_geo", "geolocation response"),
                 ("rule `Global` (`Global Opt-in`)", "ot_config", "the only RuleSet; default for every visitor"),
                 ("US;CA", "api_cart", "`OptanonConsent` `geolocation=US%3BCA`")]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd=13p3p3p3p5l1`, `npa=1` (cookieless ping)"),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ot_receipt", "onetrust", "—", "consent_record", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("tt_lib", "tiktok_pixel", "advertising", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("tt_main", "tiktok_pixel", "advertising", "library", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_with_consent"]),
              ("tt_pv", "tiktok_pixel", "advertising", "beacon", ["fired_with_consent"]),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"])])
    return sc


# -- d. reject_then_fire -------------------------------------------------------------

def s_reject_then_fire():
    sc = Scenario("reject_then_fire", "chrome", "2026-03-13T21:14:55.630Z", "California opt-out, visitor rejects",
                  "OneTrust US-CA opt-out: trackers fire on granted defaults; Reject All; Meta and TikTok keep "
                  "firing, GA4 switches to G100 / u letters")
    home, st, site = "https://www.goldenstate-tickets.test/", "https://static.goldenstate-tickets.test", "goldenstate-tickets.test"
    gtm_id, uuid = "GTM-M3K8Q2V", "0e5b9c37-2d8a-4f16-b3c4-9a71e2f86d15"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Golden State Tickets – Concerts, sports and theatre"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/build/gst.2c7d1e.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/build/gst.90ab4f.js" defer></script>' % st],
        ['<header><img src="/img/gst-logo.svg" alt="Golden State Tickets" width="210" height="40"></header>',
         '<main><img src="%s/img/hero/bay-bridge-night-1440.webp" alt="Bay Bridge at night" width="1440" height="560">' % st,
         '<section id="featured" data-src="/api/events/featured?market=bay-area"></section></main>'])
    sc.page("page_1", home, 0, title, 1066.904, 2048.317, html)
    app = st + "/build/gst.90ab4f.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "gst_s", "e27b05d9a3c1f846")], wait=137.062)
    css(sc, "css", 166, st + "/build/gst.2c7d1e.css")
    ot_stub(sc, "ot_stub", 169)
    gtm_lib(sc, "gtm", 173, gtm_id)
    js1(sc, "app", 178, app)
    img(sc, "logo", 182, "https://www.goldenstate-tickets.test/img/gst-logo.svg", "image/svg+xml", 5120)
    img(sc, "hero", 186, st + "/img/hero/bay-bridge-night-1440.webp", "image/webp", 187733)
    ot_config(sc, "ot_config", 348, uuid, CA_RULES(sc))
    ot_geo(sc, "ot_geo", 366)
    ga = GA("G-9LPT4C7N2R", "45je6370v9128843057za200", sc.t0 + 411, "733918240.%d" % ((sc.t0 + 590) // 1000),
            (sc.t0 + 590) // 1000, home, title)
    gtag_lib(sc, "gtag", 402, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 551)
    ga_cookies(sc, 590, ga, site)
    ga4_hit(sc, "ga_pv", 598, ga, "page_view", gcs="G111", gcd="13t3t3t3t5l1", first=True)
    fb_lib(sc, "fbevents", 612, gtm_url)
    tt = TikTok("CR2K7P4JC77D5H1QV9E0", "01JP%s" % hexid("ttp-d", 22).upper(), "sessionId-%s" % hexid("tts-d", 20),
                home, title)
    tt_lib(sc, "tt_lib", 620, tt, gtm_url)
    ot_ruleset(sc, "ot_ruleset", 688, uuid, purpose_id(sc, "rule-ca"))
    meta = Meta.init(sc, "530918274630195", 1120486395, home, "fbevents", site)
    ot_asset(sc, "ot_flat", 714, "otFlat.json")
    cid = consent_id(sc)
    all1 = [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)]
    ot_cookie(sc, 760, "OptanonConsent", optanon(cid, sc.t0 + 760, home, all1, 0), site)
    ot_cookie(sc, 760, "usprivacy", "1YNN", site)
    fb_config(sc, "fbconfig", 781, meta)
    tt_main(sc, "tt_main", 790, tt)
    fb_event(sc, "fb_pv", 842, meta, gtm_url, "PageView")
    sc.js_cookie(850, "_ttp", tt.ttp, site, days=390, same_site="None")
    tt_event(sc, "tt_pv", 871, tt, "Pageview")
    api(sc, "api_featured", 1520, "https://www.goldenstate-tickets.test/api/events/featured?market=bay-area", app,
        "loadFeatured", size=8812)
    # 5112 ms: the visitor clicks "Reject All" in the CCPA banner.
    click = 5112
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 1, int_type=2), site)
    ot_cookie(sc, click, "usprivacy", "1YYN", site)
    api(sc, "api_search", 5348, "https://www.goldenstate-tickets.test/api/events/search?q=warriors&date=2026-03-20", app,
        "runSearch", size=6403)
    fb_event(sc, "fb_vc", 6127, meta, gtm_url, "ViewContent",
             cd=[("content_ids", '["EVT-88213"]'), ("content_type", "product"),
                 ("content_name", "Warriors vs. Suns – Mar 20, 2026")])
    tt_event(sc, "tt_vc", 6151, tt, "ViewContent",
             {"contents": [{"content_id": "EVT-88213", "content_type": "product",
                            "content_name": "Warriors vs. Suns – Mar 20, 2026"}], "currency": "USD", "value": 96})
    ga4_hit(sc, "ga_scroll", 7936, ga, "scroll", gcs="G100", gcd="13u3u3u3u5l1", npa="1", seg="1",
            params=[("epn.percent_scrolled", "90")], et=6904)
    img(sc, "lazy", 8310, st + "/img/events/warriors-suns-0320-480.webp", "image/webp", 35120,
        init=("script", frames(app, (0, 30442), fn="lazyLoad")), priority="Low")
    sc.finish()
    sc.story = (
        "A ticketing site with OneTrust's **California opt-out** template (`US-CA` rule, `CCPA Opt-out`) and "
        "Google consent defaults *granted* for `US-CA`. While the banner is up, GA4 (`gcs=G111`, "
        "`gcd=13t3t3t3t5l1`: granted by default, no update), Meta `PageView` and TikTok `Pageview` fire, and "
        "`OptanonConsent` has `interactionCount=0` with every group at 1, `usprivacy=1YNN`. At +5112 ms the "
        "visitor clicks **Reject All**; this site logs no consent receipt, so the first proof is the next "
        "first-party request (+5348 ms): `OptanonAlertBoxClosed` appears, `OptanonConsent` has "
        "`interactionCount=1`, `intType=2`, groups `C0001:1,C0002:0,C0003:0,C0004:0`, and `usprivacy=1YYN`. "
        "GTM's Meta and TikTok tags were never tied to consent: Meta `ViewContent` (no `dpo`) and TikTok "
        "`ViewContent` still fire. GA4 keeps sending, but now with `gcs=G100` and `gcd=13u3u3u3u5l1` (granted by "
        "default, denied by update) and `npa=1`.")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub}); `interactionCount=0` "
             "with opt-out defaults (all groups `:1`) at entry {api_featured}")
    sc.state("rejected", "api_search", "first `OptanonAlertBoxClosed` in a Cookie header; `interactionCount=1`, "
             "groups `C0002:0,C0003:0,C0004:0`, `usprivacy=1YYN` (no consent receipt on this site)")
    sc.proof("ot_stub", "CMP first seen")
    sc.proof("api_featured", "`OptanonConsent` `interactionCount=0`, groups all `:1`; `usprivacy=1YNN`")
    sc.proof("api_search", "choice: `OptanonAlertBoxClosed=" + iso_z(sc.t0 + click) + "`, groups C0002/C0003/C0004 "
             "`:0`, `intType=2`; `usprivacy` `1YNN`→`1YYN` (sale opt-out)")
    sc.proof("ga_scroll", "Google update letters `u` (granted by default, denied by update), `gcs=G100`")
    sc.region = [("US-CA", "ot_geo", "geolocation response"),
                 ("US-CA rule `CCPA Opt-out`", "ot_config", "domain config RuleSet"),
                 ("US;CA", "api_featured", "`OptanonConsent` `geolocation=US%3BCA`"),
                 ("CCPA applies", "api_featured", "`usprivacy` is not `1---`")]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"], "",
               "`gcd` `t` letters: the opt-out template's granted defaults"),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("tt_lib", "tiktok_pixel", "advertising", "library", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("tt_main", "tiktok_pixel", "advertising", "library", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_before_choice"]),
              ("tt_pv", "tiktok_pixel", "advertising", "beacon", ["fired_before_choice"]),
              ("fb_vc", "meta_pixel", "advertising", "beacon", ["fired_after_opt_out"], "",
               "no `dpo`: not limited"),
              ("tt_vc", "tiktok_pixel", "advertising", "beacon", ["fired_after_opt_out"]),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", [],
               "`gcs=G100`, `gcd=13u3u3u3u5l1`, `npa=1`",
               "after the opt-out, but carries it (denied by update): restricted evidence, no finding; page URL, "
               "title and event still transmitted")])
    return sc


# -- e. gpc_ignored (Firefox) -----------------------------------------------------------

GPP_USCA_NOT_OPTED_OUT = "DBABBg~BUoAAAKA.QA"   # real OTGPPConsent value (signals.md B.15): usca, SaleOptOut=2, Gpc=0
GPP_USCA_OPTED_OUT_GPC = "DBABBg~BUUAAAGA.YA"   # real value (B.15): usca, SaleOptOut=1, SharingOptOut=1, Gpc=1
GPP_USCA_OPTED_OUT = "DBABBg~BUUAAAGA.QA"       # the real core above with the real Gpc=0 sub-section `.QA`


def s_gpc_ignored():
    sc = Scenario("gpc_ignored", "firefox", "2026-03-16T16:48:19.271Z", "GPC sent, CMP does not apply it (Firefox)",
                  "Firefox with Sec-GPC: 1 on every request; OneTrust sees GPC (browserGpcFlag=1) but "
                  "isGpcEnabled=0; GA4 and Meta (no LDU) fire")
    home, st, site = "https://www.meadowlark-travel.test/", "https://static.meadowlark-travel.test", "meadowlark-travel.test"
    gtm_id, uuid = "GTM-R6V2N8J", "2c7a91e4-6b3f-4d58-9e20-f5a8c14b7d63"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Meadowlark Travel – Weekend getaways on the West Coast"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/css/mt.6d1f09.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/js/mt.b83e52.js" defer></script>' % st],
        ['<header><img src="/img/meadowlark.svg" alt="Meadowlark Travel" width="200" height="44"></header>',
         '<main><section id="deals" data-src="/api/deals?region=west"></section></main>'])
    sc.page("page_1", home, 0, title, 1012, 1873, html)
    app = st + "/js/mt.b83e52.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "mt_session", "b07c43e9d1a25f86")], wait=139.4)
    css(sc, "css", 171, st + "/css/mt.6d1f09.css")
    ot_stub(sc, "ot_stub", 174)
    gtm_lib(sc, "gtm", 177, gtm_id)
    js1(sc, "app", 181, app)
    img(sc, "logo", 186, "https://www.meadowlark-travel.test/img/meadowlark.svg", "image/svg+xml", 4870)
    ot_config(sc, "ot_config", 352, uuid, CA_RULES(sc))
    ot_geo(sc, "ot_geo", 371)
    ga = GA("G-5TZK8H3M1X", "45je6370v9133920746za200", sc.t0 + 418, "2087443196.%d" % ((sc.t0 + 596) // 1000),
            (sc.t0 + 596) // 1000, home, title, firefox=True)
    gtag_lib(sc, "gtag", 409, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 560)
    ga_cookies(sc, 596, ga, site)
    ga4_hit(sc, "ga_pv", 604, ga, "page_view", gcs="G111", gcd="13t3t3t3t5l1", first=True)
    fb_lib(sc, "fbevents", 618, gtm_url)
    cid = consent_id(sc)
    ot_cookie(sc, 690, "OptanonConsent", optanon(cid, sc.t0 + 690, home, [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)],
                                                 0, gpc_enabled=0, browser_gpc=1, gpp=True), site)
    ot_cookie(sc, 690, "usprivacy", "1YNN", site)
    ot_cookie(sc, 690, "OTGPPConsent", GPP_USCA_NOT_OPTED_OUT, site)
    ot_ruleset(sc, "ot_ruleset", 702, uuid, purpose_id(sc, "rule-ca"))
    meta = Meta.init(sc, "864203751938274", 1377209158, home, "fbevents", site)
    ot_asset(sc, "ot_flat", 731, "otFlat.json")
    fb_config(sc, "fbconfig", 790, meta)
    fb_event(sc, "fb_pv", 846, meta, gtm_url, "PageView")
    api(sc, "api_deals", 1490, "https://www.meadowlark-travel.test/api/deals?region=west", app, "loadDeals", size=11208)
    ga4_hit(sc, "ga_scroll", 3120, ga, "scroll", gcs="G111", gcd="13t3t3t3t5l1", seg="1",
            params=[("epn.percent_scrolled", "90")], et=2488)
    sc.finish()
    sc.story = (
        "A **Firefox 146** DevTools export (creator and browser `Firefox`, local-offset timestamps, Title-Case "
        "request headers, decoded queryString values, no `_initiator` or `_resourceType`). The visitor enabled "
        "*Tell websites not to sell or share my data*, so **every request carries `Sec-GPC: 1`**, starting with "
        "the document. The site runs OneTrust's `US-CA` opt-out template without GPC handling: `OptanonConsent` "
        "records `browserGpcFlag=1` (the CMP saw the signal) but `isGpcEnabled=0` (it did not apply it), "
        "`interactionCount=0`, all groups `:1`, `GPPCookiesCount=1&gppSid=8`; `usprivacy=1YNN` and "
        "`OTGPPConsent=" + GPP_USCA_NOT_OPTED_OUT + "` (usca, `SaleOptOut=2` = did not opt out, `Gpc=0`) agree "
        "that no opt-out was applied. GA4 (`gcs=G111`, `t` letters) and the Meta Pixel (`PageView` without "
        "`dpo=LDU`) fire while the banner is up; the visitor never clicks.")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub}); no choice is recorded")
    sc.gpc = ("`Sec-GPC: 1` on every request, entries 0–%d (first: the document, entry 0). The CMP saw it "
              "(`browserGpcFlag=1`, entry {api_deals}) and did not apply it (`isGpcEnabled=0`; `usprivacy=1YNN`; "
              "GPP `SaleOptOut=2`, `Gpc=0`)." % (len(sc.entries) - 1))
    sc.proof("api_deals", "`OptanonConsent` `isGpcEnabled=0`, `browserGpcFlag=1`, `interactionCount=0`, groups all "
             "`:1`; `usprivacy=1YNN`; `OTGPPConsent=" + GPP_USCA_NOT_OPTED_OUT + "`")
    sc.region = [("US-CA", "ot_geo", "geolocation response"),
                 ("US-CA rule `CCPA Opt-out`", "ot_config", "domain config RuleSet"),
                 ("US;CA, GPP section 8 (usca)", "api_deals", "`OptanonConsent` `geolocation`, `gppSid=8`; `OTGPPConsent` header `DBABBg` = [8]")]
    gpc_f = ["fired_before_choice", "fired_despite_gpc"]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", gpc_f),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", gpc_f, "", "no `dpo=LDU`"),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", gpc_f)])
    sc.unknowns.append("Which script started each request: Firefox writes no `_initiator`.")
    return sc


# -- f. cookiebot_accept --------------------------------------------------------------

def s_cookiebot_accept():
    sc = Scenario("cookiebot_accept", "chrome", "2026-03-17T18:05:33.902Z", "Cookiebot, visitor accepts; Hotjar streams",
                  "Cookiebot: cookieless GA4 before the choice; Allow all (logconsent.ashx); CookieConsent cookie; "
                  "GA4 G111; Hotjar WebSocket recording")
    home, st, site = "https://www.alder-and-oak.test/", "https://static.alder-and-oak.test", "alder-and-oak.test"
    gtm_id, cbid, hj = "GTM-L5H9W3C", "3f9a2c71-8d4e-4b6a-a1c5-7e20d94b6f18", 4183926
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    uc = "https://consent.cookiebot.com/uc.js?cbid=" + cbid
    title = "Alder & Oak – Solid wood furniture"
    html = page_html(title, [
        '<script id="Cookiebot" src="%s" data-blockingmode="auto" type="text/javascript"></script>' % uc.replace("&", "&amp;"),
        '<link rel="stylesheet" href="%s/assets/ao.44c9e2.css">' % st,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/assets/ao.0d7f13.js" defer></script>' % st],
        ['<header><img src="/img/alder-oak.svg" alt="Alder &amp; Oak" width="170" height="46"></header>',
         '<main><img src="%s/img/rooms/dining-walnut-1440.webp" alt="Walnut dining room" width="1440" height="620">' % st,
         '<div id="mini-cart" data-src="/api/cart/mini"></div></main>'])
    sc.page("page_1", home, 0, title, 1121.845, 2214.093, html)
    app = st + "/assets/ao.0d7f13.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "ao_sid", "5e8c21a07fd94b3c")], wait=144.716)
    sc.req("cb_uc", 163, "GET", uc, "script", init=("parser",), mime="application/x-javascript", size=71944,
           transfer=22108, priority="High",
           resp=[("access-control-allow-origin", "*"), ("cache-control", "max-age=900, public"),
                 ("content-encoding", "gzip"), ("content-type", "application/x-javascript; charset=utf-8"),
                 ("server", "Microsoft-IIS/10.0"), ("vary", "Accept-Encoding")])
    css(sc, "css", 166, st + "/assets/ao.44c9e2.css")
    gtm_lib(sc, "gtm", 170, gtm_id)
    js1(sc, "app", 174, app)
    img(sc, "logo", 178, "https://www.alder-and-oak.test/img/alder-oak.svg", "image/svg+xml", 3970)
    img(sc, "hero", 182, st + "/img/rooms/dining-walnut-1440.webp", "image/webp", 205517)
    cb_js = [("access-control-allow-origin", "*"), ("cache-control", "no-cache"), ("content-encoding", "gzip"),
             ("content-type", "application/x-javascript; charset=utf-8"), ("server", "Microsoft-IIS/10.0")]
    sc.req("cb_state", 318, "GET", "https://consentcdn.cookiebot.com/consentconfig/%s/state.js" % cbid, "script",
           init=("script", frames(uc, (0, 40218))), mime="application/x-javascript", size=1437, transfer=802,
           resp=cb_js, priority="Low")
    sc.req("cb_cc", 331, "GET", "https://consent.cookiebot.com/%s/cc.js?renew=false&referer=www.alder-and-oak.test&dnt=false&init=false" % cbid,
           "script", init=("script", frames(uc, (0, 41377))), mime="application/x-javascript", size=96418,
           transfer=24733, resp=cb_js, priority="Low")
    ga = GA("G-6RM2QX9K4D", "45je6370v9190038125za200", sc.t0 + 416, "1517830264.%d" % ((sc.t0 + 584) // 1000),
            (sc.t0 + 584) // 1000, home, title)
    gtag_lib(sc, "gtag", 402, ga, gtm_url)
    ga4_hit(sc, "ga_pv", 588, ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    api(sc, "api_cart", 1305, "https://www.alder-and-oak.test/api/cart/mini", app, "refreshMiniCart", size=212)
    # 4810 ms: the visitor clicks "Allow all".
    click = 4810
    log_url = ("https://consent.cookiebot.com/logconsent.ashx?action=accept&nocache=%d&dnt=false&method=strict"
               "&clp=true&cls=true&clm=true&cbid=%s&cbt=leveloptin&hasdata=true&usercountry=US"
               "&referer=https%%3A%%2F%%2Fwww.alder-and-oak.test%%2F&rc=false" % (sc.t0 + click + 17, cbid))
    sc.req("cb_log", 4829, "GET", log_url, "script",
           init=("script", [("submitConsent", uc, 0, 52311), ("", uc, 0, 50896), ("onclick", uc, 0, 61230)]),
           mime="application/x-javascript", size=318, transfer=318, resp=cb_js, priority="Low")
    stamp = base64.b64encode(hashlib.sha512(b"alder-and-oak stamp").digest()[:42]).decode()
    lit, cb_val = cookiebot_value(stamp, True, True, True, sc.t0 + click + 9)
    sc.js_cookie(4905, "CookieConsent", cb_val, "www." + site, host_only=True, days=365)
    ga_cookies(sc, 4836, ga, site)
    ev_init = gtm_event_inject(gtm_url, uc, 0, 58722)
    hotjar_lib(sc, "hj_lib", 4851, hj, gtm_url, init=ev_init)
    hotjar_modules(sc, "hj_modules", 4998, hj)
    sc.js_cookie(5120, "_hjSessionUser_%d" % hj, b64url(json.dumps({"id": "6c1d2f3a-" + hexid("hju", 4) + "-4b7e-9a10-" + hexid("hju2", 12),
                                                                    "created": sc.t0 + 5120, "existing": False}, separators=(",", ":"))), site, days=365, same_site="Lax")
    sc.js_cookie(5120, "_hjSession_%d" % hj, b64url(json.dumps({"id": "d3e8f1a2-" + hexid("hjs", 4) + "-4c9b-8e21-" + hexid("hjs2", 12),
                                                                "c": sc.t0 + 5120, "s": 0, "r": 0, "sb": 0, "sr": 0, "se": 0, "fs": 1, "sp": 0},
                                                               separators=(",", ":"))), site, days=1 / 48.0, same_site="Lax")
    snapshot = ('{"type":"page_content","page_url":"https://www.alder-and-oak.test/","title":"Alder & Oak – Solid wood '
                'furniture","html":"<header>…</header><main><h1>Made to outlast trends</h1>…</main>"}')
    gz = base64.b64encode(gzip.compress(snapshot.encode(), 9, mtime=0)).decode()
    ws_url = "wss://ws.hotjar.com/api/v2/client/ws?v=6&site_id=%d" % hj
    msgs = [("send", 5392, 1, '{"type":"session","site_id":%d,"user_id":"6c1d2f3a","page_url":"https://www.alder-and-oak.test/","viewport":[1903,961]}' % hj),
            ("receive", 5461, 1, '{"type":"ack","seq":1}'),
            ("send", 5518, 2, gz),
            ("send", 6940, 1, '{"type":"mouse_move","seq":3,"t":1548,"path":[[612,388,0],[640,402,48],[702,431,96],[771,455,144]]}'),
            ("send", 8205, 1, '{"type":"scroll","seq":4,"t":2813,"y":1340}'),
            ("send", 10433, 1, '{"type":"click","seq":5,"t":5041,"selector":"button#add-to-cart","x":1104,"y":702}'),
            ("send", 12870, 1, '{"type":"key_input","seq":6,"t":7478,"target":"input#newsletter-email","len":21}'),
            ("receive", 12931, 1, '{"type":"ack","seq":6}')]
    sc.req("hj_ws", 5231, "GET", ws_url, "websocket",
           init=("script", [("connect", "https://script.hotjar.com/modules.5f2a9c7e1d.js", 0, 88412),
                            ("", "https://static.hotjar.com/c/hotjar-%d.js?sv=6" % hj, 0, 1710)]),
           mime="x-unknown", size=0, transfer=0, ws=msgs, priority="Medium")
    api(sc, "api_reviews", 5318, "https://www.alder-and-oak.test/api/reviews?sku=OAK-TBL-0412", app, "loadReviews",
        size=5521)
    ga4_hit(sc, "ga_scroll", 7204, ga, "scroll", gcs="G111", gcd="13r3r3r3r5l1", npa="0", seg="1",
            params=[("epn.percent_scrolled", "90")], et=6417)
    img(sc, "lazy", 9415, st + "/img/products/walnut-table-0412-480.webp", "image/webp", 44012,
        init=("script", frames(app, (0, 26610), fn="lazyLoad")), priority="Low")
    sc.finish()
    sc.cookiebot_literal = lit
    sc.story = (
        "A furniture shop with **Cookiebot** (`uc.js?cbid=…` first in `<head>`, auto-blocking), Google consent mode "
        "advanced with denied defaults, and Hotjar behind the *statistics* category. Before the choice: "
        "`consentconfig/<cbid>/state.js` and the per-visitor `cc.js` (which renders the dialog) load, GA4 "
        "sends a cookieless `page_view` (`gcs=G100`, `gcd=13p3p3p3p5l1`), and no `CookieConsent` cookie exists. "
        "At +4810 ms the visitor clicks **Allow all**: `logconsent.ashx?action=accept&…&clp=true&cls=true"
        "&clm=true&…&usercountry=US` is requested; its script response sets `CookieConsent`, which first "
        "appears (URL-encoded) in the `/api/reviews` Cookie header as\n\n    `" + lit + "`\n\n"
        "GTM's `cookie_consent_update` trigger loads Hotjar, which opens `wss://ws.hotjar.com/api/v2/client/ws` "
        "and streams 6 frames over 7.5 s (a gzip DOM snapshot as a binary frame, mouse path, scroll, a click, "
        "a key-input length) in Chrome's `_webSocketMessages`. GA4's next hit has `gcs=G111`, "
        "`gcd=13r3r3r3r5l1`.")
    sc.state("pre_banner", "doc", "page loading; CMP loading (uc.js at entry {cb_uc})")
    sc.state("banner_shown", "cb_cc", "Cookiebot `cc.js` (the per-visitor script that renders the dialog); no "
             "`CookieConsent` cookie yet (entry {api_cart})")
    sc.state("accepted", "cb_log", "`logconsent.ashx?action=accept` with `clp=true&cls=true&clm=true` "
             "(preferences, statistics, marketing)")
    sc.proof("cb_uc", "CMP first seen (`uc.js`)")
    sc.proof("api_cart", "no `CookieConsent` in the Cookie header (no choice yet)")
    sc.proof("cb_log", "choice logged: `action=accept`, `clp/cls/clm=true`, `usercountry=US`")
    sc.proof("api_reviews", "first `CookieConsent` in a Cookie header: necessary, preferences, statistics, "
             "marketing all `true`, `method:'explicit'`, `region:'us-06'`")
    sc.proof("ga_scroll", "`gcd=13r3r3r3r5l1`, `gcs=G111`")
    sc.region = [("US", "cb_log", "`usercountry=US`"),
                 ("us-06 (California by FIPS code; signals.md marks this inference UNCERTAIN)", "api_reviews",
                  "`CookieConsent` `region:'us-06'`")]
    hits(sc, [("cb_uc", "cookiebot", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("cb_state", "cookiebot", "—", "config", []),
              ("cb_cc", "cookiebot", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd=13p3p3p3p5l1`, `npa=1` (cookieless ping)"),
              ("cb_log", "cookiebot", "—", "consent_record", []),
              ("hj_lib", "hotjar", "analytics", "library", []),
              ("hj_modules", "hotjar", "analytics", "library", []),
              ("hj_ws", "hotjar", "analytics", "session_stream", ["fired_with_consent", "session_replay_stream"], "",
               "8 `_webSocketMessages` (6 sent, 2 received)"),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"])])
    return sc


# -- g. sanitized_export --------------------------------------------------------------

def s_sanitized_export():
    sc = Scenario("sanitized_export", "chrome_sanitized", "2026-03-18T20:27:16.455Z",
                  "Chrome's default sanitized export (no cookies)",
                  "OneTrust opt-in, visitor accepts; export has no Cookie/Set-Cookie at all; the choice is "
                  "provable only from the consent receipt and gcd r letters")
    home, st, site = "https://www.northwind-audio.test/", "https://static.northwind-audio.test", "northwind-audio.test"
    gtm_id, uuid, clarity = "GTM-Q8J2T5P", "9b2d7f40-3e61-4c8a-b5d9-0f4e7a1c6b28", "r4m8w2k9qz"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Northwind Audio – Headphones and home speakers"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/dist/nw.1a7c3e.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/dist/nw.e2f904.js" defer></script>' % st],
        ['<header><img src="/img/northwind.svg" alt="Northwind Audio" width="190" height="40"></header>',
         '<main><img src="%s/img/hero/studio-monitors-1440.webp" alt="Studio monitors" width="1440" height="600">' % st,
         '<div id="basket" data-src="/api/basket"></div></main>'])
    sc.page("page_1", home, 0, title, 1047.380, 2033.522, html)
    app = st + "/dist/nw.e2f904.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "nw_sid", "c4a19e07b25d3f68")], wait=131.733)
    css(sc, "css", 155, st + "/dist/nw.1a7c3e.css")
    ot_stub(sc, "ot_stub", 158)
    gtm_lib(sc, "gtm", 162, gtm_id)
    js1(sc, "app", 166, app)
    img(sc, "logo", 170, "https://www.northwind-audio.test/img/northwind.svg", "image/svg+xml", 3688)
    img(sc, "hero", 174, st + "/img/hero/studio-monitors-1440.webp", "image/webp", 176204)
    ot_config(sc, "ot_config", 331, uuid, OPTIN_RULES(sc))
    ot_geo(sc, "ot_geo", 347)
    ga = GA("G-3NV7K2XW8H", "45je6370v9152276901za200", sc.t0 + 396, "901735284.%d" % ((sc.t0 + 590) // 1000),
            (sc.t0 + 590) // 1000, home, title)
    gtag_lib(sc, "gtag", 386, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 529)
    ga4_hit(sc, "ga_pv", 597, ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    ot_ruleset(sc, "ot_ruleset", 661, uuid, purpose_id(sc, "rule-global"))
    ot_asset(sc, "ot_flat", 690, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 741, "OptanonConsent", optanon(cid, sc.t0 + 741, home, [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 0), site)
    api(sc, "api_basket", 1388, "https://www.northwind-audio.test/api/basket", app, "loadBasket", size=188)
    click = 5512
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)], 1, int_type=1), site)
    ot_receipt(sc, "ot_receipt", 5540, "https://www.northwind-audio.test", cid,
               [(purpose_id(sc, g), "CONFIRMED") for g in ("C0002", "C0003", "C0004")],
               ",C0001,C0002,C0003,C0004,", sc.t0 + click)
    ga_cookies(sc, 5544, ga, site)
    ev_init = gtm_event_inject(gtm_url, OT_SDK, 0, 377912)
    fb_lib(sc, "fbevents", 5547, gtm_url, init=ev_init)
    clarity_tag(sc, "cl_tag", 5552, clarity, gtm_url)
    meta = Meta.init(sc, "1302948576102837", 274019386, home, "fbevents", site)
    fb_config(sc, "fbconfig", 5695, meta)
    clarity_js(sc, "cl_js", 5731, clarity)
    fb_event(sc, "fb_pv", 5760, meta, gtm_url, "PageView")
    sc.js_cookie(5905, "_clck", "%s%%5E2%%5Eg4k%%5E1%%5E2263" % hexid("clck-g", 7), site, days=365)
    sc.js_cookie(5905, "_clsk", "%s%%5E%d%%5E1%%5E1%%5Ek.clarity.ms%%2Fcollect" % (hexid("clsk-g", 7), sc.t0 + 5905), site, days=1)
    api(sc, "api_recs", 6102, "https://www.northwind-audio.test/api/recommendations?slot=home&limit=4", app,
        "loadRecommendations")
    clarity_collect(sc, "cl_collect1", 6890, "https://www.northwind-audio.test", 2417)
    ga4_hit(sc, "ga_scroll", 7733, ga, "scroll", gcs="G111", gcd="13r3r3r3r5l1", npa="0", seg="1",
            params=[("epn.percent_scrolled", "90")], et=7011)
    clarity_collect(sc, "cl_collect2", 9120, "https://www.northwind-audio.test", 3981)
    sc.finish()
    sc.story = (
        "The same kind of visit as `accept_then_fire` (OneTrust opt-in, Accept All at +5512 ms, then Meta and "
        "Microsoft Clarity load), exported with Chrome's **default sanitized** setting: no `cookie` or "
        "`set-cookie` header anywhere, every `request.cookies` and `response.cookies` array empty (the "
        "browser did send and receive cookies; the export dropped them). So `OptanonConsent`, "
        "`OptanonAlertBoxClosed`, `_ga`, `_fbp`, `_clck` and Clarity's `MUID` are invisible. What remains: "
        "the CMP loads, the cookieless GA4 ping (`gcs=G100`, `p` letters), the OneTrust **consent receipt** "
        "POST (body kept: purposes `CONFIRMED`, `activeGroup` `,C0001,C0002,C0003,C0004,`), and GA4's later "
        "`gcd=13r3r3r3r5l1`/`gcs=G111`. Clarity's two `/collect` uploads are gzip bodies Chrome did not keep "
        "(`bodySize` only, no `postData`).")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub}); no cookie evidence exists")
    sc.state("accepted", "ot_receipt", "consent receipt POST (purposes `CONFIRMED`); the only proof not "
             "carried by a cookie, together with `gcd` `r` letters at entry {ga_scroll}")
    sc.proof("ot_receipt", "choice logged (receipt body)")
    sc.proof("ga_scroll", "`gcd=13r3r3r3r5l1` (denied by default, granted by update), `gcs=G111`")
    sc.region = [("US-CA", "ot_geo", "geolocation response (rule applied: `Global` opt-in, entry {ot_config})")]
    sc.unknowns += [
        "`OptanonConsent` (groups per category, `interactionCount`, `consentId`, `geolocation`) and "
        "`OptanonAlertBoxClosed`: cookies were removed by the export, so the per-category OneTrust state and "
        "the cookie-based choice time are **not establishable** (report them as not observable, not absent).",
        "Whether identifiers were persisted (`_ga`, `_fbp`, `_clck`/`_clsk`, Clarity `MUID`) and whether any "
        "request carried them: not establishable.",
        "The capture is sanitized: `inspect` must report cookies stripped (no Cookie/Set-Cookie headers, "
        "empty cookie arrays) for all %d entries." % len(sc.entries),
        "Clarity upload contents: the gzip bodies were not captured."]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd=13p3p3p3p5l1`, `npa=1` (cookieless ping)"),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ot_receipt", "onetrust", "—", "consent_record", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("cl_tag", "microsoft_clarity", "analytics", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("cl_js", "microsoft_clarity", "analytics", "library", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_with_consent"]),
              ("cl_collect1", "microsoft_clarity", "analytics", "session_stream",
               ["fired_with_consent", "session_replay_stream"], "", "body not captured (gzip)"),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"]),
              ("cl_collect2", "microsoft_clarity", "analytics", "session_stream",
               ["fired_with_consent", "session_replay_stream"], "", "body not captured (gzip)")])
    return sc


# -- h. indeterminate_order (proxy, whole seconds) -------------------------------------

def onetrust_optin_visit(sc, home, st, site, gtm_id, uuid, title, app_name, ga_tid, ga_hash, meta_id, tt_id,
                         click, base_offsets):
    """The shared visit of the two indeterminate-order captures (OneTrust opt-in, Accept All at `click`)."""
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/css/cp.71d0e4.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/js/%s" defer></script>' % (st, app_name)],
        ['<header><img src="/img/cedar-pine.svg" alt="Cedar &amp; Pine" width="160" height="40"></header>',
         '<main><section id="trail-guides" data-src="/api/guides?region=sierra"></section></main>'])
    sc.page("page_1", home, 0, title, 1058.117, 1994.460, html)
    app = st + "/js/" + app_name
    o = base_offsets
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "cp_sid", hexid(sc.name + "sid", 16))], wait=136.2)
    css(sc, "css", 162, st + "/css/cp.71d0e4.css")
    ot_stub(sc, "ot_stub", 166)
    gtm_lib(sc, "gtm", 171, gtm_id)
    js1(sc, "app", 175, app)
    img(sc, "logo", 180, "https://www.cedar-and-pine.test/img/cedar-pine.svg", "image/svg+xml", 3502)
    ot_config(sc, "ot_config", 344, uuid, OPTIN_RULES(sc))
    ot_geo(sc, "ot_geo", 362)
    ga = GA(ga_tid, ga_hash, sc.t0 + 405, "1274930618.%d" % ((sc.t0 + 1030) // 1000), (sc.t0 + 1030) // 1000, home, title)
    gtag_lib(sc, "gtag", 398, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 548)
    ot_ruleset(sc, "ot_ruleset", 676, uuid, purpose_id(sc, "rule-global"))
    ot_asset(sc, "ot_flat", 707, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 760, "OptanonConsent", optanon(cid, sc.t0 + 760, home, [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 0), site)
    # consent default has wait_for_update: 500, so the cookieless page_view waits for the CMP
    ga4_hit(sc, "ga_pv", o["ga_pv"], ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    fb_lib(sc, "fbevents", o["fb_lib"], gtm_url)  # loaded early with fbq('consent','revoke'): no /tr until grant
    meta = Meta.init(sc, meta_id, 719304582, home, "fbevents", site)
    fb_config(sc, "fbconfig", o["fb_lib"] + 142, meta)
    api(sc, "api_guides", o["api_pre"], "https://www.cedar-and-pine.test/api/guides?region=sierra", app, "loadGuides",
        size=7406)
    ga4_hit(sc, "ga_scroll_pre", o["ga_scroll_pre"], ga, "scroll", gcs="G100", gcd="13p3p3p3p5l1", npa="1",
            params=[("epn.percent_scrolled", "90")], et=o["ga_scroll_pre"] - 1200)
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)], 1, int_type=1), site)
    ot_receipt(sc, "ot_receipt", o["receipt"], "https://www.cedar-and-pine.test", cid,
               [(purpose_id(sc, g), "CONFIRMED") for g in ("C0002", "C0003", "C0004")],
               ",C0001,C0002,C0003,C0004,", sc.t0 + click, wait=getattr(sc, "receipt_wait", None))
    ga_cookies(sc, o["receipt"] + 1, ga, site)
    fb_event(sc, "fb_pv", o["fb_pv"], meta, gtm_url, "PageView")
    tt = TikTok(tt_id, "01JQ%s" % hexid(sc.name + "ttp", 22).upper(), "sessionId-%s" % hexid(sc.name + "tts", 20),
                home, title)
    ev_init = gtm_event_inject(gtm_url, OT_SDK, 0, 377912)
    tt_lib(sc, "tt_lib", o["tt_lib"], tt, gtm_url, init=ev_init)
    tt_main(sc, "tt_main", o["tt_lib"] + 97, tt)
    sc.js_cookie(int(sc.end("tt_main")) + 3, "_ttp", tt.ttp, site, days=390, same_site="None")
    tt_event(sc, "tt_pv", o["tt_pv"], tt, "Pageview")
    api(sc, "api_post", o["api_post"], "https://www.cedar-and-pine.test/api/guides/saved", app, "loadSaved", size=912)
    ga4_hit(sc, "ga_post", o["ga_post"], ga, "user_engagement", gcs="G111", gcd="13r3r3r3r5l1", npa="0", seg="1",
            et=o["ga_post"] - o["ga_scroll_pre"])
    return cid


def s_indeterminate_order():
    sc = Scenario("indeterminate_order", "proxy", "2026-03-19T18:22:05.300Z",
                  "Whole-second timestamps: tracker hits tied with the consent proof",
                  "proxy log with startedDateTime to the second: a pre-click GA4 hit, Meta PageView and TikTok "
                  "share the consent receipt's second")
    click = 4412
    offs = {"ga_pv": 1045, "fb_lib": 1062, "api_pre": 1840, "ga_scroll_pre": 4150, "receipt": 4440, "fb_pv": 4650,
            "tt_lib": 4452, "tt_pv": 4668, "api_post": 4720, "ga_post": 4731}
    sc.receipt_wait = 318.407  # privacyportal answers slowly: the receipt completes after Meta's /tr
    onetrust_optin_visit(sc, "https://www.cedar-and-pine.test/", "https://static.cedar-and-pine.test", "cedar-and-pine.test",
                         "GTM-J4F7Q2W", "1f6c3a82-7b94-4e1d-a0c5-5d28e9b3f716",
                         "Cedar & Pine Outfitters – Trail guides and gear", "cp.2b90c5.js", "G-8KD3Q7M2VX",
                         "45je6370v9166028413za200", "947261830574829", "CS5M1Q8RC77A3J6KW2T0", click, offs)
    sc.finish()
    sc.story = (
        "The same kind of opt-in visit as `accept_then_fire`, recorded by a **logging proxy** rather than the "
        "browser: HAR 1.2 with `startedDateTime` written to the **whole second** in UTC "
        "(`2026-03-19T18:22:09Z`), no `pages`, no `pageref`, lowercase HTTP/2 header names without "
        "pseudo-headers, decoded queryString values, cookies as name/value pairs. The visitor clicks **Accept "
        "All** at 18:22:09.712 (true time; the file cannot show it). The consent receipt is written as "
        "`18:22:09Z`, and so are three tracker hits: a GA4 `scroll` that really left *before* the click "
        "(`gcs=G100`), and Meta `PageView` and TikTok `Pageview` that really left *after* it. Entries in the same "
        "second are written in the proxy's arrival order, which is **not** evidence of order. The next second "
        "(`18:22:10Z`) holds the first `OptanonAlertBoxClosed` Cookie header and a GA4 `gcs=G111` hit, "
        "which are determinately after the receipt's second.")
    sc.state("pre_banner", "doc", "page loading (18:22:05Z)")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (18:22:05Z)")
    sc.state("accepted", "ot_receipt", "consent receipt POST at `18:22:09Z` (second precision: the choice "
             "happened somewhere in [09, 10) s)")
    sc.proof("api_guides", "`OptanonConsent` `interactionCount=0`, opt-in defaults")
    sc.proof("ot_receipt", "choice logged; timestamp precision 1 s")
    sc.proof("api_post", "first `OptanonAlertBoxClosed` (value `" + iso_z(sc.t0 + click) + "`, ms inside the cookie "
             "value) and `interactionCount=1` at `18:22:10Z`")
    sc.proof("ga_post", "`gcd=13r3r3r3r5l1`, `gcs=G111` at `18:22:10Z`")
    sc.region = [("US-CA", "ot_geo", "geolocation response (rule applied: `Global` opt-in, entry {ot_config})")]
    why = "same `startedDateTime` second as the consent receipt (precision 1 s): order unknown"
    sc.pair("ga_scroll_pre", "ot_receipt", why + " (true order: before the click)")
    sc.pair("fb_pv", "ot_receipt", why + " (true order: after)")
    sc.pair("tt_pv", "ot_receipt", why + " (true order: after)")
    sc.notes.append("Between `ga_pv` (18:22:06Z) and `ot_sdk` (18:22:05Z) the seconds differ, so that order is "
                    "determinate even at this precision. `OptanonAlertBoxClosed` carries the click time to the "
                    "millisecond (" + iso_z(sc.t0 + click) + "), but it is first *seen* at 18:22:10Z; using it "
                    "to order the 18:22:09Z hits would use the CMP's clock, not the capture's.")
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd` `p` letters"),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("ga_scroll_pre", "google_analytics_4", "analytics", "beacon", ["order_indeterminate"],
               "`gcs=G100`, `gcd` `p` letters", "candidates: fired_before_choice / fired_with_consent"),
              ("ot_receipt", "onetrust", "—", "consent_record", []),
              ("tt_lib", "tiktok_pixel", "advertising", "library", []),
              ("tt_main", "tiktok_pixel", "advertising", "library", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["order_indeterminate"], "",
               "candidates: fired_before_choice / fired_with_consent"),
              ("tt_pv", "tiktok_pixel", "advertising", "beacon", ["order_indeterminate"], "",
               "candidates: fired_before_choice / fired_with_consent"),
              ("ga_post", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"])])
    return sc


def s_indeterminate_order_chrome():
    sc = Scenario("indeterminate_order_chrome", "chrome", "2026-03-20T17:03:41.218Z",
                  "Millisecond tie in a Chrome export",
                  "Chrome export: the consent receipt and Meta PageView have the same startedDateTime to the ms")
    click = 3906
    offs = {"ga_pv": 1030, "fb_lib": 1047, "api_pre": 1702, "ga_scroll_pre": 3311, "receipt": 3931, "fb_pv": 3931,
            "tt_lib": 3937, "tt_pv": 4110, "api_post": 3932, "ga_post": 3932}
    onetrust_optin_visit(sc, "https://www.cedar-and-pine.test/", "https://static.cedar-and-pine.test", "cedar-and-pine.test",
                         "GTM-J4F7Q2W", "1f6c3a82-7b94-4e1d-a0c5-5d28e9b3f716",
                         "Cedar & Pine Outfitters – Trail guides and gear", "cp.2b90c5.js", "G-8KD3Q7M2VX",
                         "45je6370v9166028413za200", "947261830574829", "CS5M1Q8RC77A3J6KW2T0", click, offs)
    sc.finish()
    sc.story = (
        "The same site in a **Chrome DevTools** export (millisecond `startedDateTime`). The Meta Pixel was loaded "
        "early with `fbq('consent','revoke')`, so no `/tr` request leaves until the grant. The visitor clicks "
        "**Accept All** at +3906 ms; in the same task OneTrust sends its consent receipt and fires "
        "`OneTrustGroupsUpdated`, GTM calls `fbq('consent','grant')`, and the queued `PageView` is sent: both "
        "requests have `startedDateTime` `" + iso_z(sc.t0 + 3931) + "`. One millisecond later come the first "
        "first-party request with `OptanonAlertBoxClosed` and a GA4 `user_engagement` hit with `gcs=G111` "
        "(determinately after the receipt: a 1 ms difference in floored millisecond values is still an order). "
        "Chrome writes entries in the order the requests were issued, so the receipt is listed first, but that "
        "array order is not a timestamp.")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load")
    sc.state("accepted", "ot_receipt", "consent receipt POST at " + iso_z(sc.t0 + 3931))
    sc.proof("api_guides", "`OptanonConsent` `interactionCount=0`, opt-in defaults")
    sc.proof("ot_receipt", "choice logged")
    sc.proof("api_post", "first `OptanonAlertBoxClosed` and `interactionCount=1`, 1 ms after the receipt")
    sc.proof("ga_post", "`gcd=13r3r3r3r5l1`, `gcs=G111`, 1 ms after the receipt")
    sc.region = [("US-CA", "ot_geo", "geolocation response (rule applied: `Global` opt-in, entry {ot_config})")]
    sc.pair("fb_pv", "ot_receipt", "identical `startedDateTime` (" + iso_z(sc.t0 + 3931) + "); array order "
            "(receipt first) is issue order, not a timestamp")
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd` `p` letters"),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("ga_scroll_pre", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd` `p` letters"),
              ("ot_receipt", "onetrust", "—", "consent_record", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["order_indeterminate"], "",
               "candidates: fired_before_choice / fired_with_consent"),
              ("ga_post", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"]),
              ("tt_lib", "tiktok_pixel", "advertising", "library", []),
              ("tt_main", "tiktok_pixel", "advertising", "library", []),
              ("tt_pv", "tiktok_pixel", "advertising", "beacon", ["fired_with_consent"])])
    return sc


# -- i. sensitive_form_chat -------------------------------------------------------------

def s_sensitive_form_chat():
    sc = Scenario("sensitive_form_chat", "chrome", "2026-03-23T16:12:40.118Z",
                  "Health page: form fields, chat text and session replay to third parties",
                  "no CMP; oncology booking page; Meta SubscribedButtonClick, HubSpot collected form, LiveChat "
                  "messages, Clarity uploads")
    origin, st, site = "https://www.sunridge-health.test", "https://static.sunridge-health.test", "sunridge-health.test"
    page = origin + "/patient-portal/appointments/oncology"
    gtm_id, portal, lic, org = "GTM-H4C8N2R", 24681357, 18273645, "5b8e1f27-9c4d-4a63-8f02-d71c3e9a4b56"
    clarity = "h7q2x9m4ka"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Book an oncology appointment – Sunridge Health"
    lc_snippet = ('<script>window.__lc=window.__lc||{};window.__lc.license=%d;(function(n,t,c){var e=t.createElement("script");'
                  'e.async=!0;e.type="text/javascript";e.src="https://cdn.livechatinc.com/tracking.js";'
                  't.head.appendChild(e)})(window,document);</script>' % lic)
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/portal/css/portal.5c02ab.css">' % st,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/portal/js/portal.9e41d7.js" defer></script>' % st,
        '<script type="text/javascript" id="hs-script-loader" async defer src="//js.hs-scripts.com/%d.js"></script>' % portal,
        lc_snippet],
        ['<header><img src="/img/sunridge-health.svg" alt="Sunridge Health" width="210" height="48"></header>',
         '<main><h1>Book an oncology appointment</h1>',
         '<form id="appointment-form" class="appointment-form" action="/patient-portal/api/appointments" method="post">',
         '<input id="first-name" name="firstName" type="text"><input id="last-name" name="lastName" type="text">',
         '<input id="email" name="email" type="email"><input id="phone" name="phone" type="tel">',
         '<input id="dob" name="dateOfBirth" type="date"><select id="location" name="location"></select>',
         '<textarea id="reason" name="reason"></textarea>',
         '<button id="request-appointment" class="btn btn-primary appointment-submit" type="submit">Request appointment</button>',
         '</form></main>'])
    sc.page("page_1", page, 0, title, 1142.306, 2251.874, html)
    app = st + "/portal/js/portal.9e41d7.js"
    doc(sc, "doc", 0, page, html, [session_cookie("www." + site, "srh_portal", "9d27e4c1a0b35f68e2c1")], wait=152.331)
    css(sc, "css", 181, st + "/portal/css/portal.5c02ab.css")
    gtm_lib(sc, "gtm", 184, gtm_id)
    js1(sc, "app", 188, app)
    hubspot_loader(sc, "hs_loader", 191, portal)
    sc.req("lc_tracking", 194, "GET", "https://cdn.livechatinc.com/tracking.js", "script",
           init=inline("cdn.livechatinc.com/tracking.js", 214), mime="application/javascript", size=27403,
           transfer=9855, resp=[("access-control-allow-origin", "*"), ("cache-control", "public, max-age=600"),
                                ("content-encoding", "gzip"), ("content-type", "application/javascript"),
                                ("server", "cloudflare")], priority="Low")
    img(sc, "logo", 199, origin + "/img/sunridge-health.svg", "image/svg+xml", 5904)
    hs_lib = "https://js.hs-analytics.net/analytics/%d/%d.js" % ((sc.t0 // 300000) * 300000, portal)
    hs_resp = [("access-control-allow-origin", "*"), ("cache-control", "max-age=300,public"),
               ("content-encoding", "gzip"), ("content-type", "application/javascript"), ("server", "cloudflare")]
    sc.req("hs_analytics", 388, "GET", hs_lib, "script",
           init=("script", frames("https://js.hs-scripts.com/%d.js" % portal, (0, 1422))), mime="application/javascript",
           size=48102, transfer=16873, resp=hs_resp, priority="Low")
    sc.req("hs_cf_js", 392, "GET", "https://js.hscollectedforms.net/collectedforms.js", "script",
           init=("script", frames("https://js.hs-scripts.com/%d.js" % portal, (0, 1508))), mime="application/javascript",
           size=96310, transfer=29744, resp=hs_resp, priority="Low")
    ga = GA("G-1QZ9X4V7LM", "45je6370v9199263410za200", sc.t0 + 410, "1160274938.%d" % ((sc.t0 + 600) // 1000),
            (sc.t0 + 600) // 1000, page, title)
    gtag_lib(sc, "gtag", 401, ga, gtm_url)
    fb_lib(sc, "fbevents", 414, gtm_url)
    clarity_tag(sc, "cl_tag", 426, clarity, gtm_url)
    meta = Meta.init(sc, "689302745816203", 1806642937, page, "fbevents", site)
    fb_config(sc, "fbconfig", 571, meta)
    clarity_js(sc, "cl_js", 588, clarity)
    ga_cookies(sc, 600, ga, site)
    ga4_hit(sc, "ga_pv", 612, ga, "page_view", first=True)
    utk = hexid("sunridge-utk", 32)
    first_ms = sc.t0 + 640
    hstc = "118283621.%s.%d.%d.%d.1" % (utk, first_ms, first_ms, first_ms)
    hssc = "118283621.1.%d" % first_ms
    sc.js_cookie(640, "hubspotutk", utk, site, days=180)
    sc.js_cookie(640, "__hstc", hstc, site, days=180)
    sc.js_cookie(640, "__hssrc", "1", site, days=None)
    sc.js_cookie(640, "__hssc", hssc, site, days=1 / 48.0)
    fb_event(sc, "fb_pv", 648, meta, gtm_url, "PageView")
    cl_t = int(sc.end("cl_js")) + 12
    sc.js_cookie(cl_t, "_clck", "%s%%5E2%%5Eg4o%%5E0%%5E2269" % hexid("clck-i", 7), site, days=365)
    sc.js_cookie(cl_t, "_clsk", "%s%%5E%d%%5E1%%5E1%%5Ek.clarity.ms%%2Fcollect" % (hexid("clsk-i", 7), sc.t0 + cl_t), site, days=1)
    hs_track(sc, "hs_pv", 702, portal, page, title, utk, "118283621.%s.%d" % (utk, first_ms), hssc)
    sc.req("hs_cf_config", 733, "GET",
           "https://forms.hscollectedforms.net/collected-forms/v1/config/json?portalId=%d&utk=%s" % (portal, utk), "xhr",
           init=("script", frames("https://js.hscollectedforms.net/collectedforms.js", (0, 61208), (0, 60417))),
           mime="application/json", size=2204, transfer=811, resp=R_CORS_JSON(origin))
    lc_client = hexid("livechat-client", 32)
    sc.js_cookie(905, "__lc_cid", "%s-%s" % (hexid("lccid1", 8), hexid("lccid2", 12)), site, days=730, same_site="Lax")
    sc.js_cookie(905, "__lc_cst", hexid("lccst", 40), site, days=730, same_site="Lax")
    sc.req("lc_config", 811, "GET",
           "https://api.livechatinc.com/v3.5/customer/action/get_dynamic_configuration?license_id=%d&client_id=%s&url=%s&channel_type=code"
           % (lic, lc_client, enc(page)), "fetch", init=("script", frames("https://cdn.livechatinc.com/tracking.js", (0, 19844))),
           mime="application/json", size=1462, transfer=702, resp=R_CORS_JSON(origin))
    clarity_collect(sc, "cl_collect1", 3220, origin, 6118)
    # The patient fills the form (several minutes of typing compressed to ~40 s) and presses "Request appointment".
    sub = 41207
    form_features = json.dumps([
        {"id": "first-name", "name": "firstName", "tag": "input", "placeholder": "", "inputType": "text"},
        {"id": "last-name", "name": "lastName", "tag": "input", "placeholder": "", "inputType": "text"},
        {"id": "email", "name": "email", "tag": "input", "placeholder": "", "inputType": "email"},
        {"id": "phone", "name": "phone", "tag": "input", "placeholder": "", "inputType": "tel"},
        {"id": "dob", "name": "dateOfBirth", "tag": "input", "placeholder": "", "inputType": "date"},
        {"id": "location", "name": "location", "tag": "select", "placeholder": ""},
        {"id": "reason", "name": "reason", "tag": "textarea", "placeholder": ""}], separators=(",", ":"))
    button = json.dumps({"classList": "btn btn-primary appointment-submit",
                         "destination": origin + "/patient-portal/api/appointments", "id": "request-appointment",
                         "imageUrl": "", "innerText": "Request appointment", "numChildButtons": 0, "tag": "button",
                         "type": "submit", "name": "", "value": ""}, separators=(",", ":"))
    fb_event(sc, "fb_sbc", sub, meta, gtm_url, "SubscribedButtonClick",
             cd=[("buttonFeatures", button), ("buttonText", "Request appointment"), ("formFeatures", form_features),
                 ("pageFeatures", json.dumps({"title": title}, ensure_ascii=False, separators=(",", ":"))),
                 ("parameters", "[]")], es="automatic")
    form_values = {"First name": "Jane", "Last name": "Doe", "Email address": "jane.doe@example.test",
                   "Phone": "(510) 555-0147", "Date of birth": "1984-07-19",
                   "Preferred location": "Sunridge Cancer Center – Oakland",
                   "Reason for visit": "New diagnosis: stage II breast cancer, referred by Dr. Alvarez for a first consultation"}
    hs_body = json.dumps({
        "contactFields": {"email": "jane.doe@example.test", "firstName": "Jane", "lastName": "Doe",
                          "phone": "(510) 555-0147"},
        "formSelectorClasses": ".appointment-form", "formSelectorId": "#appointment-form",
        "formValues": form_values,
        "labelToNameMap": {"First name": "firstName", "Last name": "lastName", "Email address": "email",
                           "Phone": "phone", "Date of birth": "dateOfBirth", "Preferred location": "location",
                           "Reason for visit": "reason"},
        "pageTitle": title, "pageUrl": page, "portalId": portal, "type": "SCRAPED", "utk": utk,
        "uuid": "%s-%s-4%s-b%s-%s" % (hexid("hsu1", 8), hexid("hsu2", 4), hexid("hsu3", 3), hexid("hsu4", 3), hexid("hsu5", 12)),
        "version": "collected-forms-embed-js-static-1.4563", "collectedFormClasses": "appointment-form",
        "collectedFormId": "appointment-form"}, ensure_ascii=False, separators=(",", ":"))
    sc.req("hs_cf_submit", sub + 8, "POST", "https://forms.hscollectedforms.net/collected-forms/submit/form", "xhr",
           init=("script", frames("https://js.hscollectedforms.net/collectedforms.js", (0, 74455), (0, 72218), fn="submit")),
           mime="text/plain", size=0, transfer=0, post=("application/json", hs_body), status=204,
           resp=[("access-control-allow-credentials", "true"), ("access-control-allow-origin", origin),
                 ("server", "cloudflare")])
    appt_body = json.dumps({"firstName": "Jane", "lastName": "Doe", "email": "jane.doe@example.test",
                            "phone": "(510) 555-0147", "dateOfBirth": "1984-07-19", "location": "oakland-cc",
                            "reason": form_values["Reason for visit"]}, separators=(",", ":"))
    api(sc, "api_appt", sub + 12, origin + "/patient-portal/api/appointments", app, "submitAppointment", size=96,
        method="POST", post=("application/json", appt_body), body='{"status":"received","reference":"APT-20260323-4471"}')
    ga4_hit(sc, "ga_form", sub + 29, ga, "form_submit", seg="1",
            params=[("ep.form_id", "appointment-form"), ("ep.form_name", ""),
                    ("ep.form_destination", enc(origin + "/patient-portal/api/appointments")),
                    ("epn.form_length", "9"), ("ep.form_submit_text", enc("Request appointment"))], et=40388)
    clarity_collect(sc, "cl_collect2", 44630, origin, 18204)
    chat1 = "Hi, I was just told my biopsy shows stage II breast cancer. Can I get a first oncology appointment this week?"
    chat2 = "My date of birth is 07/19/1984 and I have Blue Shield PPO. Mornings work best."
    auth = [("authorization", "Bearer dal:7Q2wXr9LmZ0b_tK4sN1pV6yH3uE8cJ5d")]
    start_body = json.dumps({"chat": {"thread": {"events": [{"type": "message", "text": chat1}]}}},
                            ensure_ascii=False, separators=(",", ":"))
    sc.req("lc_start", 52112, "POST", "https://api.livechatinc.com/v3.5/customer/action/start_chat?organization_id=" + org,
           "fetch", init=lc_frames("startChat"), mime="application/json", size=72, transfer=72,
           post=("application/json", start_body), req=auth,
           text='{"chat_id":"SRH7K2M4QD","thread_id":"SRH7K2M4QE","event_ids":["SRH7K2M4QE_1"]}',
           resp=R_CORS_JSON(origin))
    send_body = json.dumps({"chat_id": "SRH7K2M4QD", "event": {"type": "message", "text": chat2}},
                           ensure_ascii=False, separators=(",", ":"))
    sc.req("lc_send", 61380, "POST", "https://api.livechatinc.com/v3.5/customer/action/send_event?organization_id=" + org,
           "fetch", init=lc_frames("sendEvent"), mime="application/json", size=29, transfer=29,
           post=("application/json", send_body), req=auth, text='{"event_id":"SRH7K2M4QE_3"}',
           resp=R_CORS_JSON(origin))
    clarity_collect(sc, "cl_collect3", 63510, origin, 9931)
    sc.finish()
    sc.chat_texts = (chat1, chat2)
    sc.story = (
        "A hospital's patient portal page **`/patient-portal/appointments/oncology`** titled *Book an oncology "
        "appointment – Sunridge Health*, with **no consent platform**. GTM loads GA4, the Meta Pixel and "
        "Microsoft Clarity; the page itself loads HubSpot (tracking + Collected Forms) and LiveChat. On load, GA4 "
        "`page_view` (`dl`, `dt`), Meta `PageView` (`dl`) and HubSpot `__ptq.gif` (`pu`, `t`) send the page URL "
        "and title. The patient (fictional: Jane Doe, `jane.doe@example.test`, `(510) 555-0147`) fills the "
        "form and presses **Request appointment**: Meta's automatic `SubscribedButtonClick` sends "
        "`cd[buttonText]`, `cd[buttonFeatures]` and `cd[formFeatures]` (the seven field ids/names/types, no "
        "values); HubSpot Collected Forms POSTs `formValues` with every typed value in clear text (name, email, "
        "phone, date of birth, reason for visit); GA4 sends `form_submit`. She then opens the chat and sends two "
        "messages through LiveChat's Customer Web API (`start_chat`, `send_event`; the JSON bodies hold the "
        "typed text). Clarity uploads three times to `k.clarity.ms/collect` (gzip bodies, not captured). "
        "Cross-site requests carry only the origin as `Referer` (Chrome's default policy), so the page path "
        "reaches third parties only inside the hits' own parameters and bodies.")
    sc.state("no_cmp", "doc", "no CMP request or cookie anywhere; holds for every entry")
    sc.sensitive = ("`" + page + "` (oncology appointment booking), title `" + title + "`")
    bc = ["fired_before_consent_ui"]
    hits(sc, [("gtm", "google_tag_manager", "—", "library", []),
              ("hs_loader", "hubspot", "analytics", "library", []),
              ("lc_tracking", "livechat", "functional", "library", []),
              ("hs_analytics", "hubspot", "analytics", "library", []),
              ("hs_cf_js", "hubspot", "analytics", "library", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("cl_tag", "microsoft_clarity", "analytics", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("cl_js", "microsoft_clarity", "analytics", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", bc + ["sensitive_page_data"], "", "`dl`, `dt`"),
              ("fb_pv", "meta_pixel", "advertising", "beacon", bc + ["sensitive_page_data"], "", "`dl`"),
              ("hs_pv", "hubspot", "analytics", "beacon", bc + ["sensitive_page_data"], "", "`pu`, `t`"),
              ("hs_cf_config", "hubspot", "analytics", "config", []),
              ("lc_config", "livechat", "functional", "chat", bc + ["sensitive_page_data"], "",
               "`url` = the page; widget configuration, no chat content"),
              ("cl_collect1", "microsoft_clarity", "analytics", "session_stream",
               bc + ["session_replay_stream", "sensitive_page_data"], "", "body not captured (gzip)"),
              ("fb_sbc", "meta_pixel", "advertising", "beacon", bc + ["form_content_sent", "sensitive_page_data"], "",
               "`cd[buttonText]`, `cd[formFeatures]` (field metadata), `cd[pageFeatures]` title, `dl`"),
              ("hs_cf_submit", "hubspot", "analytics", "beacon", bc + ["form_content_sent", "sensitive_page_data"], "",
               "`formValues`/`contactFields` in clear text; `pageUrl`, `pageTitle`"),
              ("ga_form", "google_analytics_4", "analytics", "beacon", bc + ["sensitive_page_data"], "",
               "`form_submit` (`ep.form_id`, `ep.form_destination`), `dl`, `dt`; no field values"),
              ("cl_collect2", "microsoft_clarity", "analytics", "session_stream",
               bc + ["session_replay_stream", "sensitive_page_data"], "", "body not captured (gzip)"),
              ("lc_start", "livechat", "functional", "chat", bc + ["chat_content_sent", "sensitive_page_data"], "",
               "message text in `chat.thread.events[0].text` (health information)"),
              ("lc_send", "livechat", "functional", "chat", bc + ["chat_content_sent", "sensitive_page_data"], "",
               "message text in `event.text`"),
              ("cl_collect3", "microsoft_clarity", "analytics", "session_stream",
               bc + ["session_replay_stream", "sensitive_page_data"], "", "body not captured (gzip)")])
    sc.proof("api_appt", "the first-party form submission (not a tracker): the same values the visitor typed, "
             "for comparison with HubSpot's copy")
    sc.unknowns.append("What the Clarity uploads contained (gzip bodies not captured): the stream's existence "
                       "and timing are established, its contents are not.")
    return sc


# -- j. iab_strings -----------------------------------------------------------------------

def s_iab_strings():
    sc = Scenario("iab_strings", "chrome", "2026-03-24T22:03:17.786Z",
                  "In-band USP/GPP strings on ad requests; LDU-limited Meta; an unrestricted pixel",
                  "OneTrust US-CA with USP + GPP (usca); Reject All; GAM ad requests carry us_privacy/gpp/gpp_sid "
                  "(+ rdp=1 after); Meta with LDU; The Trade Desk without restriction")
    home, st, site = "https://www.valley-courier.test/", "https://static.valley-courier.test", "valley-courier.test"
    gtm_id, uuid = "GTM-C7X2P9L", "6e1b4d92-8a37-4c05-9f6e-3b2a8d7c1e49"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "The Valley Courier – News from the Central Valley"
    gpt = "https://securepubads.g.doubleclick.net/tag/js/gpt.js"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/css/courier.8b2e61.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script async src="%s" crossorigin="anonymous"></script>' % gpt,
        '<script src="%s/js/courier.3f7a90.js" defer></script>' % st],
        ['<header><img src="/img/courier-flag.svg" alt="The Valley Courier" width="300" height="46"></header>',
         '<main><div id="div-gpt-ad-top" style="min-width:300px;min-height:250px"></div>',
         '<section id="more" data-src="/api/stories/more?page=2"></section></main>'])
    sc.page("page_1", home, 0, title, 1188.452, 2406.019, html)
    app = st + "/js/courier.3f7a90.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "vc_sess", "71e0a4c2b9d35f18")], wait=140.905)
    css(sc, "css", 174, st + "/css/courier.8b2e61.css")
    ot_stub(sc, "ot_stub", 177)
    gtm_lib(sc, "gtm", 181, gtm_id)
    sc.req("gpt", 185, "GET", gpt, "script", init=("parser",), mime="text/javascript", size=104311, transfer=33017,
           resp=[("access-control-allow-origin", "*"), ("cache-control", "private, max-age=900"),
                 ("content-encoding", "br"), ("content-type", "text/javascript; charset=UTF-8"),
                 ("cross-origin-resource-policy", "cross-origin"), ("server", "sffe")], priority="Low")
    js1(sc, "app", 189, app)
    img(sc, "logo", 193, "https://www.valley-courier.test/img/courier-flag.svg", "image/svg+xml", 7716)
    ot_config(sc, "ot_config", 352, uuid, CA_RULES(sc))
    ot_geo(sc, "ot_geo", 369)
    impl = "https://securepubads.g.doubleclick.net/pagead/managed/js/gpt/m202603190101/pubads_impl.js?cb=31091417"
    sc.req("gpt_impl", 412, "GET", impl, "script", init=("script", frames(gpt, (0, 3914))), mime="text/javascript",
           size=412688, transfer=131955,
           resp=[("access-control-allow-origin", "*"), ("cache-control", "public, immutable, max-age=31536000"),
                 ("content-encoding", "br"), ("content-type", "text/javascript"),
                 ("cross-origin-resource-policy", "cross-origin"), ("server", "sffe")], priority="Low")
    fb_lib(sc, "fbevents", 449, gtm_url)
    ot_sdk(sc, "ot_sdk", 566)
    meta = Meta.init(sc, "427195830618294", 630184275, home, "fbevents", site)
    fb_config(sc, "fbconfig", 598, meta)
    cid = consent_id(sc)
    all1 = [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)]
    ot_cookie(sc, 612, "OptanonConsent", optanon(cid, sc.t0 + 612, home, all1, 0, gpp=True), site)
    ot_cookie(sc, 612, "usprivacy", "1YNN", site)
    ot_cookie(sc, 612, "OTGPPConsent", GPP_USCA_NOT_OPTED_OUT, site)
    ot_ruleset(sc, "ot_ruleset", 652, uuid, purpose_id(sc, "rule-ca"))
    ot_asset(sc, "ot_flat", 680, "otFlat.json")
    fb_event(sc, "fb_pv", 705, meta, gtm_url, "PageView")
    iu, sz = "/21894561/valley_courier/home/top", "300x250|300x600"
    gam_request(sc, "gam1", 742, home, iu, sz,
                [("gdpr", "0"), ("us_privacy", "1YNN"), ("gpp", GPP_USCA_NOT_OPTED_OUT), ("gpp_sid", "8")],
                "6482019377410568")
    api(sc, "api_weather", 1630, "https://www.valley-courier.test/api/weather?zip=93721", app, "loadWeather", size=644)
    # 6044 ms: the visitor clicks "Reject All" ("Do Not Sell or Share My Personal Information" banner).
    click = 6044
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 1, int_type=2,
                                                   gpp=True), site)
    ot_cookie(sc, click, "usprivacy", "1YYN", site)
    ot_cookie(sc, click, "OTGPPConsent", GPP_USCA_OPTED_OUT, site)
    api(sc, "api_more", 6290, "https://www.valley-courier.test/api/stories/more?page=2", app, "loadMore", size=14402)
    gam_request(sc, "gam2", 6811, home, iu.replace("/top", "/mid"), "300x250",
                [("gdpr", "0"), ("us_privacy", "1YYN"), ("gpp", GPP_USCA_OPTED_OUT), ("gpp_sid", "8"), ("rdp", "1")],
                "6482019377410568")
    fb_event(sc, "fb_vc", 7218, meta, gtm_url, "ViewContent",
             cd=[("content_name", "Fresno council approves downtown transit plan"), ("content_category", "Local"),
                 ("content_type", "article")], dpo=("LDU", "1", "1000"))
    sc.req("ttd_lib", 9472, "GET", "https://js.adsrvr.org/up_loader.1.1.0.js", "script", init=gtm_inject(gtm_url, 6),
           mime="application/javascript", size=4012, transfer=1733,
           resp=[("access-control-allow-origin", "*"), ("cache-control", "max-age=3600"), ("content-encoding", "gzip"),
                 ("content-type", "application/javascript"), ("server", "AmazonS3")], priority="Low")
    sc.req("ttd_up", 9655, "GET",
           "https://insight.adsrvr.org/track/up?adv=k9p3x2q&ref=%s&upid=7hd2m1v&upv=1.1.0&paapi=1" % enc(home),
           "subdocument", init=("script", frames("https://js.adsrvr.org/up_loader.1.1.0.js", (0, 2391), (0, 2988))),
           mime="text/html", size=1210, transfer=611,
           resp=[("cache-control", "private, no-cache, no-store, must-revalidate"), ("content-encoding", "gzip"),
                 ("content-type", "text/html; charset=utf-8"), ("server", "Kestrel")], priority="VeryHigh")
    sc.finish()
    sc.story = (
        "A local news site running OneTrust's `US-CA` opt-out template with the IAB **USP** and **GPP** (usca, "
        "section 8) signals, Google Publisher Tag ads, the Meta Pixel and, from a GTM scroll trigger, The Trade "
        "Desk's universal pixel. On landing `OptanonConsent` has `interactionCount=0`, all groups `:1`, "
        "`GPPCookiesCount=1&gppSid=8`; `usprivacy=1YNN`; `OTGPPConsent=" + GPP_USCA_NOT_OPTED_OUT + "` (real "
        "value from signals.md B.15: `SaleOptOut=2`, `Gpc=0`). The first GAM ad request carries "
        "`gdpr=0&us_privacy=1YNN&gpp=" + GPP_USCA_NOT_OPTED_OUT + "&gpp_sid=8`; Meta `PageView` fires. At "
        "+6044 ms the visitor clicks **Reject All**: `OptanonAlertBoxClosed`, `interactionCount=1`, `intType=2`, "
        "groups `C0002:0,C0003:0,C0004:0`, `usprivacy=1YYN`, `OTGPPConsent=" + GPP_USCA_OPTED_OUT + "` "
        "(`SaleOptOut=1`, `SharingOptOut=1`, `Gpc=0`). Afterwards the second GAM ad request carries "
        "`us_privacy=1YYN`, the opted-out `gpp`, `gpp_sid=8` and `rdp=1`; Meta `ViewContent` carries "
        "`dpo=LDU&dpoco=1&dpost=1000` (Limited Data Use, California); The Trade Desk's `insight.adsrvr.org/track/up` "
        "iframe carries no privacy signal at all.")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub})")
    sc.state("rejected", "api_more", "first `OptanonAlertBoxClosed`; `interactionCount=1`, groups "
             "`C0002:0,C0003:0,C0004:0`; `usprivacy=1YYN`; GPP `SaleOptOut=1` (no consent receipt on this site)")
    sc.proof("api_weather", "`usprivacy=1YNN`, `OTGPPConsent=" + GPP_USCA_NOT_OPTED_OUT + "` (not opted out), "
             "`OptanonConsent` `interactionCount=0`")
    sc.proof("gam1", "in-band: `us_privacy=1YNN`, `gpp` `SaleOptOut=2`, `gpp_sid=8`, `gdpr=0`")
    sc.proof("api_more", "opt-out: `usprivacy=1YYN`, `OTGPPConsent=" + GPP_USCA_OPTED_OUT + "`, "
             "`OptanonAlertBoxClosed=" + iso_z(sc.t0 + click) + "`")
    sc.proof("gam2", "in-band: `us_privacy=1YYN`, `gpp` `SaleOptOut=1`, `gpp_sid=8`, `rdp=1`")
    sc.proof("fb_vc", "in-band: `dpo=LDU&dpoco=1&dpost=1000`")
    sc.region = [("US-CA", "ot_geo", "geolocation response"),
                 ("US-CA rule `CCPA Opt-out`", "ot_config", "domain config RuleSet"),
                 ("GPP section 8 (usca)", "gam1", "`gpp_sid=8`; GPP header `DBABBg` = sections [8]"),
                 ("California (Meta state code 1000)", "fb_vc", "`dpoco=1&dpost=1000`")]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("gpt", "google_doubleclick", "advertising", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gpt_impl", "google_doubleclick", "advertising", "other", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_before_choice"]),
              ("gam1", "google_doubleclick", "advertising", "beacon", ["fired_before_choice"], "",
               "in-band `us_privacy=1YNN`, `gpp` not opted out"),
              ("gam2", "google_doubleclick", "advertising", "beacon", [],
               "`rdp=1` (+ `us_privacy=1YYN`, `gpp` `SaleOptOut=1`)",
               "after the opt-out, but carries it: restricted evidence, not a violation, no finding"),
              ("fb_vc", "meta_pixel", "advertising", "beacon", [],
               "`dpo=LDU&dpoco=1&dpost=1000`",
               "after the opt-out, Limited Data Use: restricted evidence, not a violation, no finding"),
              ("ttd_lib", "the_trade_desk", "advertising", "library", []),
              ("ttd_up", "the_trade_desk", "advertising", "beacon", ["fired_after_opt_out"], "",
               "no privacy signal: not limited")])
    return sc


# -- k. partial_consent -----------------------------------------------------------------

def s_partial_consent():
    sc = Scenario("partial_consent", "chrome", "2026-03-25T17:36:02.349Z",
                  "Preferences saved: analytics yes, advertising no",
                  "OneTrust opt-in; visitor enables Performance (C0002) only; GA4 G101 with consent, Meta fires "
                  "against the advertising refusal")
    home, st, site = "https://www.brightline-bikes.test/", "https://static.brightline-bikes.test", "brightline-bikes.test"
    gtm_id, uuid = "GTM-V3D8K6M", "8c3f5a16-2d7e-4b90-a4c1-e6f92b0d5a37"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    title = "Brightline Bikes – E-bikes built in Oakland"
    html = page_html(title, [
        '<link rel="stylesheet" href="%s/assets/bb.3e9d07.css">' % st,
        OT_STUB_HTML % uuid,
        GTM_SNIPPET % gtm_id,
        '<script src="%s/assets/bb.c41a8f.js" defer></script>' % st],
        ['<header><img src="/img/brightline.svg" alt="Brightline Bikes" width="180" height="40"></header>',
         '<main><img src="%s/img/hero/commuter-e2-1440.webp" alt="Commuter E2" width="1440" height="620">' % st,
         '<div id="finder" data-src="/api/dealers?near=94607"></div></main>'])
    sc.page("page_1", home, 0, title, 1029.664, 1998.210, html)
    app = st + "/assets/bb.c41a8f.js"
    doc(sc, "doc", 0, home, html, [session_cookie("www." + site, "bb_sid", "f3a8c0e12d7b4965")], wait=130.118)
    css(sc, "css", 161, st + "/assets/bb.3e9d07.css")
    ot_stub(sc, "ot_stub", 164)
    gtm_lib(sc, "gtm", 168, gtm_id)
    js1(sc, "app", 172, app)
    img(sc, "logo", 176, "https://www.brightline-bikes.test/img/brightline.svg", "image/svg+xml", 3307)
    img(sc, "hero", 180, st + "/img/hero/commuter-e2-1440.webp", "image/webp", 183360)
    ot_config(sc, "ot_config", 342, uuid, OPTIN_RULES(sc))
    ot_geo(sc, "ot_geo", 359)
    ga = GA("G-4PQ9T2ZK7C", "45je6370v9141175028za200", sc.t0 + 404, "1685204397.%d" % ((sc.t0 + 590) // 1000),
            (sc.t0 + 590) // 1000, home, title)
    gtag_lib(sc, "gtag", 394, ga, gtm_url)
    ot_sdk(sc, "ot_sdk", 541)
    ga4_hit(sc, "ga_pv", 603, ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    ot_ruleset(sc, "ot_ruleset", 666, uuid, purpose_id(sc, "rule-global"))
    ot_asset(sc, "ot_flat", 697, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 748, "OptanonConsent", optanon(cid, sc.t0 + 748, home, [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 0), site)
    api(sc, "api_dealers", 1342, "https://www.brightline-bikes.test/api/dealers?near=94607", app, "findDealers", size=3309)
    ot_asset(sc, "ot_pc", 3911, "v2/otPcCenter.json", size=23818, fn="t.showPreferenceCenter")
    click = 7388
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage",
                                                   [("C0001", 1), ("C0002", 1), ("C0003", 0), ("C0004", 0)], 1, int_type=3), site)
    ot_receipt(sc, "ot_receipt", 7413, "https://www.brightline-bikes.test", cid,
               [(purpose_id(sc, "C0002"), "CONFIRMED"), (purpose_id(sc, "C0003"), "NOT_GIVEN"),
                (purpose_id(sc, "C0004"), "NOT_GIVEN")], ",C0001,C0002,", sc.t0 + click)
    ga_cookies(sc, 7420, ga, site)
    # GTM's Meta tag is (mis)configured to fire on OneTrustGroupsUpdated when C0002 is active.
    fb_lib(sc, "fbevents", 7421, gtm_url, init=gtm_event_inject(gtm_url, OT_SDK, 0, 381045))
    meta = Meta.init(sc, "1173920485610293", 1502837461, home, "fbevents", site)
    fb_config(sc, "fbconfig", 7569, meta)
    fb_event(sc, "fb_pv", 7627, meta, gtm_url, "PageView")
    api(sc, "api_stock", 7912, "https://www.brightline-bikes.test/api/stock?model=commuter-e2", app, "loadStock", size=512)
    ga4_hit(sc, "ga_scroll", 9840, ga, "scroll", gcs="G101", gcd="13q3r3q3q5l1", npa="1", seg="1",
            params=[("epn.percent_scrolled", "90")], et=9011)
    img(sc, "lazy", 10230, st + "/img/products/commuter-e2-side-480.webp", "image/webp", 36771,
        init=("script", frames(app, (0, 24410), fn="lazyLoad")), priority="Low")
    sc.finish()
    sc.story = (
        "An e-bike maker with OneTrust's global **opt-in** template. Before any choice GA4 sends only a cookieless "
        "`page_view` (`gcs=G100`). At +3911 ms the visitor opens *Cookie Settings* (the preference-centre layout "
        "`otPcCenter.json` loads), switches on *Performance* (C0002) only and, at +7388 ms, clicks **Confirm My "
        "Choices**. OneTrust logs a receipt (C0002 `CONFIRMED`, C0003 and C0004 `NOT_GIVEN`, `activeGroup` "
        "`,C0001,C0002,`) and later first-party requests carry `OptanonAlertBoxClosed` and `OptanonConsent` with "
        "`interactionCount=1`, `intType=3`, groups `C0001:1,C0002:1,C0003:0,C0004:0`. GA4 now sends with "
        "`gcs=G101` and `gcd=13q3r3q3q5l1` (ad_storage denied→denied, analytics_storage denied→granted, ad_user_data "
        "and ad_personalization denied→denied). The Meta Pixel, whose GTM trigger checks the wrong group, loads "
        "and sends `PageView` although Targeting (C0004) was refused.")
    sc.state("pre_banner", "doc", "page loading")
    sc.state("banner_shown", "ot_sdk", "OneTrust banner SDK load (stub at entry {ot_stub}); preference centre opened "
             "at entry {ot_pc}")
    sc.state("partial", "ot_receipt", "consent receipt: C0002 `CONFIRMED`, C0003/C0004 `NOT_GIVEN`: analytics "
             "granted; functional and advertising denied")
    sc.proof("api_dealers", "`OptanonConsent` `interactionCount=0`, opt-in defaults")
    sc.proof("ot_pc", "preference centre opened (UI evidence, no choice yet)")
    sc.proof("ot_receipt", "choice logged")
    sc.proof("api_stock", "first `OptanonAlertBoxClosed`; groups `C0001:1,C0002:1,C0003:0,C0004:0`, `intType=3`")
    sc.proof("ga_scroll", "`gcs=G101`; `gcd=13q3r3q3q5l1` (analytics granted by update, ads denied by update)")
    sc.region = [("US-CA", "ot_geo", "geolocation response (rule applied: `Global` opt-in, entry {ot_config})")]
    hits(sc, [("ot_stub", "onetrust", "—", "library", []),
              ("gtm", "google_tag_manager", "—", "library", []),
              ("ot_config", "onetrust", "—", "config", []),
              ("ot_geo", "onetrust", "—", "config", []),
              ("gtag", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk", "onetrust", "—", "library", []),
              ("ga_pv", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd=13p3p3p3p5l1`, `npa=1` (cookieless ping)"),
              ("ot_ruleset", "onetrust", "—", "config", []),
              ("ot_flat", "onetrust", "—", "library", []),
              ("ot_pc", "onetrust", "—", "library", []),
              ("ot_receipt", "onetrust", "—", "consent_record", []),
              ("fbevents", "meta_pixel", "advertising", "library", []),
              ("fbconfig", "meta_pixel", "advertising", "config", []),
              ("fb_pv", "meta_pixel", "advertising", "beacon", ["fired_after_opt_out"], "",
               "advertising (C0004) refused; no `dpo`"),
              ("ga_scroll", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"], "",
               "analytics (C0002) granted; `npa=1` because ads are denied")])
    return sc


# -- l. navigation_persisted --------------------------------------------------------------

def s_navigation_persisted():
    sc = Scenario("navigation_persisted", "chrome", "2026-03-26T19:44:51.127Z",
                  "Consent given on page 1 persists into page 2",
                  "two pages; Accept All on page 1; page 2's document request already carries the consent cookies")
    origin, st, site = "https://www.fernwood-apparel.test", "https://static.fernwood-apparel.test", "fernwood-apparel.test"
    home, p2 = origin + "/", origin + "/collections/outerwear"
    gtm_id, uuid = "GTM-B6N4R8T", "5d9e2b71-4c8a-4f36-b0e5-1a7c3f9d2e84"
    gtm_url = "https://www.googletagmanager.com/gtm.js?id=" + gtm_id
    t1, t2 = "Fernwood Apparel – Clothing for wet weather", "Outerwear – Fernwood Apparel"
    head = ['<link rel="stylesheet" href="%s/assets/fw.62b1d4.css">' % st, OT_STUB_HTML % uuid, GTM_SNIPPET % gtm_id,
            '<script src="%s/assets/fw.a07c3e.js" defer></script>' % st]
    html1 = page_html(t1, head, [
        '<header><img src="/img/fernwood.svg" alt="Fernwood Apparel" width="170" height="40"></header>',
        '<main><img src="%s/img/hero/rain-shell-1440.webp" alt="Rain shell" width="1440" height="600">' % st,
        '<a href="/collections/outerwear">Outerwear</a></main>'])
    html2 = page_html(t2, head, [
        '<header><img src="/img/fernwood.svg" alt="Fernwood Apparel" width="170" height="40"></header>',
        '<main><img src="%s/img/collections/outerwear-1440.webp" alt="Outerwear" width="1440" height="420">' % st,
        '<ul id="grid" data-src="/api/collections/outerwear/products"></ul></main>'])
    app = st + "/assets/fw.a07c3e.js"
    sc.page("page_1", home, 0, home, 1016.083, 1960.447, html1)
    doc(sc, "doc1", 0, home, html1, [session_cookie("www." + site, "fw_sid", "2b7e19c4d05a3f86")], wait=128.91)
    css(sc, "css1", 157, st + "/assets/fw.62b1d4.css")
    ot_stub(sc, "ot_stub1", 160)
    gtm_lib(sc, "gtm1", 164, gtm_id)
    js1(sc, "app1", 168, app)
    img(sc, "logo1", 172, origin + "/img/fernwood.svg", "image/svg+xml", 3512)
    img(sc, "hero1", 176, st + "/img/hero/rain-shell-1440.webp", "image/webp", 171902)
    ot_config(sc, "ot_config1", 336, uuid, OPTIN_RULES(sc))
    ot_geo(sc, "ot_geo1", 353)
    ga = GA("G-7XK2M9D4QP", "45je6370v9110384652za200", sc.t0 + 398, "1728840615.%d" % ((sc.t0 + 590) // 1000),
            (sc.t0 + 590) // 1000, home, t1)
    gtag_lib(sc, "gtag1", 389, ga, gtm_url)
    ot_sdk(sc, "ot_sdk1", 535)
    ga4_hit(sc, "ga_pv1", 601, ga, "page_view", gcs="G100", gcd="13p3p3p3p5l1", npa="1", first=True)
    ot_ruleset(sc, "ot_ruleset1", 668, uuid, purpose_id(sc, "rule-global"))
    ot_asset(sc, "ot_flat1", 697, "otFlat.json")
    cid = consent_id(sc)
    ot_cookie(sc, 745, "OptanonConsent", optanon(cid, sc.t0 + 745, home, [("C0001", 1), ("C0002", 0), ("C0003", 0), ("C0004", 0)], 0), site)
    api(sc, "api_p1_pre", 1377, origin + "/api/cart/count", app, "refreshCart", size=58)
    click = 4620
    all1 = [("C0001", 1), ("C0002", 1), ("C0003", 1), ("C0004", 1)]
    ot_cookie(sc, click, "OptanonAlertBoxClosed", iso_z(sc.t0 + click), site)
    ot_cookie(sc, click, "OptanonConsent", optanon(cid, sc.t0 + click, "NotLandingPage", all1, 1, int_type=1), site)
    ga_cookies(sc, 4640, ga, site)
    api(sc, "api_p1", 4688, origin + "/api/recommendations?slot=home&limit=6", app, "loadRecommendations")
    fb_lib(sc, "fbevents1", 4650, gtm_url, init=gtm_event_inject(gtm_url, OT_SDK, 0, 377912))
    meta = Meta.init(sc, "1048573920184756", 390172648, home, "fbevents1", site)
    fb_config(sc, "fbconfig1", 4798, meta)
    fb_event(sc, "fb_pv1", 4855, meta, gtm_url, "PageView")
    # 10400 ms: the visitor clicks "Outerwear"; page 2 starts at 10412.
    n = 10412
    sc.page("page_2", p2, n, p2, 1003.552, 1741.208, html2)
    doc(sc, "doc2", n, p2, html2, referer=home, sec_fetch_site="same-origin", wait=121.47)
    cache = dict(from_cache="disk")
    sc.req("css2", n + 149, "GET", st + "/assets/fw.62b1d4.css", "stylesheet", init=("parser",), mime="text/css",
           size=84210, resp=R_CSS, **cache)
    sc.req("ot_stub2", n + 151, "GET", OT_STUB, "script", init=("parser",), mime="application/javascript",
           size=22871, resp=R_OT, priority="High", **cache)
    sc.req("gtm2", n + 154, "GET", gtm_url, "script", init=inline(gtm_id, 262), mime="application/javascript",
           size=int(jit(gtm_id, 290000, 360000, 0)), resp=R_GTM, priority="Low", **cache)
    sc.req("app2", n + 157, "GET", app, "script", init=("parser",), mime="application/javascript", size=118204,
           resp=R_JS1, priority="Low", **cache)
    img(sc, "logo2", n + 160, origin + "/img/fernwood.svg", "image/svg+xml", 3512)
    img(sc, "hero2", n + 163, st + "/img/collections/outerwear-1440.webp", "image/webp", 129044)
    sc.req("ot_config2", n + 214, "GET", "https://cdn.cookielaw.org/consent/%s/%s.json" % (uuid, uuid), "xhr",
           init=("script", frames(OT_STUB, (0, 15633), (0, 8811))), mime="application/json", size=len(ot_config_text(uuid, OPTIN_RULES(sc))),
           resp=R_OTJSON, **cache)
    ga2 = GA("G-7XK2M9D4QP", "45je6370v9110384652za200", sc.t0 + n + 230, ga.cid, ga.sid, p2, t2)
    ga2.s = ga.s
    ga2.lib_url = ga.lib_url
    sc.req("gtag2", n + 228, "GET", ga.lib_url, "script", init=gtm_inject(gtm_url), mime="application/javascript",
           size=int(jit(ga.tid, 270000, 300000, 0)), resp=R_GTM, priority="Low", **cache)
    sc.req("ot_sdk2", n + 262, "GET", OT_SDK, "script", init=("script", frames(OT_STUB, (0, 11942))),
           mime="application/javascript", size=412339, resp=R_OT, priority="Low", **cache)
    sc.req("fbevents2", n + 266, "GET", "https://connect.facebook.net/en_US/fbevents.js", "script",
           init=gtm_inject(gtm_url, 1), mime="application/x-javascript", size=236118, resp=R_FBJS, priority="Low", **cache)
    sc.req("fbconfig2", n + 301, "GET", meta.config_url, "script",
           init=("script", frames(meta.lib_url, (24, 3311), (24, 9052))), mime="application/x-javascript",
           size=int(jit(meta.pixel, 139000, 152000, 0)), resp=R_FBJS, priority="Low", **cache)
    ga4_hit(sc, "ga_pv2", n + 420, ga2, "page_view", gcs="G111", gcd="13r3r3r3r5l1", npa="0", seg="1", dr=home)
    meta2 = Meta.init(sc, meta.pixel, 0, p2, "fbevents2", site, write_fbp=False, fbp=meta.fbp)
    fb_event(sc, "fb_pv2", n + 447, meta2, gtm_url, "PageView", dl=p2, rl=home)
    api(sc, "api_p2", n + 610, origin + "/api/collections/outerwear/products?page=1", app, "loadGrid", size=21882)
    sc.finish()
    sc.story = (
        "Two pages of one visit. **Page 1** (`/`): OneTrust opt-in; the cookieless GA4 `page_view` (`gcs=G100`) "
        "fires before the choice; at +4620 ms the visitor clicks **Accept All** (this site logs no consent "
        "receipt); the next first-party fetch carries `OptanonAlertBoxClosed` and `OptanonConsent` "
        "`interactionCount=1`; GTM then loads the Meta Pixel, which sends `PageView`. At +10412 ms the visitor "
        "follows the *Outerwear* link. **Page 2** (`/collections/outerwear`): the document request itself "
        "already carries `OptanonAlertBoxClosed`, `OptanonConsent` (`interactionCount=1`, all groups `:1`, "
        "`landingPath=NotLandingPage`), `_ga`, `_ga_7XK2M9D4QP` and `_fbp`; scripts come from the disk cache "
        "(`_fromCache: \"disk\"`, `_transferSize: 0`); OneTrust makes no geolocation request and loads no banner "
        "layout (no banner is shown); GA4 `page_view` has `gcs=G111`, `gcd=13r3r3r3r5l1`, and Meta sends "
        "`PageView` for the new URL.")
    sc.state("pre_banner", "doc1", "page 1 loading")
    sc.state("banner_shown", "ot_sdk1", "page 1: OneTrust banner SDK load (stub at entry {ot_stub1})")
    sc.state("accepted", "api_p1", "page 1: first `OptanonAlertBoxClosed`, `interactionCount=1`, groups all `:1` "
             "(no consent receipt on this site)")
    sc.proof("api_p1_pre", "`OptanonConsent` `interactionCount=0`, opt-in defaults; no `OptanonAlertBoxClosed` "
             "(so the click falls between entries {api_p1_pre} and {api_p1})")
    sc.proof("api_p1", "first `OptanonAlertBoxClosed=" + iso_z(sc.t0 + click) + "`; groups all `:1`, `intType=1`")
    sc.proof("doc2", "page 2 **starts in `accepted`** (no transition, no `pre_banner` or `banner_shown` on page 2): "
             "its document request already carries `OptanonAlertBoxClosed` and `OptanonConsent` "
             "`interactionCount=1`")
    sc.proof("ga_pv2", "`gcd=13r3r3r3r5l1`, `gcs=G111` on page 2")
    sc.region = [("US-CA", "ot_geo1", "geolocation response on page 1 (rule applied: `Global` opt-in, entry {ot_config1}); "
                  "page 2 makes no geolocation request")]
    sc.notes.append("On page 2 the OneTrust stub, configuration and banner SDK load again (from the disk cache, entries "
                    "{ot_stub2}, {ot_config2}, {ot_sdk2}) but no banner is shown (no `otFlat.json`, no rule-set "
                    "JSON): a CMP script load after a recorded choice must not move the state back to "
                    "`banner_shown`.")
    hits(sc, [("ot_stub1", "onetrust", "—", "library", []),
              ("gtm1", "google_tag_manager", "—", "library", []),
              ("ot_config1", "onetrust", "—", "config", []),
              ("ot_geo1", "onetrust", "—", "config", []),
              ("gtag1", "google_analytics_4", "analytics", "library", []),
              ("ot_sdk1", "onetrust", "—", "library", []),
              ("ga_pv1", "google_analytics_4", "analytics", "beacon", ["fired_before_choice"],
               "`gcs=G100`, `gcd=13p3p3p3p5l1`, `npa=1` (cookieless ping)"),
              ("ot_ruleset1", "onetrust", "—", "config", []),
              ("ot_flat1", "onetrust", "—", "library", []),
              ("fbevents1", "meta_pixel", "advertising", "library", []),
              ("fbconfig1", "meta_pixel", "advertising", "config", []),
              ("fb_pv1", "meta_pixel", "advertising", "beacon", ["fired_with_consent"]),
              ("ot_stub2", "onetrust", "—", "library", [], "", "disk cache"),
              ("gtm2", "google_tag_manager", "—", "library", [], "", "disk cache"),
              ("ot_config2", "onetrust", "—", "config", [], "", "disk cache"),
              ("gtag2", "google_analytics_4", "analytics", "library", [], "", "disk cache"),
              ("ot_sdk2", "onetrust", "—", "library", [], "", "disk cache"),
              ("fbevents2", "meta_pixel", "advertising", "library", [], "", "disk cache"),
              ("fbconfig2", "meta_pixel", "advertising", "config", [], "", "disk cache"),
              ("ga_pv2", "google_analytics_4", "analytics", "beacon", ["fired_with_consent"]),
              ("fb_pv2", "meta_pixel", "advertising", "beacon", ["fired_with_consent"])])
    return sc


SCENARIOS = [s_no_cmp, s_fired_before_banner, s_accept_then_fire, s_reject_then_fire, s_gpc_ignored,
             s_cookiebot_accept, s_sanitized_export, s_indeterminate_order, s_indeterminate_order_chrome,
             s_sensitive_form_chat, s_iab_strings, s_partial_consent, s_navigation_persisted]

# First appearance of cookies in a request Cookie header (entry key), with a substring of the value it must
# contain there. The checks assert these against the written files, and that no earlier entry carries the cookie.
FIRST_COOKIES = {
    "no_cmp": [("_ga", "api_picks", "GA1.1."), ("_fbp", "api_picks", "fb.1.")],
    "fired_before_banner": [("OptanonConsent", "api_related", "interactionCount=0"), ("usprivacy", "api_related", "1YNN")],
    "accept_then_fire": [("OptanonConsent", "api_cart", "interactionCount=0"),
                         ("OptanonAlertBoxClosed", "api_recs", "2026-03-12T19:31:33.248Z"),
                         ("_ttp", "api_recs", "01JP")],
    "reject_then_fire": [("OptanonConsent", "api_featured", "groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1"),
                         ("OptanonAlertBoxClosed", "api_search", "2026-03-13T21:15:00.742Z")],
    "gpc_ignored": [("OptanonConsent", "api_deals", "isGpcEnabled=0&"), ("OTGPPConsent", "api_deals", GPP_USCA_NOT_OPTED_OUT)],
    "cookiebot_accept": [("CookieConsent", "api_reviews", "marketing%3Atrue")],
    "sanitized_export": [],
    "indeterminate_order": [("OptanonAlertBoxClosed", "api_post", "2026-03-19T18:22:09.712Z")],
    "indeterminate_order_chrome": [("OptanonAlertBoxClosed", "api_post", "2026-03-20T17:03:45.124Z")],
    "sensitive_form_chat": [("hubspotutk", "api_appt", ""), ("_ga", "api_appt", "GA1.1."), ("__lc_cid", "api_appt", "")],
    "iab_strings": [("OTGPPConsent", "api_weather", GPP_USCA_NOT_OPTED_OUT),
                    ("OptanonAlertBoxClosed", "api_more", "2026-03-24T22:03:23.830Z")],
    "partial_consent": [("OptanonAlertBoxClosed", "api_stock", "2026-03-25T17:36:09.737Z")],
    "navigation_persisted": [("OptanonAlertBoxClosed", "api_p1", "2026-03-26T19:44:55.747Z")],
}
# Cookie values an entry must carry (in addition to the first appearances above).
COOKIE_VALUES = {
    "accept_then_fire": [("api_recs", "OptanonConsent", "interactionCount=1"),
                         ("api_recs", "OptanonConsent", "groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1")],
    "reject_then_fire": [("api_search", "OptanonConsent", "groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0"),
                         ("api_search", "OptanonConsent", "interactionCount=1"), ("api_search", "usprivacy", "1YYN"),
                         ("api_featured", "usprivacy", "1YNN")],
    "gpc_ignored": [("api_deals", "OptanonConsent", "browserGpcFlag=1"), ("api_deals", "usprivacy", "1YNN")],
    "cookiebot_accept": [("api_reviews", "CookieConsent", "region%3A%27us-06%27")],
    "iab_strings": [("api_more", "usprivacy", "1YYN"), ("api_more", "OTGPPConsent", GPP_USCA_OPTED_OUT),
                    ("api_more", "OptanonConsent", "interactionCount=1"), ("api_weather", "usprivacy", "1YNN")],
    "partial_consent": [("api_stock", "OptanonConsent", "groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A0")],
    "navigation_persisted": [("doc2", "OptanonConsent", "interactionCount=1"), ("doc2", "OptanonAlertBoxClosed", "")],
}


# Hits where a given harfact build is known to pick another signature of the right vendor: (scenario, key) ->
# the signature id@rev it picks. The check accepts exactly that deviation and prints it. Empty: the matcher
# fix of 2026-11-23 (specificity of the host that matched) made livechat's API hits `chat` again.
KNOWN_MATCHER_ISSUES = {}


# ---------------------------------------------------------------------------
# Writing, checking, README
# ---------------------------------------------------------------------------

EXPORTER_TEXT = {
    "chrome": "Chrome DevTools export (creator `WebInspector` 537.36), cookies kept",
    "chrome_sanitized": "Chrome DevTools **sanitized** export (creator `WebInspector` 537.36): no Cookie/Set-Cookie",
    "firefox": "Firefox 146 DevTools export (creator and browser `Firefox` 146.0.1), cookies kept",
    "proxy": "logging-proxy export, whole-second `startedDateTime`, no pages (creator `capture-proxy` 3.2.0, fictional)",
}
PROXY_CREATOR = {"name": "capture-proxy", "version": "3.2.0"}


def build_har(sc):
    if sc.exporter == "chrome":
        return chrome_har(sc)
    if sc.exporter == "chrome_sanitized":
        return chrome_har(sc, sanitized=True)
    if sc.exporter == "firefox":
        return firefox_har(sc)
    if sc.exporter == "proxy":
        return proxy_har(sc, PROXY_CREATOR)
    raise ValueError(sc.exporter)


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def har_path(sc):
    return os.path.join(HERE, sc.name + ".har")


def header(entry, name):
    for h in entry["request"]["headers"]:
        if h["name"].lower() == name:
            return h["value"]
    return None


def cookie_map(entry):
    v = header(entry, "cookie")
    if not v:
        return {}
    out = {}
    for part in v.split("; "):
        n, _, val = part.partition("=")
        out[n] = val
    return out


def parse_started(s):
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return dt.datetime.fromisoformat(s)


def check(sc, har, problems):
    def fail(msg):
        problems.append("%s: %s" % (sc.name, msg))

    entries = har["log"]["entries"]
    if len(entries) != len(sc.entries):
        fail("%d entries in the file, %d described" % (len(entries), len(sc.entries)))
        return
    keys = {k for _, k, _ in sc.states}
    keys |= {k for k, _ in sc.proofs} | {h["key"] for h in sc.hits} | {k for _, k, _ in sc.region}
    for a, b, _ in sc.pairs:
        keys |= {a, b}
    keys |= {k for _, k, _ in FIRST_COOKIES.get(sc.name, [])}
    for k in sorted(keys):
        e = sc.by_key[k]
        fe = entries[e.index]
        if fe["request"]["url"] != e.url or fe["request"]["method"] != e.method:
            fail("entry %d is %s %s, the README says %s %s" % (e.index, fe["request"]["method"],
                                                              fe["request"]["url"][:80], e.method, e.url[:80]))
    # startedDateTime never goes backwards
    times = [parse_started(x["startedDateTime"]) for x in entries]
    for i in range(1, len(times)):
        if times[i] < times[i - 1]:
            fail("startedDateTime goes backwards at entry %d" % i)
    # pairs really tie
    for a, b, _ in sc.pairs:
        ta, tb = entries[sc.idx(a)]["startedDateTime"], entries[sc.idx(b)]["startedDateTime"]
        if ta != tb:
            fail("pair %s/%s does not tie: %s vs %s" % (a, b, ta, tb))
    site = site_of(urlsplit(sc.pages[0]["url"]).hostname)
    first_party_names = {c.name for _, _, c in sc.jar.writes if site_of(c.domain) == site}
    for i, fe in enumerate(entries):
        host = urlsplit(fe["request"]["url"]).hostname
        cm = cookie_map(fe)
        if site_of(host) != site and set(cm) & first_party_names:
            fail("entry %d (third party %s) carries first-party cookies %s" % (i, host, sorted(set(cm) & first_party_names)))
        if sc.exporter == "chrome_sanitized":
            names = {h["name"].lower() for h in fe["request"]["headers"]} | {h["name"].lower() for h in fe["response"]["headers"]}
            if names & {"cookie", "set-cookie", "authorization"} or fe["request"]["cookies"] or fe["response"]["cookies"]:
                fail("entry %d keeps cookies in a sanitized export" % i)
        elif sc.exporter in ("chrome", "firefox", "proxy"):
            listed = {c["name"]: c["value"] for c in fe["request"]["cookies"]}
            if listed != cm:
                fail("entry %d: request.cookies and the Cookie header disagree" % i)
        if sc.exporter == "firefox" and header(fe, "sec-gpc") != "1":
            fail("entry %d has no Sec-GPC: 1" % i)
        if sc.exporter == "proxy" and not (len(fe["startedDateTime"]) == 20 and fe["startedDateTime"].endswith("Z")):
            fail("entry %d startedDateTime is not whole-second UTC" % i)
        if fe["time"] < 0:
            fail("entry %d negative time" % i)
    for name, k, contains in FIRST_COOKIES.get(sc.name, []):
        idx = sc.idx(k)
        first = next((i for i, fe in enumerate(entries) if name in cookie_map(fe)), None)
        if first != idx:
            fail("cookie %s first appears at entry %s, the README says %d" % (name, first, idx))
        elif contains and contains not in cookie_map(entries[idx])[name]:
            fail("cookie %s at entry %d lacks %r" % (name, idx, contains))
    for k, name, contains in COOKIE_VALUES.get(sc.name, []):
        cm = cookie_map(entries[sc.idx(k)])
        if name not in cm or contains not in cm[name]:
            fail("entry %d: cookie %s missing or lacks %r" % (sc.idx(k), name, contains))
    if sc.exporter == "chrome_sanitized" and any(cookie_map(fe) for fe in entries):
        fail("sanitized export has Cookie headers")
    check_causality(sc, fail)


def check_causality(sc, fail):
    """A request started by a script starts after that script has arrived; the pixel's init time and _fbp
    come after fbevents.js has arrived; a page's subresources start after its document has arrived."""
    end = {}
    for e in sorted(sc.entries, key=lambda x: x.at):
        if e.from_cache:
            end.setdefault(e.url, e.at + e.timing["total"])
        else:
            end[e.url] = e.at + e.timing["total"]
    for e in sc.entries:
        ini = e.initiator
        urls = []
        if isinstance(ini, tuple) and ini and ini[0] == "script":
            urls = [f[1] for f in ini[1]]
            for _, fs in (ini[2] if len(ini) > 2 else []):
                urls += [f[1] for f in fs]
        for u in urls:
            if u in end and any(x.url == u and x.at < e.at for x in sc.entries) and end[u] > e.at:
                # the script that started this request was still downloading
                parent = max((x for x in sc.entries if x.url == u and x.at < e.at), key=lambda x: x.at)
                if parent.at + parent.timing["total"] > e.at:
                    fail("%s (%d ms) starts before its initiator %s has arrived (%d ms)" % (
                        e.key, e.at, parent.key, parent.at + parent.timing["total"]))
        if e.rtype != "document" and e.initiator != "other":
            page_doc = next(x for x in sc.entries if x.rtype == "document" and x.page == e.page)
            if e.at < page_doc.at + page_doc.timing["total"] - page_doc.timing["receive"] and e is not page_doc:
                fail("%s starts before its document's first byte" % e.key)
    # JavaScript cookie writes come after the script that writes them has arrived
    writers = [("_ga", "/gtag/js?id="), ("_fbp", "/fbevents.js"), ("_ttp", "/i18n/pixel/static/main."),
               ("_clck", "scripts.clarity.ms/"), ("_clsk", "scripts.clarity.ms/"), ("_hjSession", "script.hotjar.com/"),
               ("hubspotutk", "js.hs-analytics.net/"), ("__hstc", "js.hs-analytics.net/"),
               ("__lc_cid", "cdn.livechatinc.com/tracking.js"), ("OptanonConsent", "/otBannerSdk.js"),
               ("CookieConsent", "/logconsent.ashx"), ("usprivacy", "/otBannerSdk.js"), ("OTGPPConsent", "/otBannerSdk.js")]
    for wt, _, c in sc.jar.writes:
        for prefix, script in writers:
            if c.name.startswith(prefix):
                loads = [x for x in sc.entries if script in x.url and sc.t0 + x.at <= wt]
                if not loads:
                    fail("cookie %s written at %d ms before any %s load" % (c.name, wt - sc.t0, script))
                elif not any(sc.t0 + x.at + x.timing["total"] <= wt for x in loads):
                    fail("cookie %s written at %d ms before %s arrived" % (c.name, wt - sc.t0, script))
    for e in sc.entries:
        if "/tr/?" in e.url:
            q = dict(query_pairs(e.url))
            it, fbp_ms = int(q["it"]), int(q["fbp"].split(".")[2])
            lib = max((x for x in sc.entries if x.url.endswith("/fbevents.js") and x.at <= e.at and x.page == e.page),
                      key=lambda x: x.at)
            lib_end = sc.t0 + lib.at + lib.timing["total"]
            if lib.page == e.page and not (lib_end <= it or lib.from_cache) :
                fail("%s: Meta it=%d before fbevents.js arrived (%d)" % (e.key, it, lib_end))
            if int(q["ts"]) < it or fbp_ms < it - 60 * DAY:
                fail("%s: ts before it, or an implausible fbp creation time" % e.key)


def run_harfact(sc, path, exe, problems, report):
    def fail(msg):
        problems.append("%s: harfact: %s" % (sc.name, msg))

    r = subprocess.run([exe, "inspect", "-q", "-f", "json", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail("inspect exit %d: %s" % (r.returncode, r.stderr.strip()[:300]))
        return
    cap = json.loads(r.stdout)["captures"][0]
    diags = cap.get("diagnostics") or {}
    if cap["status"] != "complete" or diags.get("total"):
        fail("inspect: status %s, diagnostics %s" % (cap["status"], json.dumps(diags)[:400]))
    stripped = (cap.get("cookies") or {}).get("stripped")
    if stripped != (sc.exporter == "chrome_sanitized"):
        fail("inspect: cookies %s" % json.dumps(cap.get("cookies"))[:200])
    r = subprocess.run([exe, "trackers", "--hits", "-f", "json", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail("trackers exit %d: %s" % (r.returncode, r.stderr.strip()[:300]))
        return
    out = json.loads(r.stdout)
    got = {h["entry"]: (h["vendor_id"], h["role"], h["signature"]) for h in out["hits"]}
    want = {sc.idx(h["key"]): (h["vendor"], h["role"]) for h in sc.hits}
    for i in sorted(set(got) | set(want)):
        g, w = got.get(i), want.get(i)
        if g is None:
            fail("entry %d (%s) is listed as %s but no signature matched" % (i, sc.entries[i].url[:70], w[0]))
        elif w is None:
            fail("entry %d matched %s (%s) but is not listed" % (i, g[2], sc.entries[i].url[:70]))
        elif (g[0], g[1]) != w:
            key = sc.entries[i].key
            if KNOWN_MATCHER_ISSUES.get((sc.name, key)) == g[2]:
                report.append("%s: entry %d: known matcher issue: harfact picks %s (role %s); the intended role is %s"
                              % (sc.name, i, g[2], g[1], w[1]))
            else:
                fail("entry %d: harfact says %s/%s (%s), the README says %s/%s" % (i, g[0], g[1], g[2], w[0], w[1]))
    for u in out.get("unclassified_hits", []):
        report.append("%s: entry %d not matched by any signature but blocked by %s: %s" % (
            sc.name, u["entry"], (u.get("list") or {}).get("path", "a list") if isinstance(u.get("list"), dict) else u.get("list"),
            u.get("url", "")[:100]))
    report.append("%s: harfact inspect ok (%d entries, %s); trackers: %d hits, all as listed" % (
        sc.name, cap["entries"]["read"], cap.get("exporter", {}).get("id"), len(got)))


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------

def fmt(sc, text):
    """Replaces {key} with the entry index."""
    out = text
    for e in sc.entries:
        out = out.replace("{%s}" % e.key, str(e.index))
    return out


def short(url, n=96):
    u = url.replace("https://", "").replace("wss://", "wss://")
    return u if len(u) <= n else u[:n - 1] + "…"


def md(s):
    return s.replace("|", "\\|")


def readme(scs, hars):
    L = []
    w = L.append
    w("# Consent-timeline scenarios")
    w("")
    w("Realistic captures of single visits (one has two pages) written for the consent-timeline "
      "reconstructor's tests, and the facts a correct timeline must derive from each. **Generated** by "
      "`make_scenarios.py` together with this page; do not edit either by hand:")
    w("")
    w("```sh")
    w("python3 testdata/scenarios/make_scenarios.py                # rewrite the HARs and this README, check, print the tables")
    w("python3 testdata/scenarios/make_scenarios.py --check        # check the committed files only")
    w("python3 testdata/scenarios/make_scenarios.py --check --harfact path/to/build/tools/harfact/harfact")
    w("```")
    w("")
    w("The generator is deterministic (fixed timestamps, no randomness; varied-looking values are literals or "
      "SHA-256 of a fixed key). Its checks assert every entry index below against the written files (URL and "
      "method), that `startedDateTime` never goes backwards, that `request.cookies` matches the `Cookie` header, "
      "that no third-party request carries a first-party cookie, the first appearance of each consent cookie "
      "named below, and (with `--harfact`) that `harfact inspect` reads each file with no diagnostic and that "
      "`harfact trackers --hits` matches exactly the requests listed under *Tracker and CMP requests*, each "
      "with the listed `vendor_id` and role.")
    w("")
    w("Conventions of `testdata/README.md` apply: first parties are fictional names under `.test`, IP "
      "addresses are documentation ranges, personal data is fictional (`jane.doe@example.test`, the reserved "
      "number `(510) 555-0147`), third parties use the vendors' real hosts, paths and parameter formats.")
    w("")
    w("## How to read the tables")
    w("")
    w("- **#** is the 0-based entry index in `log.entries` as stored. **t (ms)** is milliseconds after the "
      "first entry's `startedDateTime` (for `indeterminate_order.har` it is the true offset the generator "
      "used, which the file does not contain: the file has whole seconds).")
    w("- **Consent state**: each row starts a state at the entry that proves it; the state holds until the "
      "next row. States are DESIGN.md's: `no_cmp`, `pre_banner`, `banner_shown`, `accepted`, `rejected`, "
      "`partial`, `unknown`. `banner_shown` starts at the CMP's banner UI load (OneTrust `otBannerSdk.js`, "
      "Cookiebot `cc.js`); the CMP's first request (stub) is listed too, and no tracker hit falls between the "
      "two in any scenario, so either convention gives the same findings. A choice state starts at the "
      "**earliest** proof (signals.md D.10 step 3: CMP log call, first `OptanonAlertBoxClosed`, first "
      "`interactionCount` change, first `gcd` update letter); later proofs are listed under *Other evidence*. "
      "A JavaScript-written cookie is visible only in the Cookie header of a later request (signals.md B.0), "
      "so a cookie proof trails the click by up to one request.")
    w("- **purpose**: the consent purpose a hit is judged against: `advertising` (advertising pixels; also "
      "sale/share), `analytics` (analytics, session replay: OneTrust's C0002 *Performance*), `functional` "
      "(chat), `—` (CMP and tag-manager loads).")
    w("- **findings**: for hits whose signature role is `beacon`, `session_stream` or `chat`, exactly one "
      "timing kind from the consent state in force at the hit's `startedDateTime` for its purpose: "
      "`fired_before_consent_ui` (`no_cmp` or `pre_banner`), `fired_before_choice` (`banner_shown`), "
      "`fired_with_consent` (purpose granted by a choice), `fired_after_opt_out` (purpose denied by a choice "
      "or opt-out), or `order_indeterminate` when the hit's timestamp ties with the proof of the transition at "
      "the exporter's precision; plus `fired_despite_gpc` when the request carried `Sec-GPC: 1` (any tracker "
      "purpose, as the brief asks for GA4 too); plus the content kinds `form_content_sent`, "
      "`chat_content_sent`, `session_replay_stream`, and `sensitive_page_data` (sent from a page marked "
      "*sensitive*; the note says what of it the hit carries). Library, config and other loads have no "
      "finding (`—`); neither does a hit restricted after an opt-out (next item).")
    w("- **restricted by**: in-band limits the hit itself carries (Meta `dpo=LDU`, Google `rdp=1`, consent-mode "
      "denied `gcs=G100`/`npa=1`). **After an opt-out**, a hit whose restriction carries that opt-out to the "
      "vendor is *not* a violation: it gets **no finding** and is reported as restricted evidence. **Before a "
      "choice**, a restricted hit (e.g. GA4's cookieless ping) keeps its timing finding, with the restriction "
      "reported beside it.")
    w("")
    w("## Summary")
    w("")
    w("| File | Exporter | Entries | What it tests |")
    w("|---|---|---|---|")
    for sc in scs:
        w("| [`%s.har`](#%s) | %s | %d | %s |" % (sc.name, sc.name.replace("_", "_"), sc.exporter.replace("_", " "),
                                                len(sc.entries), md(sc.summary)))
    w("")
    for sc in scs:
        har = hars[sc.name]
        w("## %s" % sc.name)
        w("")
        w("**%s.** %s" % (sc.title, sc.story))
        w("")
        pages = har["log"]["pages"]
        w("**Capture.** `%s.har`: %s; %d entries; %s; first `startedDateTime` `%s`." % (
            sc.name, EXPORTER_TEXT[sc.exporter], len(sc.entries),
            ("%d page(s): " % len(pages) + ", ".join("`%s` (%s)" % (p["id"], short(p["title"], 70)) for p in pages))
            if pages else "no pages, no `pageref`", har["log"]["entries"][0]["startedDateTime"]))
        w("")
        w("### Consent state")
        w("")
        w("| From entry | State | Proof |")
        w("|---|---|---|")
        for st, k, sig in sc.states:
            w("| %d | `%s` | %s |" % (sc.idx(k), st, md(fmt(sc, sig))))
        w("")
        if sc.proofs:
            w("Other evidence:")
            w("")
            w("| # | What it shows |")
            w("|---|---|")
            for k, what in sorted(sc.proofs, key=lambda p: sc.idx(p[0])):
                w("| %d | %s |" % (sc.idx(k), md(fmt(sc, what))))
            w("")
        w("**GPC:** %s" % (fmt(sc, sc.gpc) if sc.gpc else "not sent (no `Sec-GPC` header on any request)."))
        w("")
        if sc.region:
            w("**Region the CMP applied:**")
            w("")
            w("| Value | # | Signal |")
            w("|---|---|---|")
            for v, k, sig in sc.region:
                w("| %s | %d | %s |" % (md(v), sc.idx(k), md(fmt(sc, sig))))
            w("")
        else:
            w("**Region the CMP applied:** none (no CMP).")
            w("")
        if sc.sensitive:
            w("**Sensitive page:** %s." % sc.sensitive)
            w("")
        w("### Tracker and CMP requests")
        w("")
        w("| # | t (ms) | vendor_id | role | purpose | findings | restricted by | note | request |")
        w("|---|---|---|---|---|---|---|---|---|")
        for h in sorted(sc.hits, key=lambda h: sc.idx(h["key"])):
            e = sc.by_key[h["key"]]
            w("| %d | %d | `%s` | %s | %s | %s | %s | %s | %s `%s` |" % (
                e.index, e.at, h["vendor"], h["role"], h["purpose"],
                ", ".join("`%s`" % f for f in h["findings"]) or "—", md(h["restricted"]) or "—",
                md(fmt(sc, h["note"])) or "", e.method, md(short(e.url, 80))))
        w("")
        if sc.pairs:
            w("### Pairs of indeterminate order")
            w("")
            w("| # | # | startedDateTime (as written) | Why |")
            w("|---|---|---|---|")
            for a, b, why in sc.pairs:
                w("| %d | %d | `%s` | %s |" % (sc.idx(a), sc.idx(b), har["log"]["entries"][sc.idx(a)]["startedDateTime"], md(why)))
            w("")
        for n in sc.notes:
            w(fmt(sc, n))
            w("")
        if sc.unknowns:
            w("### Not establishable from this capture")
            w("")
            for u in sc.unknowns:
                w("- " + fmt(sc, u))
            w("")
        w("<details><summary>All %d entries</summary>" % len(sc.entries))
        w("")
        w("| # | t (ms) | startedDateTime | method | type | request | Cookie header (names) |")
        w("|---|---|---|---|---|---|---|")
        for e in sc.entries:
            fe = har["log"]["entries"][e.index]
            cm = cookie_map(fe)
            ck = ", ".join(cm) if cm else ("(stripped)" if sc.exporter == "chrome_sanitized" and e.cookies_sent else "")
            if e.from_cache:
                ck = "(disk cache)"
            w("| %d | %d | `%s` | %s | %s | `%s` | %s |" % (e.index, e.at, fe["startedDateTime"], e.method,
                                                          chrome_resource_type(e), md(short(e.url, 90)), md(ck)))
        w("")
        w("</details>")
        w("")
    w("## Realism notes")
    w("")
    w("What is modelled on real traffic, and what could not be (check against live captures before relying "
      "on these details):")
    w("")
    for line in REALISM_NOTES:
        w("- " + line)
    w("")
    return "\n".join(L)


REALISM_NOTES = [
    "Exporter shapes follow real exports: Chrome's member set and order as in `../sample/exhibit.har` "
    "(`_initiator` stacks, `_priority`, `_resourceType`, `_transferSize`, HTTP/2 and HTTP/3 pseudo-headers, "
    "timings with `_blocked_queueing`, connection reuse), Firefox 146's as in the corpus Firefox export "
    "(local-offset dates, Title-Case request headers, integer timings, `connection: \"443\"`, decoded "
    "queryString, name/value cookies). Chrome's sanitized export drops `Cookie`, `Set-Cookie` and "
    "`Authorization` and empties both cookie arrays (devtools-frontend `Log.ts`).",
    "No real exporter with whole-second `startedDateTime` was found in the corpus; `indeterminate_order.har` "
    "uses a fictional logging proxy (`capture-proxy`) with a mitmproxy-like entry shape and RFC 3339 "
    "timestamps without fraction (what Go's `time.RFC3339` layout or `strftime('%Y-%m-%dT%H:%M:%SZ')` "
    "write), entries written in completion order within a second.",
    "Cookies follow browser rules: JavaScript-written cookies appear only in later requests' Cookie headers, "
    "`Domain=` cookies reach `static.` subdomains, host-only session cookies do not, cross-site requests "
    "carry only `SameSite=None` cookies (Clarity's `MUID`), a cache hit sends none.",
    "Vendor formats are the documented or observed ones in signals.md (Meta `/tr` parameters, GA4 `/g/collect` "
    "with `gcs`/`gcd`, TikTok `/api/v2/pixel` JSON, OneTrust `OptanonConsent`/`OptanonAlertBoxClosed`/"
    "`usprivacy`/`OTGPPConsent`, the OneTrust domain-config and geolocation bodies as in the sample exhibit, "
    "Cookiebot `logconsent.ashx` and the `CookieConsent` literal, HubSpot Collected Forms fields, LiveChat "
    "Customer Web API `start_chat`/`send_event`/`get_dynamic_configuration`, GPT `gampad/ads` with "
    "`gdpr`/`us_privacy`/`gpp`/`gpp_sid`/`rdp`, The Trade Desk `track/up`). Uncertain in signals.md and so "
    "only plausible here: the OneTrust consent-receipt body beyond `identifier`/`requestInformation`/"
    "`purposes`/`customPayload`/`test` (`TransactionType` values, the `activeGroup` format), OneTrust "
    "`intType` values (1 accept all, 2 reject all, 3 confirm choices), Hotjar's WebSocket frame contents "
    "(the protocol is not public: frames here are illustrative JSON plus one gzip binary frame), LiveChat's "
    "widget-internal hosts (the widget normally talks over the RTM WebSocket; the documented Web API is used "
    "here), and Cookiebot's `region:'us-06'`.",
    "GPP strings: `" + GPP_USCA_NOT_OPTED_OUT + "` and, in signals.md, `" + GPP_USCA_OPTED_OUT_GPC + "` are real "
    "observed values. No real opted-out usca value without GPC was available, so `iab_strings` uses `"
    + GPP_USCA_OPTED_OUT + "`: the real opted-out core with the real `Gpc=0` sub-section (`.QA`) of the "
    "first value, because that visitor sent no GPC.",
    "Chrome keeps no `postData` for Clarity's gzip uploads here (the body is binary); whether a given Chrome "
    "version writes a lossy text instead is not verified.",
    "`gpc_ignored` assumes Firefox's default *Standard* Enhanced Tracking Protection in a normal window, which "
    "blocks social-tracker cookies but not the loads of `connect.facebook.net` or Google Analytics.",
    "Left out on purpose, although real pages make them, because harfact's signatures do not match them today "
    "(they would show up only as unclassified list hits): Meta's `www.facebook.com/privacy_sandbox/pixel/register/"
    "trigger/?id=…&ev=…` that fbevents.js sends beside `/tr`, `connect.facebook.net/signals/plugins/*.js`, "
    "gtag's `www.googletagmanager.com/static/service_worker/…/sw_iframe.html`, `td.doubleclick.net/td/ga/rul`, "
    "OneTrust's `cdn.cookielaw.org/logos/…` and `cdn.cookielaw.org/opt-out/otCCPAiab.js`, Cookiebot's "
    "`imgsct.cookiebot.com/1.gif`, and GPT's `ep1.adtrafficquality.google/getconfig/sodar`.",
]


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def table_rows(sc):
    rows = []
    for st, k, sig in sc.states:
        rows.append("  state   %3d  %-13s %s" % (sc.idx(k), st, fmt(sc, sig)[:110]))
    for h in sorted(sc.hits, key=lambda h: sc.idx(h["key"])):
        if h["findings"]:
            rows.append("  hit     %3d  %-20s %-10s %s%s" % (sc.idx(h["key"]), h["vendor"], h["purpose"],
                                                           ",".join(h["findings"]),
                                                           ("  [restricted: %s]" % h["restricted"]) if h["restricted"] else ""))
    for a, b, why in sc.pairs:
        rows.append("  pair    %3d ~ %d  %s" % (sc.idx(a), sc.idx(b), why))
    return rows


def expectations(scs):
    """The README's facts as JSON, for the tests (tests/unit/timeline)."""
    out = []
    for sc in scs:
        states = [{"state": st, "entry": sc.idx(key)} for st, key, _ in sc.states]
        hits = []
        for h in sc.hits:
            hits.append({"entry": sc.idx(h["key"]), "vendor_id": h["vendor"], "role": h["role"],
                         "purpose": h["purpose"] if h["purpose"] != "\u2014" else None,
                         "findings": sorted(h["findings"]),
                         "restricted": bool(h["restricted"])})
        out.append({"file": sc.name + ".har", "exporter": sc.exporter, "entries": len(sc.entries),
                    "states": states, "hits": hits,
                    "indeterminate_pairs": [[sc.idx(a), sc.idx(b)] for a, b, _ in sc.pairs],
                    "gpc": sc.gpc is not None,
                    "region": sc.region[0][0] if sc.region else None})
    return json.dumps({"generated_by": "testdata/scenarios/make_scenarios.py", "scenarios": out},
                      indent=1, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="do not write; check the committed files and README")
    ap.add_argument("--harfact", metavar="EXE", help="also check the files with this harfact binary")
    ap.add_argument("--quiet", action="store_true", help="do not print the tables")
    args = ap.parse_args()

    scs = [f() for f in SCENARIOS]
    names = [s.name for s in scs]
    assert len(set(names)) == len(names)
    problems, report, hars = [], [], {}
    for sc in scs:
        har = build_har(sc)
        text = dump(har)
        path = har_path(sc)
        if args.check:
            if not os.path.exists(path):
                problems.append("%s: missing" % path)
                continue
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    problems.append("%s: differs from what the generator writes (run without --check)" % path)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        with open(path, encoding="utf-8") as f:
            written = json.load(f)
        hars[sc.name] = written
        check(sc, written, problems)
        if args.harfact:
            run_harfact(sc, path, args.harfact, problems, report)
    text = readme(scs, hars)
    epath = os.path.join(HERE, "expectations.json")
    etext = expectations(scs)
    if args.check:
        with open(epath, encoding="utf-8") as f:
            if f.read() != etext:
                problems.append("expectations.json differs from what the generator writes")
    else:
        with open(epath, "w", encoding="utf-8", newline="\n") as f:
            f.write(etext)
    rpath = os.path.join(HERE, "README.md")
    if args.check:
        with open(rpath, encoding="utf-8") as f:
            if f.read() != text:
                problems.append("README.md differs from what the generator writes")
    else:
        with open(rpath, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if not args.quiet:
        for sc in scs:
            print("%s.har  (%s, %d entries)" % (sc.name, sc.exporter, len(sc.entries)))
            for r in table_rows(sc):
                print(r)
    for r in report:
        print(r)
    if problems:
        print("\n%d problem(s):" % len(problems), file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("ok: %d scenarios checked" % len(scs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
