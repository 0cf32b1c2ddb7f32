#include "harfact/report/verify_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "harfact/core/build_info.hpp"
#include "harfact/report/consent_report.hpp"
#include "report/capture_block.hpp"

namespace harfact::report {

namespace {

constexpr std::size_t k_text_evidence = 5;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view label(check::status s) {
  switch (s) {
    case check::status::pass: return "PASS";
    case check::status::warn: return "WARN";
    case check::status::fail: return "FAIL";
    case check::status::not_applicable: return "N/A ";
  }
  return "N/A ";
}

void write_region(json_writer& w, const timeline::result& t) {
  w.key("region").begin_object();
  w.key("region");
  t.region.empty() ? w.null() : w.value(t.region);
  w.key("source");
  t.region_source.empty() ? w.null() : w.value(t.region_source);
  w.key("cmps").begin_array();
  for (const auto& c : t.cmps) w.value(c);
  w.end_array();
  w.end_object();
}

}  // namespace

void write_integrity_checks(json_writer& w, const check::verify_result& r) {
  w.member("overall", check::status_name(check::overall(r)));
  w.key("checks").begin_array();
  for (const auto& c : r.checks) {
    w.begin_object();
    w.member("id", c.id);
    w.member("title", c.title);
    w.member("status", check::status_name(c.status));
    w.member("summary", c.summary);
    w.member("count", c.count);
    w.key("evidence").begin_array();
    for (const auto& e : c.evidence) {
      w.begin_object();
      w.member("entry", e.entry);
      write_time_point(w.key("time"), e.time);
      w.member("detail", e.detail);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

std::string verify_json(const check::verify_result& r, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "verify");
  write_conventions(w);
  write_capture_block(w, r.timeline.trackers.capture);
  write_integrity_checks(w, r);
  write_region(w, r.timeline);
  w.end_object();
  return w.take();
}

std::string integrity_checks_text(const check::verify_result& r, std::size_t evidence_lines) {
  std::array<std::size_t, 4> n{};
  for (const auto& c : r.checks) ++n[static_cast<std::size_t>(c.status)];
  std::string out =
      fmt::format("Overall: {} ({} fail, {} warn, {} pass, {} not applicable)\n\n",
                  upper(check::status_name(check::overall(r))), n[2], n[1], n[0], n[3]);
  for (const auto& c : r.checks) {
    out += fmt::format("{}  {:<22} {}\n", label(c.status), c.id, c.title);
    out += fmt::format("      {}\n", c.summary);
    for (std::size_t i = 0; i < c.evidence.size() && i < evidence_lines; ++i) {
      const auto& e = c.evidence[i];
      if (e.entry) {
        out += fmt::format("      - entry {} {}: {}\n", *e.entry, time_text(e.time), e.detail);
      } else {
        out += fmt::format("      - {}\n", e.detail);
      }
    }
    const std::uint64_t shown = std::min<std::uint64_t>(c.evidence.size(), evidence_lines);
    if (c.count > shown && !c.evidence.empty()) {
      out += fmt::format("      ... {} in all{}\n", c.count,
                         c.evidence.size() > shown ? " (JSON lists up to 20)" : "");
    }
  }
  return out;
}

std::string verify_text(const check::verify_result& r, const envelope& env) {
  std::string out = fmt::format(
      "harfact {} verify. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  out += capture_text(r.timeline.trackers.capture);
  out += integrity_checks_text(r, k_text_evidence);
  const auto& t = r.timeline;
  out += fmt::format("\nRegion the consent platform applied: {}\n",
                     t.region.empty() ? std::string("not shown")
                                      : fmt::format("{} ({})", t.region, t.region_source));
  return out;
}

}  // namespace harfact::report
