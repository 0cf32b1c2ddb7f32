#!/usr/bin/env python3
"""Writes the bad-input files of testdata/bad/ (README.md there): one hostile
concern per file, each small. Deterministic: run it twice and nothing changes.

The matrix test (tests/badinput/) runs every command that reads a capture on
these files and asserts the exact error, the exit code, and that nothing was
written to the output path.
"""
import gzip
import json
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = "2026-05-04T10:00:00.000Z"


def entry(url, started=T0, **extra):
    e = {
        "startedDateTime": started,
        "time": 10.0,
        "request": {"method": "GET", "url": url, "httpVersion": "http/2.0", "headers": [],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [],
                     "cookies": [], "content": {"size": 0, "mimeType": "text/html"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {},
        "timings": {"send": 0, "wait": 9, "receive": 1},
    }
    for k, v in extra.items():
        e[k] = v
    return e


def log(entries, **extra):
    lg = {"version": "1.2", "creator": {"name": "harfact-bad-inputs", "version": "1"}}
    lg.update(extra)
    lg["entries"] = entries
    return {"log": lg}


def text(doc):
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def url(i):
    return "https://www.bad-input.test/page/%d" % i


def main():
    ok = [entry(url(0)), entry(url(1), started="2026-05-04T10:00:01.000Z")]

    # Nesting: inside an entry, in a member of log, and at the top level.
    deep = "[" * 5000 + "]" * 5000
    deep_one = entry(url(2), started="2026-05-04T10:00:02.000Z", _deep="DEEP")
    write("deep_entry.har", text(log(ok + [deep_one])).replace('"DEEP"', deep))
    write("deep_log.har", text(log(ok, _vendor="DEEP")).replace('"DEEP"', deep))
    write("deep_top.har", '{"_before": %s,\n%s' % (deep, text(log(ok))[1:]))

    # Sizes: a 128 KiB response body (read with --max-entry-bytes 65536), and
    # 40 entries (read with --max-entries 25).
    big = entry(url(2), started="2026-05-04T10:00:02.000Z")
    big["response"]["content"] = {"size": 131072, "mimeType": "text/plain", "text": "x" * 131072}
    write("big_body.har", text(log(ok + [big])))
    write("many_entries.har", text(log([entry(url(i), started="2026-05-04T10:00:%02d.000Z" % i)
                                        for i in range(40)])))

    # Decompression bombs: a valid start, then 80 MiB of JSON whitespace
    # (deflate's best is about 1030:1, zstd's far more).
    body = b'{"log": {"version": "1.2", "entries": [' + b" " * (80 << 20) + b"]}}\n"
    write("bomb.har.gz", gzip.compress(body, 9, mtime=0))
    write("bomb.zhar", zlib.compress(body, 9))
    # zstd: written by regen (python has no zstd module); see README.md.

    # Invalid UTF-8 and NUL bytes: raw (invalid JSON) and escaped (valid JSON).
    t = text(log(ok + [entry("https://www.bad-input.test/utf8/RAWBYTES")]))
    write("bad_utf8.har", t.encode().replace(b"RAWBYTES", b"\xff\xfe\xc0\xaf"))
    write("raw_nul.har", t.encode().replace(b"RAWBYTES", b"a\x00b"))
    nul = entry("https://www.bad-input.test/nul?q=a%00b\u0000c",
                started="2026-05-04T10:00:02.000Z")
    nul["request"]["headers"] = [{"name": "x-nul\u0000name", "value": "v\u0000alue"},
                                 {"name": "cookie", "value": "sid=ab\u0000cd"}]
    nul["request"]["cookies"] = [{"name": "sid", "value": "ab\u0000cd"}]
    nul["response"]["content"] = {"size": 3, "mimeType": "text/html\u0000", "text": "a\u0000b"}
    write("escaped_nul.har", json.dumps(log(ok + [nul]), indent=1, ensure_ascii=True) + "\n")

    # Absurd dates and numbers.
    dates = ["99999-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
             "2026-05-04T25:61:61Z", "2026-05-04T10:00:00+99:00", "0000-01-01T00:00:00Z",
             "", "1e308", "2026-05-04T10:00:00." + "9" * 400 + "Z"]
    write("absurd_dates.har", text(log(ok + [entry(url(10 + i), started=d)
                                             for i, d in enumerate(dates)])))
    nums = text(log(ok + [entry(url(30)), entry(url(31)), entry(url(32)), entry(url(33))]))
    nums = nums.replace('"time": 10.0', '"time": 1e308', 3)
    nums = nums.replace('"status": 200', '"status": 1e400', 3)
    nums = nums.replace('"bodySize": 0', '"bodySize": -99999999999999999999999', 3)
    nums = nums.replace('"wait": 9', '"wait": 123456789012345678901234567890', 3)
    write("absurd_numbers.har", nums)

    # Hostile XML: an entity expansion bomb in a Burp export (pugixml does not
    # expand DTD entities), and a truncated Charles session.
    laughs = "".join('<!ENTITY l%d "%s">' % (i, ("&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    write("xml_bomb.xml", '<?xml version="1.0"?>\n<!DOCTYPE items [<!ENTITY l0 "lol">%s]>\n'
          '<items burpVersion="2023.1"><item><time>&l9;</time><url>https://www.bad-input.test/'
          '</url><host ip="192.0.2.1">www.bad-input.test</host><port>443</port>'
          '<protocol>https</protocol><method>GET</method><path>/</path>'
          '<request base64="false">GET / HTTP/1.1</request><status>200</status>'
          '<response base64="false">HTTP/1.1 200 OK</response></item></items>\n' % laughs)

    # Regex inputs: URLs that make a backtracking engine take exponential time
    # on the regexes of sig_redos/ and redos_list.txt (RE2: linear).
    write("redos.har", text(log(ok + [
        entry("https://regex.bad-input.test/" + "a" * 60000 + "c",
              started="2026-05-04T10:00:02.000Z"),
        entry("https://regex.bad-input.test/aaab", started="2026-05-04T10:00:03.000Z")])))

    # Not a capture at all.
    write("empty.har", b"")
    write("binary.har", bytes(range(256)) * 4)


if __name__ == "__main__":
    main()
