#!/usr/bin/env python3
"""Writes the small HARs that `harfact verify`'s tests and golden cases read.

One clean capture (clean.har: a Chrome DevTools export that every check passes)
and captures made to trip the checks, each derived from the clean one by the
edits a person or a tool would make. README.md in this folder lists what each
file must give.

Deterministic: fixed timestamps and values, no randomness; JSON is written the
way Chrome DevTools writes it (JSON.stringify with a 2-space indent: integral
numbers without ".0", non-ASCII characters unescaped). Running it twice leaves
every file unchanged.

    python3 testdata/verify/make_verify.py

Conventions of testdata/README.md: fictional first parties under .test,
documentation IP addresses, third parties on the vendors' real hosts (the
signature database matches them). Python 3.8+, standard library only.
"""

import base64
import copy
import datetime as dt
import json
import os
from collections import OrderedDict as OD
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = dt.timezone.utc
T0 = dt.datetime(2026, 4, 7, 16, 5, 11, 204000, tzinfo=UTC)
SITE = "https://www.cedar-outfitters.test"
STATIC = "https://static.cedar-outfitters.test"
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/145.0.0.0 Safari/537.36")
CH_UA = '"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"'
HEADLESS_UA = UA.replace("Chrome/145", "HeadlessChrome/145")
HEADLESS_CH_UA = '"Not:A-Brand";v="99", "HeadlessChrome";v="145", "Chromium";v="145"'
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def js_numbers(v):
    """JSON.stringify writes integral numbers without a fraction."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return OD((k, js_numbers(x)) for k, x in v.items())
    if isinstance(v, list):
        return [js_numbers(x) for x in v]
    return v


def dumps(har):
    return json.dumps(js_numbers(har), indent=2, ensure_ascii=False) + "\n"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def http_date(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def ms(t):
    return dt.timedelta(milliseconds=t)


def headers(pairs):
    return [OD([("name", n), ("value", v)]) for n, v in pairs]


def request_headers(url, method, kind, extra=(), ua=UA, ch_ua=CH_UA, cookie=None):
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    h = [(":authority", parts.netloc), (":method", method), (":path", path), (":scheme", "https"),
         ("accept", "text/html,application/xhtml+xml" if kind == "document" else "*/*"),
         ("accept-language", "en-US,en;q=0.9")]
    if cookie:
        h.append(("cookie", cookie))
    if kind != "document":
        h.append(("referer", SITE + "/"))
    h += [("sec-ch-ua", ch_ua), ("sec-ch-ua-mobile", "?0"), ("sec-ch-ua-platform", '"Windows"'),
          ("user-agent", ua)]
    h += list(extra)
    return headers(h)


def query(url):
    q = urlsplit(url).query
    out = []
    for part in q.split("&") if q else []:
        name, _, value = part.partition("=")
        out.append(OD([("name", name), ("value", value)]))
    return out


def cookie_pairs(cookie):
    out = []
    for part in cookie.split("; ") if cookie else []:
        name, _, value = part.partition("=")
        out.append(OD([("name", name), ("value", value), ("path", "/"),
                       ("domain", ".cedar-outfitters.test"), ("expires", "2027-04-07T16:05:11.000Z"),
                       ("httpOnly", False), ("secure", True)]))
    return out


class E:
    """One request: what varies between entries."""

    def __init__(self, at, method, url, kind, status=200, mime="text/html", body=None, b64=False,
                 post=None, wait=40.0, receive=2.5, cookie=None, set_cookie=None, initiator=None,
                 extra_request=(), extra_response=(), ua=UA, ch_ua=CH_UA, conn="5120"):
        self.__dict__.update(locals())
        del self.__dict__["self"]


def build_entry(e):
    start = T0 + ms(e.at)
    blocked, dns, connect, ssl, send = 1.204, -1, -1, -1, 0.118
    if e.conn == "new":
        dns, connect, ssl = 12.5, 31.25, 18.75
    timings = OD([("blocked", blocked), ("dns", dns), ("ssl", ssl), ("connect", connect),
                  ("send", send), ("wait", e.wait), ("receive", e.receive),
                  ("_blocked_queueing", 0.84)])
    total = 0.0
    for t in (blocked, dns, connect, send, e.wait, e.receive):
        total += max(t, 0)
    server = start + ms(blocked + max(dns, 0) + max(connect, 0) + send + e.wait / 2)
    if e.body is None:
        size, text = 0, None
    elif e.b64:
        size, text = len(e.body), base64.b64encode(e.body).decode()
    else:
        size, text = len(e.body.encode()), e.body
    resp_h = [("content-type", e.mime + ("; charset=utf-8" if e.mime.startswith("text/") else "")),
              ("date", http_date(server)), ("server", "nginx")]
    resp_cookies = []
    if e.set_cookie:
        name, _, rest = e.set_cookie.partition("=")
        value = rest.split(";")[0]
        resp_h.append(("set-cookie", e.set_cookie))
        resp_cookies.append(OD([("name", name), ("value", value), ("path", "/"),
                                ("domain", urlsplit(e.url).hostname), ("expires", None),
                                ("httpOnly", True), ("secure", True), ("sameSite", "Lax")]))
    resp_h += list(e.extra_response)
    req = OD([("method", e.method), ("url", e.url), ("httpVersion", "http/2.0"),
              ("headers", request_headers(e.url, e.method, e.kind, e.extra_request, e.ua, e.ch_ua,
                                          e.cookie)),
              ("queryString", query(e.url)), ("cookies", cookie_pairs(e.cookie)),
              ("headersSize", -1), ("bodySize", len(e.post.encode()) if e.post else 0)])
    if e.post:
        req["postData"] = OD([("mimeType", "application/json"), ("text", e.post)])
    content = OD([("size", size), ("mimeType", e.mime)])
    if text is not None:
        content["text"] = text
        if e.b64:
            content["encoding"] = "base64"
    resp = OD([("status", e.status), ("statusText", ""), ("httpVersion", "http/2.0"),
               ("headers", headers(resp_h)), ("cookies", resp_cookies), ("content", content),
               ("redirectURL", ""), ("headersSize", -1), ("bodySize", -1),
               ("_transferSize", size + 310), ("_error", None), ("_fetchedViaServiceWorker", False)])
    initiator = e.initiator or (OD([("type", "other")]) if e.kind == "document" else
                                OD([("type", "parser"), ("url", SITE + "/"), ("lineNumber", 9)]))
    return OD([("_connectionId", "5120" if e.conn == "new" else e.conn), ("_initiator", initiator),
               ("_priority", "VeryHigh" if e.kind == "document" else "High"),
               ("_resourceType", e.kind), ("cache", OD()), ("connection", "443"),
               ("pageref", "page_1"), ("request", req), ("response", resp),
               ("serverIPAddress", "192.0.2.41"), ("startedDateTime", iso(start)),
               ("time", total), ("timings", timings)])


def script_initiator(url):
    return OD([("type", "script"), ("stack", OD([("callFrames", [OD([
        ("functionName", "send"), ("scriptId", "31"), ("url", url), ("lineNumber", 211),
        ("columnNumber", 17)])])]))])


GTAG = "https://www.googletagmanager.com/gtag/js?id=G-CEDAR12345"
GA4 = ("https://region1.google-analytics.com/g/collect?v=2&tid=G-CEDAR12345&gtm=45je6470v9&_p=1775577911"
       "&gcs=G100&gcd=13p3p3p3p5l1&cid=512904488.1775577911&ul=en-us&sr=1920x1080&_s=1"
       "&dl=https%3A%2F%2Fwww.cedar-outfitters.test%2F&dt=Cedar%20Outfitters&en=page_view")
GEO_CA = '{"country":"US","state":"CA","stateName":"California","continent":"NA"}'
HTML = ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Cedar Outfitters — Trail gear</title>\n</head>\n<body>\n<h1>Trail gear</h1>\n"
        "</body>\n</html>\n")


def clean_requests(geo=GEO_CA, ua=UA, ch_ua=CH_UA):
    k = dict(ua=ua, ch_ua=ch_ua)
    return [
        E(0, "GET", SITE + "/", "document", body=HTML, wait=88.5, set_cookie="sid=c4f1a9e2; Path=/; Secure; HttpOnly; SameSite=Lax", conn="new", **k),
        E(131.4, "GET", STATIC + "/css/site.8c1e.css", "stylesheet", mime="text/css", wait=22.0, conn="new", **k),
        E(136.9, "GET", "https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", "script", mime="application/javascript", wait=31.0, conn="new", **k),
        E(140.2, "GET", GTAG, "script", mime="application/javascript", wait=35.5, conn="new", **k),
        E(322.7, "GET", "https://geolocation.onetrust.com/cookieconsentpub/v1/geo/location", "xhr", mime="application/json", body=geo, wait=48.25, conn="new", initiator=script_initiator("https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"), **k),
        E(401.3, "GET", "https://cdn.cookielaw.org/scripttemplates/202512.1.0/otBannerSdk.js", "script", mime="application/javascript", wait=26.0, initiator=script_initiator("https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"), **k),
        E(655.1, "POST", GA4, "ping", status=204, mime="text/plain", wait=18.5, receive=0.25, conn="new", initiator=script_initiator(GTAG), **k),
        E(902.6, "GET", SITE + "/api/cart", "fetch", mime="application/json", body='{"items":[],"total":0}', wait=41.0, cookie="sid=c4f1a9e2", initiator=script_initiator(STATIC + "/js/app.js"), **k),
        E(1107.8, "GET", STATIC + "/img/pixel.png", "image", mime="image/png", body=PNG, b64=True, wait=12.0, **k),
        E(1512.0, "POST", SITE + "/api/events", "fetch", mime="application/json", body='{"ok":true}', post='{"event":"view","page":"/"}', wait=30.5, cookie="sid=c4f1a9e2", initiator=script_initiator(STATIC + "/js/app.js"), **k),
        E(1804.4, "GET", SITE + "/favicon.ico", "image", mime="image/x-icon", wait=9.75, cookie="sid=c4f1a9e2", **k),
    ]


def har(entries, creator=("WebInspector", "537.36"), pages=None, browser=None):
    log = OD([("version", "1.2"), ("creator", OD([("name", creator[0]), ("version", creator[1])]))])
    if browser:
        log["browser"] = OD([("name", browser[0]), ("version", browser[1])])
    log["pages"] = pages if pages is not None else [OD([
        ("startedDateTime", iso(T0)), ("id", "page_1"), ("title", SITE + "/"),
        ("pageTimings", OD([("onContentLoad", 612.42), ("onLoad", 1320.07)]))])]
    log["entries"] = entries
    return OD([("log", log)])


def clean():
    return har([build_entry(e) for e in clean_requests()])


def edited(text):
    """Hand edits of clean.har, made on the text the way a person would."""
    doc = json.loads(text, object_pairs_hook=OD)
    entries = doc["log"]["entries"]
    # Entry 6: the GA4 hit's consent parameter changed in the URL only.
    entries[6]["request"]["url"] = entries[6]["request"]["url"].replace("gcs=G100", "gcs=G111")
    # Entry 7: the Cookie header changed, the cookies array not.
    for h in entries[7]["request"]["headers"]:
        if h["name"] == "cookie":
            h["value"] = "sid=0000aaaa"
    # Entry 4: the geolocation answer's body replaced; content.size left as it was.
    entries[4]["response"]["content"]["text"] = "MANUALLY REMOVED"
    # Entry 8: time changed without the timings.
    entries[8]["time"] = 9.5
    # Entry 2: re-typed with another member order (and an escaped character).
    e2 = entries[2]
    entries[2] = OD([("startedDateTime", e2["startedDateTime"])] +
                    [(k, v) for k, v in e2.items() if k != "startedDateTime"])
    # Entry 10 duplicated byte for byte at the end.
    entries.append(copy.deepcopy(entries[10]))
    out = dumps(doc)
    # A member written twice (the URL of entry 9's request), a number written
    # by another program, and an escape JSON.stringify never writes.
    url9 = SITE + "/api/events"
    out = out.replace('"url": "%s",' % url9, '"url": "%s/debug",\n          "url": "%s",' % (url9, url9), 1)
    out = out.replace('"wait": 12,', '"wait": 12.0,', 1)
    out = out.replace("Cedar Outfitters — Trail gear", "Cedar Outfitters \\u2014 Trail gear", 1)
    return out


def truncated(text):
    cut = text.index('"url": "%s/api/cart"' % SITE) + 30
    return text[:cut]


def mid_page():
    reqs = clean_requests()[2:]  # recording began after the document and stylesheet
    entries = [build_entry(e) for e in reqs]
    entries[-1]["pageref"] = "page_9"  # a page log.pages does not list
    page2 = E(2500.0, "GET", SITE + "/trail-shoes", "document", body=HTML, wait=70.0,
              cookie="sid=c4f1a9e2", extra_request=(("referer", SITE + "/"),))
    p2 = build_entry(page2)
    p2["pageref"] = "page_2"
    entries.append(p2)
    pages = har([])["log"]["pages"] + [
        OD([("startedDateTime", iso(T0 + ms(2500))), ("id", "page_2"), ("title", SITE + "/trail-shoes"),
            ("pageTimings", OD([("onContentLoad", 300.5), ("onLoad", 410.25)]))]),
        OD([("startedDateTime", iso(T0 + ms(9000))), ("id", "page_3"), ("title", SITE + "/checkout"),
            ("pageTimings", OD([("onContentLoad", -1), ("onLoad", -1)]))])]
    return har(entries, pages=pages)


def clock():
    entries = [build_entry(e) for e in clean_requests()]
    hour = dt.timedelta(hours=1)
    for e in entries:  # the servers' clocks say one hour earlier: the capturing clock ran ahead
        for h in e["response"]["headers"]:
            if h["name"] == "date":
                t = dt.datetime.strptime(h["value"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
                h["value"] = http_date(t - hour)
    # Entry 5 stored after entry 6 although it started first.
    entries[5], entries[6] = entries[6], entries[5]
    # Ten minutes with nothing in flight before the last three requests.
    for e in entries[8:]:
        t = dt.datetime.strptime(e["startedDateTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        e["startedDateTime"] = iso(t + dt.timedelta(minutes=10))
    # Entry 9 written in another zone and to the second.
    t = dt.datetime.strptime(entries[9]["startedDateTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
    entries[9]["startedDateTime"] = (t - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S") + "-07:00"
    return har(entries)


def at_base(t0, make):
    """Builds with another start instant (every date of the capture moves with it)."""
    global T0
    saved, T0 = T0, t0
    try:
        return make()
    finally:
        T0 = saved


def future():
    # The clean capture dated five years later (after the golden cases' --now).
    return at_base(T0.replace(year=2031), clean)


def predates_exporter():
    # A Playwright recordHar capture (HeadlessChrome) dated 2019, before Playwright existed.
    def make():
        reqs = clean_requests(ua=HEADLESS_UA, ch_ua=HEADLESS_CH_UA)
        return har([build_entry(e) for e in reqs], creator=("Playwright", "1.49.1"),
                   browser=("chromium", "131.0.6778.33"))
    return at_base(T0.replace(year=2019), make)


def automated():
    geo_ny = '{"country":"US","state":"NY","stateName":"New York","continent":"NA"}'
    nocache = (("cache-control", "no-cache"), ("pragma", "no-cache"))
    reqs = clean_requests(geo=geo_ny, ua=HEADLESS_UA, ch_ua=HEADLESS_CH_UA)
    for r in reqs[1:]:
        r.extra_request = tuple(r.extra_request) + nocache
    entries = [build_entry(e) for e in reqs]
    # An extension's content script and a request it made; a request an ad blocker stopped.
    ext = "chrome-extension://cjpalhdlnbpafiamejdnhcphjbkeiagm/js/contentscript-start.js"
    x = build_entry(E(150.5, "GET", ext, "script", mime="application/javascript", wait=0.5, conn="0",
                      ua=HEADLESS_UA, ch_ua=HEADLESS_CH_UA))
    entries.insert(4, x)
    y = build_entry(E(700.2, "GET", "https://connect.facebook.net/en_US/fbevents.js", "script",
                      status=0, mime="x-unknown", wait=0, receive=0, ua=HEADLESS_UA, ch_ua=HEADLESS_CH_UA,
                      extra_request=nocache))
    y["response"]["_error"] = "net::ERR_BLOCKED_BY_CLIENT"
    y["response"]["statusText"] = ""
    y["response"]["httpVersion"] = ""
    y["response"]["headers"] = []
    entries.insert(8, y)
    z = entries[-2]
    z["_initiator"] = OD([("type", "script"), ("stack", OD([("callFrames", [OD([
        ("functionName", "report"), ("scriptId", "77"), ("url", ext), ("lineNumber", 3),
        ("columnNumber", 88)])])]))])
    # The favicon answered by a service worker.
    entries[-1]["response"]["_fetchedViaServiceWorker"] = True
    return har(entries)


def dirty_profile():
    reqs = clean_requests()
    prior = ("OptanonConsent=isGpcEnabled=0&datestamp=Mon+Mar+30+2026&version=202512.1.0"
             "&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1&interactionCount=1"
             "&geolocation=US%3BCA; _ga=GA1.1.88213004.1774890000")
    reqs[0].cookie = prior
    fb = E(702.4, "GET", "https://www.facebook.com/tr/?id=4410098127&ev=PageView&dl=https%3A%2F%2Fwww.cedar-outfitters.test%2F",
           "image", mime="image/gif", wait=25.0, cookie="c_user=100087112233; fr=0Zs9a1b2c3d4",
           initiator=script_initiator("https://connect.facebook.net/en_US/fbevents.js"))
    reqs.insert(7, fb)
    entries = [build_entry(e) for e in reqs]
    for e in entries[7]["request"]["cookies"]:
        e["domain"] = ".facebook.com"
    # A POST whose body the capture did not keep.
    del entries[10]["request"]["postData"]
    # The favicon request repeated at the same instant, with other timings.
    again = copy.deepcopy(entries[11])
    again["timings"]["wait"] = 14.25
    again["time"] = again["time"] - 9.75 + 14.25
    entries.append(again)
    return har(entries)


def sanitized_auth():
    entries = [build_entry(e) for e in clean_requests()]
    for e in entries:  # a sanitized export that kept an Authorization header
        e["request"]["headers"] = [h for h in e["request"]["headers"] if h["name"] != "cookie"]
        e["request"]["cookies"] = []
        e["response"]["headers"] = [h for h in e["response"]["headers"] if h["name"] != "set-cookie"]
        e["response"]["cookies"] = []
    entries[7]["request"]["headers"].append(OD([("name", "authorization"), ("value", "Bearer eyJhbGciOi.test")]))
    return har(entries)


def main():
    clean_text = dumps(clean())
    files = {
        "clean.har": clean_text,
        "edited.har": edited(clean_text),
        "truncated.har": truncated(clean_text),
        "mid_page.har": dumps(mid_page()),
        "clock.har": dumps(clock()),
        "future.har": dumps(future()),
        "predates_exporter.har": dumps(predates_exporter()),
        "automated.har": dumps(automated()),
        "dirty_profile.har": dumps(dirty_profile()),
        "sanitized_auth.har": dumps(sanitized_auth()),
    }
    for name, text in files.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("wrote", ", ".join(files))


if __name__ == "__main__":
    main()
