// harfact: rendering a diff of the exhibit with our captures
// (lib/schema/diff.schema.json), as JSON or as text for people: the captures
// compared, then the differences in rebuttal order, each with what it is, the
// evidence on every side and its most likely reason, then the notes.
#pragma once

#include <string>

#include "harfact/check/diff.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/report/json_writer.hpp"

namespace harfact::report {

/// Writes the differences as one JSON array value (the caller writes the key):
/// each {id, kind, significance, vendor_id, page, subject, what, reason,
/// certainty, reason_text, sides [{capture, entries, detail}]}; "" members as
/// null. Schema: `$defs/difference` of lib/schema/diff.schema.json.
void write_differences(json_writer& w, const check::diff_result& d);

/// The whole `harfact diff --format json` document.
std::string diff_json(const check::diff_result& d, const envelope& env);
/// The same for people.
std::string diff_text(const check::diff_result& d, const envelope& env);

}  // namespace harfact::report
