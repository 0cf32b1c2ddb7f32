// harfact: rendering decoded consent signals (`harfact decode`) and the consent
// state transitions of a capture (`harfact consent`) as JSON or text.
// Schemas: lib/schema/decode.schema.json, lib/schema/consent.schema.json.
#pragma once

#include <string>

#include "harfact/consent/signal.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/report/json_writer.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::report {

/// Writes a decoded value tree: objects as objects, a member's meaning as a
/// sibling "<name>_meaning", uncertain members listed in "uncertain_fields".
void write_node(json_writer& w, const consent::node& n);
/// Writes one signal: kind, input, ok, truncated, error, fields, summary, notes.
void write_signal(json_writer& w, const consent::signal& s);
/// Writes a time point as {time, time_us, time_original}, or null when unknown.
void write_time_point(json_writer& w, const timeline::time_point& t);

std::string decode_json(const consent::signal& s, const envelope& env);
std::string decode_text(const consent::signal& s);

std::string consent_json(const timeline::result& r, const envelope& env);
std::string consent_text(const timeline::result& r, const envelope& env);

}  // namespace harfact::report
