#include "harfact/report/diff_report.hpp"

#include <fmt/format.h>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::report {

namespace {

void string_or_null(json_writer& w, std::string_view key, const std::string& s) {
  w.key(key);
  s.empty() ? w.null() : w.value(s);
}

void strings(json_writer& w, std::string_view key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const auto& s : items) w.value(s);
  w.end_array();
}

void write_capture(json_writer& w, const check::diff_capture& c) {
  w.begin_object();
  w.member("capture", static_cast<std::uint64_t>(c.capture));
  w.member("role", c.capture == 0 ? "exhibit" : "ours");
  w.member("path", c.path);
  string_or_null(w, "sha256", c.sha256);
  w.member("status", c.status);
  w.key("started");
  if (c.started_us) {
    w.begin_object();
    w.member("time", har::format_rfc3339_utc(*c.started_us));
    w.member("time_us", *c.started_us);
    w.member("time_original", c.started_original);
    w.end_object();
  } else {
    w.null();
  }
  w.member("exporter", c.exporter_id);
  string_or_null(w, "exporter_name", c.exporter_name);
  string_or_null(w, "browser", c.browser);
  w.member("automated_exporter", c.automated_exporter);
  string_or_null(w, "region", c.region);
  string_or_null(w, "region_source", c.region_source);
  strings(w, "cmps", c.cmps);
  strings(w, "consent_flow", c.consent_flow);
  w.member("choice", c.choice);
  w.member("choice_entry", c.choice_entry);
  w.key("gpc").begin_object();
  w.member("requests", c.gpc_requests);
  w.member("of", c.requests);
  w.end_object();
  w.member("cookies_stripped", c.cookies_stripped);
  w.member("checks_available", c.checks_available);
  strings(w, "conditions", c.conditions);
  strings(w, "pages", c.pages);
  strings(w, "vendors", c.vendors);
  w.end_object();
}

std::string capture_label(std::size_t index) {
  return index == 0 ? std::string("exhibit [0]") : fmt::format("ours [{}]", index);
}

std::string entries_brief(const std::vector<std::uint64_t>& entries) {
  if (entries.empty()) return "";
  std::string out = entries.size() == 1 ? " (entry " : " (entries ";
  const std::size_t shown = std::min<std::size_t>(entries.size(), 8);
  for (std::size_t i = 0; i < shown; ++i)
    out += fmt::format("{}{}", i == 0 ? "" : ", ", entries[i]);
  if (entries.size() > shown) out += fmt::format(" and {} more", entries.size() - shown);
  return out + ")";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string capture_text(const check::diff_capture& c) {
  std::string out =
      fmt::format("  [{}] {:<7} {}\n", c.capture, c.capture == 0 ? "exhibit" : "ours", c.path);
  if (c.status == "unreadable") return out + "      unreadable: not compared\n";
  out += fmt::format("      sha256 {}; {}; exported by {}{}\n",
                     c.sha256.empty() ? "unknown" : c.sha256, c.status,
                     c.exporter_name.empty() ? c.exporter_id : c.exporter_name,
                     c.automated_exporter ? " (an automation tool)" : "");
  out += fmt::format("      first entry {}\n", c.started_us ? har::format_rfc3339_utc(*c.started_us)
                                                            : std::string("unknown"));
  out += fmt::format("      region {}; consent platforms {}; consent {}; choice {}{}\n",
                     c.region.empty() ? std::string("not shown") : c.region,
                     c.cmps.empty() ? std::string("none") : join(c.cmps, ", "),
                     c.consent_flow.empty() ? std::string("-") : join(c.consent_flow, " -> "),
                     c.choice,
                     c.choice_entry ? fmt::format(" (entry {})", *c.choice_entry) : std::string());
  out += fmt::format("      Sec-GPC: 1 on {} of {} requests; cookies {}; integrity checks {}\n",
                     c.gpc_requests, c.requests,
                     c.cookies_stripped ? "stripped (sanitized export)" : "kept",
                     !c.checks_available    ? std::string("not available")
                     : c.conditions.empty() ? std::string("all passed")
                                            : "warned or failed: " + join(c.conditions, ", "));
  out += fmt::format("      pages: {}\n",
                     c.pages.empty() ? std::string("none identified") : join(c.pages, ", "));
  out += fmt::format("      vendors that sent data: {}\n",
                     c.vendors.empty() ? std::string("none") : join(c.vendors, ", "));
  return out;
}

}  // namespace

void write_differences(json_writer& w, const check::diff_result& d) {
  w.begin_array();
  for (const auto& x : d.differences) {
    w.begin_object();
    w.member("id", x.id);
    w.member("kind", x.kind);
    w.member("significance", x.significance);
    string_or_null(w, "vendor_id", x.vendor_id);
    string_or_null(w, "page", x.page);
    string_or_null(w, "subject", x.subject);
    w.member("what", x.what);
    w.member("reason", x.reason);
    w.member("certainty", x.certainty);
    w.member("reason_text", x.reason_text);
    w.key("sides").begin_array();
    for (const auto& s : x.sides) {
      w.begin_object();
      w.member("capture", static_cast<std::uint64_t>(s.capture));
      w.member("role", s.capture == 0 ? "exhibit" : "ours");
      w.key("entries").begin_array();
      for (const auto e : s.entries) w.value(e);
      w.end_array();
      w.member("detail", s.detail);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

std::string diff_json(const check::diff_result& d, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "diff");
  w.key("conventions").begin_object();
  w.member("entry", "0-based position in log.entries as stored");
  w.member("times", "RFC 3339 UTC with microseconds; time_us is microseconds since the epoch");
  w.member("capture", "0 is the exhibit; 1, 2, ... are our captures in the order given");
  w.end_object();
  w.key("rules").begin_object();
  w.member("time_gap_days", check::time_gap_days);
  w.key("reason_precedence").begin_array();
  for (const auto r : check::difference_reasons()) w.value(r);
  w.end_array();
  w.member(
      "order",
      "most significant for the rebuttal first (significance, then kind, vendor, page, subject)");
  w.end_object();
  w.key("captures").begin_array();
  for (const auto& c : d.captures) write_capture(w, c);
  w.end_array();
  std::uint64_t high = 0, medium = 0, low = 0;
  for (const auto& x : d.differences) {
    if (x.significance == "high") ++high;
    if (x.significance == "medium") ++medium;
    if (x.significance == "low") ++low;
  }
  w.key("summary").begin_object();
  w.member("differences", static_cast<std::uint64_t>(d.differences.size()));
  w.member("high", high);
  w.member("medium", medium);
  w.member("low", low);
  w.end_object();
  write_differences(w.key("differences"), d);
  strings(w, "notes", d.notes);
  w.end_object();
  return w.take();
}

std::string diff_text(const check::diff_result& d, const envelope& env) {
  std::string out = fmt::format(
      "harfact {} diff. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  out += "Captures (0 is the exhibit)\n";
  for (const auto& c : d.captures) out += capture_text(c);
  out += '\n';
  if (d.differences.empty()) {
    out +=
        "No differences: the captures agree on pages, vendors, events, data received, consent, "
        "region, GPC and capture conditions.\n";
  } else {
    out += fmt::format("Differences ({}), most significant for the rebuttal first\n",
                       d.differences.size());
    for (const auto& x : d.differences) {
      std::string about;
      if (!x.vendor_id.empty()) about += " " + x.vendor_id;
      if (!x.subject.empty()) about += " " + x.subject;
      if (!x.page.empty()) about += " " + x.page;
      out += fmt::format("\n  {} [{}] {}{}\n", x.id, x.significance, x.kind, about);
      out += fmt::format("     {}\n", x.what);
      for (const auto& s : x.sides) {
        out += fmt::format("     {:<12} {}{}\n", capture_label(s.capture) + ":", s.detail,
                           entries_brief(s.entries));
      }
      out += fmt::format("     reason: {} ({})\n", x.reason, x.certainty);
      out += fmt::format("     {}\n", x.reason_text);
    }
  }
  if (!d.notes.empty()) {
    out += "\nNotes\n";
    for (const auto& n : d.notes) out += fmt::format("  - {}\n", n);
  }
  return out;
}

}  // namespace harfact::report
