#!/usr/bin/env python3
"""Writes report.schema.json (`harfact report --format json`) from the schemas of
the parts it embeds: timeline (findings, transitions, hits), verify (the
integrity checks), check (claim results and their summary) and diff (the
differences). Run it after changing any of them; a unit test checks that the
committed file is what this script writes.

    python3 lib/schema/compose_report_schema.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    with open(os.path.join(HERE, name + ".schema.json"), encoding="utf-8") as f:
        return json.load(f)


def prefixed(schema, prefix):
    """The schema's $defs renamed with a prefix, and its $refs rewritten."""
    text = json.dumps(schema.get("$defs", {}))
    for name in schema.get("$defs", {}):
        text = text.replace('"#/$defs/%s"' % name, '"#/$defs/%s_%s"' % (prefix, name))
    return {"%s_%s" % (prefix, k): v for k, v in json.loads(text).items()}


def rewrite(node, prefix, names):
    text = json.dumps(node)
    for name in names:
        text = text.replace('"#/$defs/%s"' % name, '"#/$defs/%s_%s"' % (prefix, name))
    return json.loads(text)


def main():
    tl, ve, ch, di = load("timeline"), load("verify"), load("check"), load("diff")
    defs = {}
    for schema, prefix in ((tl, "timeline"), (ve, "verify"), (ch, "check"), (di, "diff")):
        defs.update(prefixed(schema, prefix))
    t = lambda node: rewrite(node, "timeline", tl["$defs"])  # noqa: E731
    finding = json.loads(json.dumps(tl["$defs"]["finding"]))
    finding["required"] = ["id"] + finding["required"]
    finding["properties"] = dict({"id": {"type": "string", "minLength": 10}}, **finding["properties"])
    defs["report_finding"] = rewrite(finding, "timeline", tl["$defs"])
    null_or = lambda node: {"anyOf": [{"type": "null"}, node]}  # noqa: E731
    props = {
        "schema_version": {"const": 1},
        "tool": {"$ref": "#/$defs/timeline_tool"},
        "inputs": {"type": "array", "items": {"$ref": "#/$defs/timeline_input"}},
        "signatures": {"$ref": "#/$defs/timeline_signatures"},
        "command": {"const": "report"},
        "custody": {"type": "object", "required": ["command_line", "analysis_time"],
                    "additionalProperties": False,
                    "properties": {"command_line": {"type": ["string", "null"]},
                                   "analysis_time": {"type": ["string", "null"]}}},
        "conventions": t(tl["properties"]["conventions"]),
        "capture": t(tl["properties"]["capture"]),
        "summary": {
            "type": "object",
            "required": ["cmps", "region", "gpc_requests", "requests", "integrity", "findings",
                         "verdicts"],
            "additionalProperties": False,
            "properties": {
                "cmps": {"type": "array", "items": {"type": "string"}},
                "region": {"type": ["string", "null"]},
                "gpc_requests": {"type": "integer", "minimum": 0},
                "requests": {"type": "integer", "minimum": 0},
                "integrity": {"enum": ["pass", "warn", "fail", "not_applicable"]},
                "findings": {"type": "object", "required": ["high", "medium", "low", "info"],
                             "additionalProperties": False,
                             "properties": {k: {"type": "integer", "minimum": 0}
                                            for k in ("high", "medium", "low", "info")}},
                "verdicts": null_or({
                    "type": "object",
                    "required": ["supported", "contradicted", "not_evidenced", "indeterminate",
                                 "wrong_on_facts"],
                    "additionalProperties": False,
                    "properties": {k: {"type": "integer", "minimum": 0}
                                   for k in ("supported", "contradicted", "not_evidenced",
                                             "indeterminate", "wrong_on_facts")}}),
            }},
        "limitations": {"type": "array", "items": {"type": "string"}},
        "unclassified_third_party_hosts": {"type": "array", "items": {"type": "string"}},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/report_finding"}},
        "transitions": t(tl["properties"]["transitions"]),
        "hits": t(tl["properties"]["hits"]),
        "integrity": {
            "type": "object", "required": ["overall", "checks"], "additionalProperties": False,
            "properties": {"overall": rewrite(ve["properties"]["overall"], "verify", ve["$defs"]),
                           "checks": rewrite(ve["properties"]["checks"], "verify", ve["$defs"])}},
        "allegations": null_or({
            "type": "object", "required": ["summary", "claims"], "additionalProperties": False,
            "properties": {"summary": rewrite(ch["properties"]["summary"], "check", ch["$defs"]),
                           "claims": rewrite(ch["properties"]["claims"], "check", ch["$defs"])}}),
        "compared": {"type": "array", "items": {
            "type": "object", "required": ["path", "sha256"], "additionalProperties": False,
            "properties": {"path": {"type": "string"},
                           "sha256": {"type": ["string", "null"]}}}},
        "diff": null_or({
            "type": "object", "required": ["differences", "notes"], "additionalProperties": False,
            "properties": {
                "differences": rewrite(di["properties"]["differences"], "diff", di["$defs"]),
                "notes": {"type": "array", "items": {"type": "string"}}}}),
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://harfact.invalid/schema/report.schema.json",
        "title": "harfact report output",
        "description": "Output of `harfact report --format json`. Generated by "
                       "lib/schema/compose_report_schema.py from the timeline, verify, check "
                       "and diff schemas; do not edit by hand.",
        "type": "object",
        "required": list(props.keys()),
        "additionalProperties": False,
        "properties": props,
        "$defs": defs,
    }
    with open(os.path.join(HERE, "report.schema.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(schema, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
