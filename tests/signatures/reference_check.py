#!/usr/bin/env python3
"""A small, independent reference implementation of the signature match rules in
signatures/README.md, used to check a database while writing it and, in the tests,
as an oracle for the C++ matcher.

usage: reference_check.py [SIGNATURES_DIR]     (default: the repository's signatures/)

Checks: MANIFEST lists every vendor file and nothing else; each file parses and has the
required fields; ids are unique, of the form <vendor_id>.<name>, not retired; every
`match` sample matches its own signature and no signature of another vendor; every
`no_match` sample does not match its own signature. Exit 1 on any problem.
Registrable domains are approximated by the last two labels (good enough for samples).
"""
import json, os, re, sys
from urllib.parse import urlsplit, parse_qsl

ROLES = {"library", "config", "beacon", "session_stream", "chat", "consent_record",
         "identity_sync", "embed", "other"}
CATEGORIES = {"advertising_pixel", "session_replay", "chat", "analytics", "tag_manager",
              "consent_platform", "ab_testing", "identity", "video_embed"}
THEORIES = {"cipa_631", "cipa_632", "cipa_632_7", "cipa_638_51", "vppa"}


def path_matches(pattern, path):
    if pattern.endswith('*') and '*' not in pattern[:-1]:
        return path.startswith(pattern[:-1])
    prefix = pattern.endswith('*')
    body = pattern[:-1] if prefix else pattern
    rx = ''.join('[^/]*' if c == '*' else re.escape(c) for c in body)
    return re.fullmatch(rx + ('.*' if prefix else ''), path, re.S) is not None


def value_matches(pattern, value):
    return value.startswith(pattern[:-1]) if pattern.endswith('*') else value == pattern


def matches(sig, url, method):
    m = sig['match']
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in m.get('schemes', ['http', 'https', 'ws', 'wss']):
        return False
    host = (parts.hostname or '').rstrip('.').lower()
    if 'hosts' in m:
        ok = False
        for h in m['hosts']:
            if h.startswith('='):
                ok = ok or host == h[1:]
            else:
                ok = ok or host == h or host.endswith('.' + h)
        if not ok:
            return False
    elif not m.get('any_host'):
        return False
    path = parts.path or '/'
    if 'paths' in m and not any(path_matches(p, path) for p in m['paths']):
        return False
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if any(name not in query for name in m.get('query_has', [])):
        return False
    for name, pattern in m.get('query_values', {}).items():
        if name not in query or not value_matches(pattern, query[name]):
            return False
    if 'methods' in m and method not in m['methods']:
        return False
    if 'url_regex' in m and re.search(m['url_regex'], url) is None:
        return False
    return True


def sample(s):
    return (s, 'GET') if isinstance(s, str) else (s['url'], s.get('method', 'GET'))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'signatures')
    problems = []
    manifest = json.load(open(os.path.join(root, 'MANIFEST.json')))
    listed = manifest['files']
    on_disk = sorted('vendors/' + f for f in os.listdir(os.path.join(root, 'vendors'))
                     if f.endswith('.json'))
    for f in sorted(set(on_disk) - set(listed)):
        problems.append(f'{f}: not listed in MANIFEST.json')
    sigs = []
    ids = {}
    for f in listed:
        try:
            v = json.load(open(os.path.join(root, f)))
        except Exception as e:
            problems.append(f'{f}: {e}')
            continue
        vid = v.get('vendor_id', '?')
        if os.path.basename(f) != vid + '.json':
            problems.append(f'{f}: file name must be vendor_id.json')
        for key in ('name', 'company', 'category', 'theories', 'description', 'references',
                    'signatures'):
            if key not in v:
                problems.append(f'{f}: missing {key}')
        if v.get('category') not in CATEGORIES:
            problems.append(f'{f}: bad category {v.get("category")}')
        for t in v.get('theories', []):
            if t not in THEORIES:
                problems.append(f'{f}: bad theory {t}')
        for s in v.get('signatures', []):
            sid = s.get('id', '')
            if not sid.startswith(vid + '.'):
                problems.append(f'{f}: id {sid} must start with {vid}.')
            if sid in ids:
                problems.append(f'{f}: duplicate id {sid} (also in {ids[sid]})')
            if sid in manifest.get('retired_ids', []):
                problems.append(f'{f}: id {sid} is retired')
            ids[sid] = f
            if s.get('role') not in ROLES:
                problems.append(f'{sid}: bad role {s.get("role")}')
            m = s.get('match', {})
            if ('hosts' in m) == bool(m.get('any_host')):
                problems.append(f'{sid}: exactly one of hosts and any_host')
            sigs.append((vid, s))
    for vid, s in sigs:
        for smp in s['samples']['match']:
            url, method = sample(smp)
            if not matches(s, url, method):
                problems.append(f'{s["id"]}: sample does not match: {method} {url}')
            for ovid, o in sigs:
                if ovid != vid and matches(o, url, method):
                    problems.append(f'{s["id"]}: sample also matches {o["id"]}: {url}')
        for smp in s['samples']['no_match']:
            url, method = sample(smp)
            if matches(s, url, method):
                problems.append(f'{s["id"]}: no_match sample matches: {method} {url}')
    for p in problems:
        print(p)
    print(f'{len(listed)} files, {len(sigs)} signatures, {len(problems)} problems',
          file=sys.stderr)
    return 1 if problems else 0


sys.exit(main())
