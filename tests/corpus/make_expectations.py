#!/usr/bin/env python3
"""Regenerates tests/corpus/expectations.tsv from what harfact reads today.

usage: make_expectations.py HARFACT_BINARY [CORPUS_DIR]

Review the diff before committing: every change is a change in behaviour on a
real capture. Entry counts are cross-checked against the corpus PROVENANCE.tsv
(a mismatch is printed; it is either a reader bug or a note in the table).
"""
import csv, json, os, subprocess, sys

def main():
    tool = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        'HARFACT_CORPUS', os.path.join(here, '..', '..', '..', 'shared', 'corpus'))
    corpus = os.path.abspath(corpus)
    provenance = {}
    with open(os.path.join(corpus, 'PROVENANCE.tsv'), newline='') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            provenance[row['saved_path']] = row.get('entry_count') or ''
    rows = []
    for root, _, files in os.walk(corpus):
        for name in files:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, corpus).replace(os.sep, '/')
            if name in ('PROVENANCE.tsv', 'LICENSE') or rel.startswith('jsontestsuite/'):
                continue
            out = subprocess.run([tool, 'inspect', '-f', 'json', full], capture_output=True)
            cap = json.loads(out.stdout)['captures'][0]
            err = cap['error']
            if cap['status'] == 'unreadable':
                rows.append((rel, err['code'], '0', 'unreadable', err['message']))
            else:
                msg = err['message'] if err else '-'
                rows.append((rel, 'entries', str(cap['entries']['read']), cap['status'], msg))
                want = provenance.get(rel, '')
                if want and want != str(cap['entries']['read']):
                    print(f'NOTE {rel}: PROVENANCE says {want} entries, harfact read '
                          f"{cap['entries']['read']}", file=sys.stderr)
    rows.sort()
    with open(os.path.join(here, 'expectations.tsv'), 'w') as f:
        f.write('# path\toutcome (entries or error code)\tentries\tstatus\texact error message '
                '(- for none)\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print(f'{len(rows)} rows written', file=sys.stderr)

main()
