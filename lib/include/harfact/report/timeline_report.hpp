// harfact: rendering a reconstructed timeline (lib/schema/timeline.schema.json).
//
// Formats: JSON (one document), text (for people), CSV (one row per event),
// NDJSON (the stable intermediate of DESIGN.md: a header record with the
// envelope, then one record per event, transition, hit and finding), and
// Timesketch (JSON Lines with `message`, `datetime`, `timestamp_desc`).
#pragma once

#include <string>

#include "harfact/report/envelope.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::report {

std::string timeline_json(const timeline::result& r, const envelope& env);
std::string timeline_text(const timeline::result& r, const envelope& env);
std::string timeline_csv(const timeline::result& r);
std::string timeline_ndjson(const timeline::result& r, const envelope& env);
std::string timeline_timesketch(const timeline::result& r);

}  // namespace harfact::report
