#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ from the team's own files.

    tests/fuzz/make_seeds.py            # from the repository root or anywhere

Sources: testdata/ (small captures, XML exports, claims files, lists), the IAB
fixtures and the literal values of tests/unit/consent, the signatures, and a few
filter-list lines written here. Seeds are small (the targets' -max_len). Files
written by hand (names starting with "hand_") and every crasher are kept; the
rest of each corpus folder is rewritten. Review the diff before committing.
"""

import ast
import base64
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "tests" / "fuzz"
CORPUS = FUZZ / "corpus"
MAX_SEED = 64 * 1024


def reset(target):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    for f in d.iterdir():
        if f.is_file() and not f.name.startswith("hand_"):
            f.unlink()
    return d


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80]
    (CORPUS / target / name).write_bytes(data)


def copy_small(target, paths, limit=MAX_SEED):
    for p in paths:
        if p.is_file() and p.stat().st_size <= limit:
            put(target, f"{p.parent.name}_{p.name}", p.read_bytes())


def shrink_capture(path, keep_body=120):
    """A scenario capture with long bodies and the initiator stacks cut, compact."""
    har = json.loads(path.read_text(encoding="utf-8"))
    for e in har["log"]["entries"]:
        content = e.get("response", {}).get("content", {})
        if len(content.get("text", "")) > keep_body:
            content["text"] = content["text"][:keep_body]
        post = e.get("request", {}).get("postData")
        if post and len(post.get("text", "")) > 4 * keep_body:
            post["text"] = post["text"][: 4 * keep_body]
        init = e.get("_initiator")
        if isinstance(init, dict) and "stack" in init:
            frames = init["stack"].get("callFrames", [])[:1]
            init["stack"] = {"callFrames": frames}
        rq = e.get("request", {})
        rq["headers"] = [h for h in rq.get("headers", [])
                         if h.get("name", "").lower() in ("cookie", "referer", "sec-gpc")]
        resp = e.get("response", {})
        resp["headers"] = [h for h in resp.get("headers", [])
                           if h.get("name", "").lower() in ("set-cookie", "date", "content-type")]
    return json.dumps(har, separators=(",", ":")).encode()


# ---- har_reader, analysis, xml_import -----------------------------------------


def captures():
    reset("har_reader")
    copy_small("har_reader", sorted(p for p in (ROOT / "testdata/har").iterdir()
                                      if p.suffix not in (".py", ".sh")), 16 * 1024)
    copy_small("har_reader", [ROOT / "testdata/hostile/hostile.har",
                              ROOT / "testdata/sample/exhibit.har.gz"])
    copy_small("har_reader", sorted((ROOT / "testdata/verify").glob("*.har")), 16 * 1024)
    # The hostile files of the bad-input matrix (not the decompression bombs:
    # each run would inflate 64 MiB).
    copy_small("har_reader", sorted((ROOT / "testdata/bad").glob("*.har")), 16 * 1024)

    # redact: the same small captures (the scenario captures have the cookies,
    # tokens and personal data its rules mask).
    reset("redact")
    copy_small("redact", sorted(p for p in (ROOT / "testdata/har").iterdir()
                                  if p.suffix not in (".py", ".sh")), 16 * 1024)
    copy_small("redact", [ROOT / "testdata/hostile/hostile.har"])
    copy_small("redact", sorted((ROOT / "testdata/bad").glob("*.har")), 16 * 1024)
    for p in sorted((ROOT / "testdata/scenarios").glob("*.har")):
        data = shrink_capture(p)
        if len(data) <= MAX_SEED:
            put("redact", f"scenario_{p.stem}.har", data)

    reset("analysis")
    copy_small("analysis", sorted((ROOT / "testdata/verify").glob("*.har")), MAX_SEED)
    copy_small("analysis", [ROOT / "testdata/har/all_fields.har",
                            ROOT / "testdata/har/firefox.har",
                            ROOT / "testdata/sample/exhibit.har.gz"])
    for p in sorted((ROOT / "testdata/scenarios").glob("*.har")):
        data = shrink_capture(p)
        if len(data) <= MAX_SEED:
            put("analysis", f"scenario_{p.stem}.har", data)

    reset("xml_import")
    copy_small("xml_import", sorted((ROOT / "testdata/xml").glob("*.xml")))
    copy_small("xml_import", [ROOT / "testdata/bad/xml_bomb.xml"])


# ---- sig_loader ----------------------------------------------------------------


def signatures():
    reset("sig_loader")
    copy_small("sig_loader", sorted((ROOT / "signatures/vendors").glob("*.json")), 16 * 1024)


# ---- filter_list ---------------------------------------------------------------

EASYPRIVACY_STYLE = """[Adblock Plus 2.0]
! Title: harfact fuzz seed (EasyPrivacy syntax, written for the fuzzer)
! Expires: 1 days
!#if ext_ublock
||collect.example^$script,third-party
!#endif
||analytics.example.com^$third-party
||pixel.example^$image,ping,domain=shop.example|~blog.shop.example
/beacon.gif?$image
&event=pageview&
|https://t.example/p?*&uid=
.gif?ref=|
@@||cdn.example.com/lib.js$script,domain=example.org
@@||example.org^$document
/^https?:\\/\\/[a-z]+\\.track\\.example\\/[0-9]{3,}/$xhr
/[a-z]+(/$script
||ws.example^$websocket,important
||badfilter.example^$badfilter
||badfilter.example^
*/collect?v=2&tid=G-$ping,xmlhttprequest,match-case
||1p.example^$1p,~third-party,~script
||frames.example^$subdocument,frame,~doc
||redirected.example/ga.js$script,redirect=google-analytics_ga.js
||csp.example^$csp=script-src 'none'
example.com##.ad-banner
example.com#@#.ad-banner
##+js(set-constant, ga, noopFunc)
example.*##.sponsored
||ent.example^$domain=example.*|/re/
ads.example.net
||\u00e9xample.test^
$popup,third-party
"""


def filter_lists():
    reset("filter_list")
    copy_small("filter_list", sorted((ROOT / "testdata/lists").glob("*.txt")))
    put("filter_list", "easyprivacy_style.txt", EASYPRIVACY_STYLE)
    for i, line in enumerate(l for l in EASYPRIVACY_STYLE.splitlines() if l and l[0] != "!"):
        put("filter_list", f"rule_{i:02d}.txt",
            line + "\nhttps://www.analytics.example.com/collect?event=pageview&uid=1\n")


# ---- consent -------------------------------------------------------------------


def consent_kinds():
    text = (ROOT / "lib/src/consent/registry.cpp").read_text()
    return re.findall(r'\{"([a-z0-9_]+)",', text)


LITERAL = r'"(?:[^"\\\n]|\\.)*"'
RAW = r'R"\((?:.|\n)*?\)"'


def cpp_string(expr):
    out = ""
    for m in re.finditer(RAW + "|" + LITERAL, expr):
        tok = m.group(0)
        if tok.startswith('R"('):
            out += tok[3:-2]
        else:
            try:
                out += ast.literal_eval(tok)
            except (ValueError, SyntaxError):
                return None
    return out


def consent():
    reset("consent")
    kinds = consent_kinds()
    index = {k: i for i, k in enumerate(kinds)}
    seen = set()

    def seed(kind, value, origin):
        if kind not in index or value is None:
            return
        data = bytes([index[kind]]) + value.encode("utf-8", "surrogatepass")
        if data in seen or len(data) > 16 * 1024:
            return
        seen.add(data)
        put("consent", f"{kind}_{origin}_{hashlib.sha1(data).hexdigest()[:8]}", data)

    for fixture, key, kind in (("tcf_fixtures.json", "tc_string", "tcf"),
                               ("gpp_fixtures.json", "gpp_string", "gpp")):
        doc = json.loads((ROOT / "tests/unit/consent/fixtures/iab" / fixture).read_text())
        for case in doc["cases"]:
            seed(kind, case[key], "iab")
    call = re.compile(r"decode_([a-z0-9_]+)\(\s*((?:(?:" + RAW + "|" + LITERAL + r")\s*)+)\)")
    for src in sorted((ROOT / "tests/unit/consent").glob("*.cpp")):
        for m in call.finditer(src.read_text()):
            seed(m.group(1), cpp_string(m.group(2)), "unit")
    # Consent values as the scenario captures carry them (cookies and parameters).
    cookie_kinds = {"OptanonConsent": "onetrust", "OptanonAlertBoxClosed": "onetrust_closed",
                    "CookieConsent": "cookiebot", "euconsent-v2": "tcf", "__gpp": "gpp",
                    "usprivacy": "usp", "didomi_token": "didomi", "_clck": "clarity_clck",
                    "osano_consentmanager": "osano", "_ketch_consent_v1_": "ketch"}
    params = {"gcs": "gcs", "gcd": "gcd", "gdpr_consent": "tcf", "us_privacy": "usp",
              "gpp": "gpp"}
    for p in sorted((ROOT / "testdata/scenarios").glob("*.har")):
        for e in json.loads(p.read_text(encoding="utf-8"))["log"]["entries"]:
            for c in e["request"].get("cookies", []):
                seed(cookie_kinds.get(c.get("name")), c.get("value"), "capture")
            for q in e["request"].get("queryString", []):
                seed(params.get(q.get("name")), q.get("value"), "capture")
    # Every kind gets at least an empty and a one-character value.
    for k in kinds:
        seed(k, "", "empty")
        seed(k, "1", "one")


# ---- payload -------------------------------------------------------------------


def payload_seed(decoders, method, url, mime="", body="", encoding="", frames=(), params=()):
    parts = [",".join(decoders), method, url, mime, body, encoding,
             "\x1e".join(frames), "\x1e".join(params)]
    while parts and parts[-1] == "":
        parts.pop()
    return "\x00".join(parts).encode("utf-8")


def payload():
    reset("payload")
    sigs = []
    for f in sorted((ROOT / "signatures/vendors").glob("*.json")):
        for s in json.loads(f.read_text())["signatures"]:
            if s.get("decoders"):
                sigs.append(s)
    seen = set()

    def put_once(name, data):
        if data not in seen and len(data) <= 16 * 1024:
            seen.add(data)
            put("payload", f"{name}_{hashlib.sha1(data).hexdigest()[:8]}", data)

    for s in sigs:
        for sample in s.get("samples", {}).get("match", [])[:2]:
            if isinstance(sample, str):  # a bare URL, or {"url": ..., "method": ...}
                sample = {"url": sample}
            put_once(s["id"], payload_seed(s["decoders"], sample.get("method", "GET"),
                                           sample["url"]))

    def host_of(url):
        try:
            return (urlsplit(url).hostname or "").lower()
        except ValueError:
            return ""

    def decoders_for(url):
        host = host_of(url)
        for s in sigs:
            for h in s["match"].get("hosts", []):
                h = h.lstrip("=").lower()
                if host == h or host.endswith("." + h):
                    return s
        return None

    for p in sorted((ROOT / "testdata/scenarios").glob("*.har")) + [
            ROOT / "testdata/sample/exhibit.har"]:
        for e in json.loads(p.read_text(encoding="utf-8"))["log"]["entries"]:
            rq = e["request"]
            post = rq.get("postData") or {}
            frames = ["sr"[m.get("type") == "receive"] + str(m.get("data", ""))
                      for m in e.get("_webSocketMessages", [])[:8]]
            if not post and not frames:
                continue
            s = decoders_for(rq["url"])
            if s is None:
                continue
            params = [f'{x.get("name", "")}={x.get("value", "")}' for x in post.get("params", [])]
            put_once(s["id"] + "_capture",
                     payload_seed(s["decoders"], rq.get("method", "GET"), rq["url"],
                                  post.get("mimeType", ""), post.get("text", ""),
                                  post.get("encoding", ""), frames, params))
    # The generic decoders, each alone, on the shapes they read.
    generic = [
        (["query"], "GET", "https://t.example/c?a=1&b=%20x&c&=d&e=%ZZ"),
        (["form"], "POST", "https://t.example/f", "application/x-www-form-urlencoded",
         "email=a%40b.example&phone=%2B1%20555%200100&first_name=Ann"),
        (["json"], "POST", "https://t.example/j", "application/json",
         '{"a":{"b":[1,2,{"c":"x@y.example"}]},"d":null,"e":true,"f":1.5e3}'),
        (["text_lines"], "POST", "https://t.example/g/collect", "text/plain",
         "en=page_view&dl=https%3A%2F%2Fs.example%2F\nen=scroll&epn.percent=90"),
        (["base64", "json"], "POST", "https://t.example/b", "text/plain",
         "eyJlbWFpbCI6ImFAYi5leGFtcGxlIn0="),
        (["base64", "gzip", "json"], "POST", "https://t.example/z", "application/octet-stream",
         base64.b64encode(gzip.compress(b'{"email":"a@b.example"}', mtime=0)).decode()),
        (["json"], "POST", "https://t.example/e", "application/json", "eyJhIjoxfQ==", "base64"),
    ]
    for g in generic:
        put_once("generic_" + "_".join(g[0]), payload_seed(*g))
    put_once("generic_websocket",
             payload_seed(["websocket", "json"], "GET", "wss://chat.example/ws", frames=[
                 's{"type":"message","text":"hello, my email is a@b.example"}', "r{}",
                 "b\x01\x02"]))
    put_once("generic_params", payload_seed(["form"], "POST", "https://t.example/p",
                                            "multipart/form-data",
                                            params=["email=a@b.example", "name=Ann", "noval"]))


# ---- allegations ---------------------------------------------------------------


def allegations():
    reset("allegations")
    copy_small("allegations", sorted((ROOT / "testdata/allegations").glob("*.json")))


# ---- dictionaries ----------------------------------------------------------------

JSON_TOKENS = ["{", "}", "[", "]", ":", ",", '"', '\\"', "\\\\", "\\u0000", "\\ud800",
               "\\udc00", "\\ud83d\\ude00", "\\u00e9", "\\n", "\\/", "true", "false",
               "null", "-1", "0", "1e309", "-0.0", "1.5e-7", "9223372036854775808",
               "18446744073709551616", '""', "{}", "[]", b"\xef\xbb\xbf", b"\xff\xfe",
               b"\xfe\xff", b"\x1f\x8b\x08", b"\x28\xb5\x2f\xfd", b"\x78\x9c", b"\xed\xa0\x80",
               b"\xc0\x80", b"\xf4\x90\x80\x80"]

HAR_MEMBERS = """log version creator browser name comment pages id title startedDateTime
pageTimings onContentLoad onLoad entries pageref time request response cache timings
serverIPAddress connection method url httpVersion cookies headers queryString postData
headersSize bodySize value path domain expires httpOnly secure sameSite mimeType text params
fileName contentType encoding status statusText redirectURL content size compression
beforeRequest afterRequest lastAccess eTag hitCount blocked dns connect send wait receive ssl
_initiator type stack callFrames functionName scriptId lineNumber columnNumber parent
description parentId requestId _resourceType _priority _fromCache _fromServiceWorker
_webSocketMessages opcode data _securityDetails protocol keyExchange keyExchangeGroup cipher mac
subjectName sanList issuer validFrom validTo certificateId _transferSize _error
_fetchedViaServiceWorker _request_type _initiator_type""".split()

HAR_VALUES = ["1.2", "1.1", "2026-03-14T19:22:05.123Z", "2026-03-14T19:22:05+05:30",
              "2026-03-14T19:22:05.123456789Z", "2026-03-14 19:22:05", "9999-12-31T23:59:59Z",
              "https://www.example.test/", "http://[::1]:80/", "GET", "POST", "HTTP/2",
              "base64", "application/json", "text/html", "script", "xhr", "fetch", "document",
              "Cookie", "Set-Cookie", "Referer", "Sec-GPC", "User-Agent", "HeadlessChrome",
              "OptanonConsent", "OptanonAlertBoxClosed", "CookieConsent", "euconsent-v2",
              "usprivacy", "__gpp", "gcs", "gcd", "G100", "G111", "dpo=LDU", "npa=1",
              "Chrome", "Firefox", "WebInspector", "disk", "memory", "send", "receive",
              "callback(", ");"]


def dict_line(name, value):
    out = ""
    for ch in value.encode("utf-8") if isinstance(value, str) else value:
        c = chr(ch)
        if c in '"\\':
            out += "\\" + c
        elif 0x20 <= ch < 0x7F:
            out += c
        else:
            out += f"\\x{ch:02X}"
    return f'{name}="{out}"'


def write_dict(target, tokens):
    lines = [f"# {target}: libFuzzer dictionary, written by tests/fuzz/make_seeds.py"]
    seen = set()
    for t in tokens:
        line = dict_line(f"t{len(lines) - 1}", t)
        if t and line.split("=", 1)[1] not in seen:
            seen.add(line.split("=", 1)[1])
            lines.append(line)
    (FUZZ / "dict").mkdir(exist_ok=True)
    (FUZZ / "dict" / f"{target}.dict").write_text("\n".join(lines) + "\n")


def dicts():
    har = [f'"{m}":' for m in HAR_MEMBERS] + [f'"{v}"' for v in HAR_VALUES]
    write_dict("har_reader", JSON_TOKENS + har)
    secrets = ['"cookie"', '"set-cookie"', '"authorization"', '"Bearer "', '"access_token"',
               '"@example.com"', '"eyJhbGciOiJIUzI1NiJ9."', '"_fbp"', '"_ga"', '"em"', '"ud[em]"',
               '"OptanonConsent"', '"password"', '"session"', '"comment"', '"_vendor"']
    write_dict("redact", JSON_TOKENS + har + secrets)
    sig_hosts, params, decoder_names, vendor_ids, sig_keys = set(), set(), set(), set(), set()
    for f in sorted((ROOT / "signatures/vendors").glob("*.json")):
        doc = json.loads(f.read_text())
        vendor_ids.add(doc["vendor_id"])
        sig_keys.update(doc.keys())
        for s in doc["signatures"]:
            sig_keys.update(s.keys())
            sig_keys.update(s["match"].keys())
            sig_hosts.update(h.lstrip("=") for h in s["match"].get("hosts", []))
            params.update(s["match"].get("query_has", []))
            params.update(s["match"].get("query_values", {}).keys())
            decoder_names.update(s.get("decoders", []))
    write_dict("analysis", JSON_TOKENS + har + sorted(sig_hosts) + sorted(params))
    sig_values = ["advertising_pixel", "session_replay", "chat", "analytics", "tag_manager",
                  "consent_platform", "ab_testing", "identity", "video_embed", "cipa_631",
                  "cipa_632", "cipa_632_7", "cipa_638_51", "vppa", "library", "config", "beacon",
                  "session_stream", "consent_record", "identity_sync", "embed", "other",
                  "samples", "match", "no_match", "references", "source", "note", "**", "*",
                  "/tr/*", "(?i)", "(a+)+$", "[", "\\p{L}", "=", "retired.old"]
    write_dict("sig_loader", JSON_TOKENS +
               [f'"{k}"' for k in sorted(sig_keys | {"format_version"})] +
               [f'"{v}"' for v in sig_values + sorted(decoder_names) + sorted(vendor_ids)])
    filter_tokens = ["||", "|", "^", "*", "@@", "$", ",", "~", "=", "!", "!#if", "!#endif",
                     "!#include", "[Adblock Plus 2.0]", "! Title: ", "##", "#@#", "#?#", "#$#",
                     "#%#", "##+js(", "##^", "/", "\n", "\r\n",
                     "third-party", "3p", "first-party", "1p", "domain=", "from=", "script",
                     "image", "stylesheet", "css", "xmlhttprequest", "xhr", "subdocument",
                     "frame", "font", "media", "object", "object-subrequest", "ping", "beacon",
                     "websocket", "other", "document", "doc", "all", "match-case", "important",
                     "badfilter", "redirect=", "rewrite=", "removeparam", "csp=", "popup",
                     "generichide", "denyallow=", "example.*", "https://", "http://", "wss://",
                     "[2001:db8::1]", "xn--", "%2F"]
    write_dict("filter_list", filter_tokens)
    consent_tokens = ["~", ".", "-", "_", "|", ":", ";", "&", "=", ",", "%", "%25", "%3D",
                      "%7C", "%2C", "DBABLA", "DBACNY", "DBABMA", "CP", "CQ", "BO", "IAAA",
                      "YAAAAAAAAAAA", "AAAA", "////", "1YNN", "1NYN", "1---", "G100", "G111",
                      "G101", "G110", "11t1t1t1t5", "13r3r3r3r5", "l1", "groups=", "C0001:1",
                      "C0002:0", "C0004:1", "isGpcEnabled=1", "browserGpcFlag=1",
                      "interactionCount=1", "consentId=", "datestamp=", "isIABGlobal=false",
                      "geolocation=US;CA", "landingPath=NotLandingPage", "AwaitingReconsent=false",
                      "{stamp:'", "necessary:true", "preferences:false", "statistics:true",
                      "marketing:false", "method:'explicit'", "ver:1", "utc:", "region:'us-06'",
                      "iab2:'", "gacm:'", "2024-01-05T10:00:00.000Z", '{"', '":', '"}', "true",
                      "false", "null", "[]", "{}", "notice_gdpr_prefs=", "cmapi_cookie_privacy=",
                      "permit 1,2,3", "consentUUID=", "ccpaApplies=true", "0,1:", "0,1,2:"]
    write_dict("consent", consent_tokens)
    payload_tokens = sorted(decoder_names) + sorted(params) + [
        "\x00", "\x1e", ",", "GET", "POST", "https://", "wss://", "?", "&", "=", "%40", "%20",
        "application/json", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=", "base64", "H4sI", "\x1f\x8b\x08", "ev=PageView",
        "en=page_view", "ud[em]", "cd[", "ep.", "epn.", "up.", "dl=", "dt=", "dr=", "cid=",
        "tid=G-", "id=", "em=", "ph=", "email", "phone", "first_name", "a@b.example",
        '{"', '":', '"}', "[{", "}]", "\n", "s", "r", "b"]
    write_dict("payload", payload_tokens)
    xml_tokens = ["<?xml version=\"1.0\"?>", "<!DOCTYPE items [", "]>", "<items burpVersion=\"",
                  "</items>", "<item>", "</item>", "<time>", "</time>", "<url>", "</url>",
                  "<host ip=\"", "</host>", "<port>", "<protocol>", "<method>", "<path>",
                  "<extension>", "<request base64=\"true\">", "<request base64=\"false\">",
                  "</request>", "<status>", "<responselength>", "<mimetype>",
                  "<response base64=\"true\">", "</response>", "<comment>", "<![CDATA[", "]]>",
                  "<charles-session>", "</charles-session>", "<transaction ", "</transaction>",
                  "protocolVersion=\"", "method=\"", "protocol=\"", "host=\"", "port=\"",
                  "path=\"", "query=\"", "startTime=\"", "endTime=\"", "status=\"",
                  "<request ", "<response ", "<headers>", "</headers>", "<header>",
                  "</header>", "<name>", "</name>", "<value>", "</value>", "<body ",
                  "encoding=\"base64\"", "</body>", "&amp;", "&lt;", "&#x0;", "&#1114112;",
                  "&#65;", "&bogus;", "GET / HTTP/1.1\r\n", "Host: ", "Cookie: ", "\r\n\r\n",
                  "HTTP/1.1 200 OK\r\n", "Set-Cookie: ", "Content-Length: ",
                  "Transfer-Encoding: chunked", "Sat Mar 14 13:22:05 CDT 2026",
                  "2026-03-14T13:22:05.000-05:00"]
    write_dict("xml_import", xml_tokens)
    claim_tokens = ["$schema", "format_version", "description", "claims", "id", "text",
                    "vendor_id", "kind", "field", "page", "time", "tracker_present",
                    "fired_before_consent", "fired_after_opt_out", "fired_despite_gpc",
                    "transmitted_field", "captured_form_input", "intercepted_chat", "em", "email",
                    "phone", "name", "page_url", "user_data_hashed", "ud[em]", "_ga",
                    "2026-03-14T19:31:33Z", "2026-03-14T19:31:33.123+01:00", "19:31:33Z",
                    "https://", "/path", "www.x.test/"]
    write_dict("allegations", JSON_TOKENS + [f'"{t}"' for t in claim_tokens] +
               [f'"{v}"' for v in sorted(vendor_ids)])


def main():
    dicts()
    captures()
    signatures()
    filter_lists()
    consent()
    payload()
    allegations()
    for d in sorted(CORPUS.iterdir()):
        files = list(d.iterdir())
        print(f"{d.name}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
