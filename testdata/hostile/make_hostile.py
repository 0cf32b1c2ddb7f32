#!/usr/bin/env python3
"""Writes hostile.har: a capture whose URLs, headers, titles and bodies carry
markup, quotes, control characters and invalid UTF-8 look-alikes, to prove the
reports escape everything taken from a capture (tests/unit/report).

Deterministic: run it twice and nothing changes.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = "2026-04-02T09:15:00.000Z"

EVIL = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
CTRL = "a\u0000b\u0001c\u001bd\u007fe\u0085f"


def entry(i, url, method="GET", headers=(), rtype="script", mime="application/javascript",
          post=None, ms=0):
    e = {
        "startedDateTime": "2026-04-02T09:15:%02d.%03dZ" % (ms // 1000, ms % 1000),
        "time": 12.5,
        "request": {"method": method, "url": url, "httpVersion": "http/2.0",
                    "headers": [{"name": n, "value": v} for n, v in headers],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0",
                     "headers": [{"name": "content-type", "value": mime}], "cookies": [],
                     "content": {"size": 0, "mimeType": mime}, "redirectURL": "",
                     "headersSize": -1, "bodySize": 0},
        "cache": {}, "timings": {"blocked": 1, "dns": -1, "ssl": -1, "connect": -1,
                                  "send": 0.5, "wait": 10, "receive": 1},
        "pageref": "page_1", "_resourceType": rtype,
    }
    if post is not None:
        e["request"]["postData"] = {"mimeType": "application/json", "text": post}
    return e


def main():
    page = "https://www.hostile-shop.test/search?q=" + EVIL
    entries = [
        entry(0, page, rtype="document", mime="text/html",
              headers=[("user-agent", "Mozilla/5.0 " + EVIL), ("x-evil", CTRL)]),
        entry(1, "https://connect.facebook.net/en_US/fbevents.js", ms=120),
        entry(2, "https://www.facebook.com/tr/?id=123456789012345&ev=PageView&dl="
              + "https%3A%2F%2Fwww.hostile-shop.test%2F%3Cscript%3Ealert(3)%3C%2Fscript%3E"
              + "&dt=%22%3E%3Csvg%20onload%3Dalert(4)%3E&cd[buttonText]=" + "%3C%2Ftd%3E%3C%2Ftable%3E"
              + "&rl=" + "javascript:alert(5)", rtype="image", mime="image/gif", ms=300),
        entry(3, "https://region1.google-analytics.com/g/collect?v=2&tid=G-EVIL0001&cid=1.2&en="
              + "page_view&dl=https%3A%2F%2Fwww.hostile-shop.test%2F&dt=" + "%00%01%1B%7F%C2%85"
              + "&ep.note=]]%3E%3C!--", method="POST", rtype="ping", mime="text/plain", ms=450),
        entry(4, "https://evil-tracker.invalid/p.gif?x=" + EVIL.replace(" ", "%20"),
              rtype="image", mime="image/gif", ms=600),
        entry(5, "https://api-iam.intercom.io/messenger/web/messages", method="POST", rtype="fetch",
              mime="application/json", post=json.dumps({"body": "<b>" + EVIL + "</b> " + CTRL}),
              ms=900),
    ]
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [{"startedDateTime": T0, "id": "page_1", "title": EVIL + CTRL,
                              "pageTimings": {"onContentLoad": 200, "onLoad": 400}}],
                   "entries": entries}}
    with open(os.path.join(HERE, "hostile.har"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(har, f, indent=1, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
