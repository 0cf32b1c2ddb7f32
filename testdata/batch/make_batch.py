#!/usr/bin/env python3
"""Writes the captures of testdata/batch/ (harfact batch tests): a small archive
tree with good, broken and truncated captures and files the walk must skip.
Deterministic; run from anywhere:  python3 testdata/batch/make_batch.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def entry(started, url, mime="text/html", method="GET", status=200):
    query = []
    if "?" in url:
        for part in url.split("?", 1)[1].split("&"):
            name, _, value = part.partition("=")
            query.append({"name": name, "value": value})
    return {
        "startedDateTime": started,
        "time": 40,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
                    "headers": [{"name": "Referer", "value": "https://www.example-shop.test/"}],
                    "queryString": query, "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "cookies": [], "headers": [],
                     "content": {"size": 0, "mimeType": mime},
                     "redirectURL": "", "headersSize": -1, "bodySize": -1},
        "cache": {},
        "timings": {"send": 0, "wait": 40, "receive": 0},
    }


def har(entries, creator=("harfact-testdata", "1.0")):
    return {"log": {"version": "1.2",
                    "creator": {"name": creator[0], "version": creator[1]},
                    "entries": entries}}


def write(rel, text):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    home = har([
        entry("2026-03-14T18:22:05.112Z", "https://www.example-shop.test/"),
        entry("2026-03-14T18:22:05.410Z",
              "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST123&en=page_view",
              mime="text/plain", method="POST", status=204),
    ])
    checkout = har([
        entry("2026-03-14T18:23:10.001Z", "https://www.example-shop.test/checkout"),
        entry("2026-03-14T18:23:10.250Z",
              "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl=https%3A%2F%2Fwww.example-shop.test%2Fcheckout",
              mime="image/gif"),
    ])
    landing = har([entry("2026-03-14T18:24:00.000Z", "https://www.example-news.test/")],
                  creator=("Firefox", "124.0"))
    write("archive/site_a/home.har", json.dumps(home, indent=2) + "\n")
    write("archive/site_a/nested/checkout.har", json.dumps(checkout, indent=2) + "\n")
    write("archive/site_b/landing.har", json.dumps(landing, indent=2) + "\n")
    write("archive/site_b/broken.har", "this is not a capture\n")
    full = json.dumps(home, indent=2)
    write("archive/site_b/truncated.har", full[: full.index('"https://www.google-analytics')] )
    write("archive/site_b/notes.txt", "not a capture name: the walk skips it\n")
    write("archive/.hidden/skipped.har", json.dumps(landing, indent=2) + "\n")
    write("manifest.txt", "# harfact batch --manifest testdata/batch/manifest.txt (from the source tree)\n"
          "testdata/batch/archive/site_b/landing.har\n\n"
          "testdata/batch/archive/site_a/home.har\n")


if __name__ == "__main__":
    main()
