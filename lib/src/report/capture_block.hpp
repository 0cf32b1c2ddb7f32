// Internal: parts the timeline and consent outputs share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harfact/inspect/inspect.hpp"
#include "harfact/report/json_writer.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::report {

/// "conventions": what entry indexes and times mean.
void write_conventions(json_writer& w);
/// "capture": path, sha256, status, error, entries, exporter, cookies.
void write_capture_block(json_writer& w, const inspect::capture_summary& c);
/// The same for people, a few lines.
std::string capture_text(const inspect::capture_summary& c);
/// "transitions": the consent state machine.
void write_transitions(json_writer& w, const timeline::result& r);
std::string transitions_text(const timeline::result& r);
std::string join(const std::vector<std::string>& items, std::string_view sep);
/// One timeline event, annotated hit or finding as JSON (timeline_report.cpp);
/// `id` (the report's stable finding id) is written when not empty.
void write_event(json_writer& w, const timeline::event& e);
void write_hit(json_writer& w, const timeline::result& r, const timeline::annotated_hit& a);
void write_finding(json_writer& w, const timeline::finding& f, std::string_view id = {});
std::string time_text(const timeline::time_point& t);

}  // namespace harfact::report
