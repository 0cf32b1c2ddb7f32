#!/usr/bin/env python3
"""Checks that every file in testdata/ is what testdata/README.md says it is.

Valid files must parse as JSON (Python's json module, the same check as
`python3 -m json.tool`) with the documented number of entries; broken files
must fail exactly where and how the README says; derived files must decode
back to their source byte for byte. It checks the *files*, not harfact: the
expected reader results are in the README and in the reader's tests.

    python3 testdata/har/verify.py        (exit 0 when everything matches)
"""
import gzip
import json
import os
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, '..', 'sample')
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def read(name, base=HERE):
    with open(os.path.join(base, name), 'rb') as f:
        return f.read()


def line_col(data, offset):
    line = data.count(b'\n', 0, offset) + 1
    return line, offset - (data.rfind(b'\n', 0, offset) + 1) + 1


def load(data):
    return json.loads(data.decode('utf-8'))


def entries_of(doc):
    return doc['log']['entries']


def expect_valid(name, entries, base=HERE):
    try:
        doc = load(read(name, base))
    except ValueError as e:
        failures.append(f'{name}: should be valid JSON: {e}')
        return None
    check(len(entries_of(doc)) == entries, f'{name}: {len(entries_of(doc))} entries, want {entries}')
    return doc


def expect_json_error(name, needle, message, after=b''):
    """The file must fail to parse, with the error at the first `needle` after `after`."""
    data = read(name)
    try:
        json.loads(data.decode('utf-8'))
        failures.append(f'{name}: should not be valid JSON')
        return
    except json.JSONDecodeError as e:
        at = data.index(needle, data.index(after) if after else 0)
        check(e.pos == at, f'{name}: JSON error at byte {e.pos} ({e.msg}), want byte {at}')
        check(message in e.msg, f'{name}: JSON error "{e.msg}", want "{message}"')


def main():
    sys.setrecursionlimit(20000)  # deep_nesting.har is 2000 levels deep

    # --- the sample exhibit
    doc = expect_valid('exhibit.har', 26, SAMPLE)
    if doc:
        log = doc['log']
        check(log['creator'] == {'name': 'WebInspector', 'version': '537.36'}, 'exhibit: creator')
        check([p['id'] for p in log['pages']] == ['page_1'], 'exhibit: pages')
        starts = [e['startedDateTime'] for e in log['entries']]
        check(starts == sorted(starts), 'exhibit: entries not in time order')
        cookie_entries = [i for i, e in enumerate(log['entries'])
                          if any(h['name'].lower() == 'cookie' for h in e['request']['headers'])]
        check(cookie_entries == [5, 19, 21, 24], f'exhibit: Cookie headers on {cookie_entries}')
        check(len(log['entries'][0]['response']['cookies']) == 2, 'exhibit: Set-Cookie on entry 0')
        for i, e in enumerate(log['entries']):
            url = e['request']['url']
            query = url.split('?', 1)[1] if '?' in url else ''
            pairs = [p.partition('=') for p in query.split('&')] if query else []
            want = [{'name': n, 'value': v} for n, _, v in pairs]
            check(e['request']['queryString'] == want, f'exhibit: entry {i} queryString != URL')
            t = e['timings']
            total = sum(max(t[k], 0) for k in ('blocked', 'dns', 'connect', 'send', 'wait', 'receive'))
            check(abs(total - e['time']) < 0.01, f'exhibit: entry {i} time != sum of timings')
    check(gzip.decompress(read('exhibit.har.gz', SAMPLE)) == read('exhibit.har', SAMPLE),
          'exhibit.har.gz does not decompress to exhibit.har')

    # --- valid JSON, with the entry count each must have
    for name, n in [('minimal_valid.har', 1), ('entries_first.har', 2), ('multi_page.har', 6),
                    ('unicode_escapes.har', 2), ('timestamps.har', 9), ('custom_fields.har', 5),
                    ('all_fields.har', 3), ('firefox.har', 3), ('out_of_order.har', 4),
                    ('bad_types.har', 6), ('missing_fields.har', 5), ('duplicate_keys.har', 2),
                    ('empty_entries.har', 0), ('deep_nesting.har', 3), ('unknown_version.har', 1),
                    ('duplicate_page_id.har', 2), ('invalid_number.har', 2),
                    ('not_an_object.har', 6), ('invalid_url.har', 4)]:
        expect_valid(name, n)

    doc = expect_valid('entries_first.har', 2)
    if doc:
        check(list(doc['log']) == ['entries', 'pages', 'creator', 'version', 'browser'],
              'entries_first.har: member order')
    for name in ('not_har_array.json', 'not_har_object.json', 'bare_entry.json'):
        try:
            doc = load(read(name))
            check('log' not in doc if isinstance(doc, dict) else True, f'{name}: has log')
        except ValueError as e:
            failures.append(f'{name}: should be valid JSON: {e}')

    # duplicate_keys.har: two "url" members in entry 0's request (Python keeps the last).
    data = read('duplicate_keys.har')
    check(data.count(b'"url"') == 3, 'duplicate_keys.har: want 3 "url" members in total')
    req = load(data)['log']['entries'][0]['request']
    check(req['url'].endswith('/second'), 'duplicate_keys.har: second url member')

    # deep_nesting.har: exactly 2000 nested arrays in entry 1's _deep member.
    deep = load(read('deep_nesting.har'))['log']['entries'][1]['_deep']
    depth = 0
    while isinstance(deep, list):
        depth += 1
        deep = deep[0] if deep else None
    check(depth == 2000, f'deep_nesting.har: depth {depth}, want 2000')

    # bad_types.har: each entry carries its one defect.
    es = entries_of(load(read('bad_types.har')))
    check(es[0]['response']['status'] is None, 'bad_types: entry 0 status null')
    check(isinstance(es[1]['request']['headers'], dict), 'bad_types: entry 1 headers object')
    check(es[2]['time'] == '22', 'bad_types: entry 2 time string')
    check(isinstance(es[3]['request']['bodySize'], float), 'bad_types: entry 3 bodySize float')
    check(es[4]['timings']['wait'] == -5, 'bad_types: entry 4 wait -5')
    check(es[5]['timings']['receive'] == 1e12, 'bad_types: entry 5 receive 1e12')

    # missing_fields.har: one required member absent per entry 0..3.
    es = entries_of(load(read('missing_fields.har')))
    check('method' not in es[0]['request'], 'missing_fields: entry 0 method')
    check('response' not in es[1], 'missing_fields: entry 1 response')
    check('timings' not in es[2], 'missing_fields: entry 2 timings')
    check('startedDateTime' not in es[3], 'missing_fields: entry 3 startedDateTime')

    # invalid_number.har: numbers Python reads but int64/double cannot hold exactly.
    e0 = entries_of(load(read('invalid_number.har')))[0]
    check(e0['time'] == float('inf'), 'invalid_number: time 1e400 overflows a double')
    check(e0['request']['bodySize'] > 2**64, 'invalid_number: bodySize over uint64')

    # --- broken in exactly one place
    # invalid_json.har: the comma after entry 1's url is missing; the error is at the next member.
    expect_json_error('invalid_json.har', b'"httpVersion"', "Expecting ',' delimiter",
                      after=b'/broken"')
    expect_json_error('invalid_top.har', b'<<not json>>', 'Expecting property name')
    expect_json_error('invalid_escape.har', b'\\q', 'Invalid \\escape')
    expect_json_error('trailing_garbage.har', b'xyz', 'Extra data')
    data = read('trailing_garbage.har')
    check(data.endswith(b'}\nxyz\n'), 'trailing_garbage.har: ends with "}\\nxyz\\n"')
    check(load(data[:data.index(b'xyz')]) is not None, 'trailing_garbage.har: prefix valid')
    data = read('truncated.har')
    try:
        load(data)
        failures.append('truncated.har: should not be valid JSON')
    except json.JSONDecodeError as e:
        check('Unterminated string' in e.msg, f'truncated.har: {e.msg}')
    check(data.endswith(b'"url": "https://www.example-shop.test/assets/cut'),
          'truncated.har: cut inside the 3rd entry url')
    check(data.count(b'"startedDateTime"') == 3, 'truncated.har: 3 entries started')
    data = read('jsonp.har')
    check(data.startswith(b'onInputData(') and data.endswith(b');\n'), 'jsonp.har: wrapper')
    doc = load(data[len(b'onInputData('):-len(b');\n')])
    check(len(entries_of(doc)) == 2, 'jsonp.har: 2 entries inside the wrapper')

    # --- encodings and compression: all decode to minimal_valid.har
    src = read('minimal_valid.har')
    check(read('with_bom.har') == b'\xef\xbb\xbf' + src, 'with_bom.har != BOM + minimal_valid.har')
    check(read('utf16le_bom.har') == b'\xff\xfe' + src.decode().encode('utf-16-le'), 'utf16le_bom.har')
    check(read('utf16be_nobom.har') == src.decode().encode('utf-16-be'), 'utf16be_nobom.har')
    check(gzip.decompress(read('minimal_valid.har.gz')) == src, 'minimal_valid.har.gz')
    check(zlib.decompress(read('minimal_valid.zhar')) == src, 'minimal_valid.zhar')
    check(read('minimal_valid.har.zst')[:4] == b'\x28\xb5\x2f\xfd', 'minimal_valid.har.zst magic')
    try:
        import zstandard  # optional
        check(zstandard.ZstdDecompressor().decompress(read('minimal_valid.har.zst')) == src,
              'minimal_valid.har.zst')
    except ImportError:
        pass
    corrupt = read('corrupt.har.gz')
    check(corrupt[:2] == b'\x1f\x8b', 'corrupt.har.gz: gzip magic kept')
    try:
        gzip.decompress(corrupt)
        failures.append('corrupt.har.gz: should not decompress')
    except (OSError, EOFError, zlib.error):
        pass

    for f in failures:
        print('FAIL', f)
    print('verify.py:', 'ok' if not failures else f'{len(failures)} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
