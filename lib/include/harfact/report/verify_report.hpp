// harfact: rendering the integrity checks of `harfact verify`
// (lib/schema/verify.schema.json) as JSON or text.
#pragma once

#include <cstddef>
#include <string>

#include "harfact/check/verify.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/report/json_writer.hpp"

namespace harfact::report {

/// Writes the members "overall" (the worst status) and "checks" (every check
/// in catalog order: id, title, status, summary, count, evidence [{entry,
/// time, detail}]) into the object `w` has open, so that other reports can
/// embed them: `w.key("integrity").begin_object(); write_integrity_checks(w, r);
/// w.end_object();`. Definitions: lib/schema/verify.schema.json ($defs check).
void write_integrity_checks(json_writer& w, const check::verify_result& r);

/// For people, reusable by other reports: "Overall: ..." and every check in
/// order with its summary and up to `evidence_lines` evidence items.
std::string integrity_checks_text(const check::verify_result& r, std::size_t evidence_lines = 5);

/// The whole `harfact verify --format json` document: envelope, command,
/// conventions, capture, overall, checks, region.
std::string verify_json(const check::verify_result& r, const envelope& env);

/// For people: the capture, the overall status, then every check in order
/// with its summary and up to five evidence items.
std::string verify_text(const check::verify_result& r, const envelope& env);

}  // namespace harfact::report
