#include "harfact/report/timeline_report.hpp"

#include <fmt/format.h>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/report/consent_report.hpp"
#include "report/capture_block.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_summary_members(json_writer& w, const timeline::result& r) {
  w.key("cmps").begin_array();
  for (const auto& c : r.cmps) w.value(c);
  w.end_array();
  w.key("region");
  r.region.empty() ? w.null() : w.value(r.region);
  w.member("timestamp_precision_us", r.precision_us);
  w.member("cookies_stripped", r.cookies_stripped);
  w.key("not_establishable").begin_array();
  for (const auto& s : r.not_establishable) w.value(s);
  w.end_array();
}

std::string chain_text(const timeline::annotated_hit& a) {
  std::string out;
  for (const auto& l : a.chain) {
    if (!out.empty()) out += " -> ";
    std::string_view u = l.url;
    const auto q = u.find('?');
    if (q != std::string_view::npos) u = u.substr(0, q);
    out += l.entry ? fmt::format("[{}] {}", *l.entry, u) : std::string(u);
  }
  return out;
}

}  // namespace

void write_event(json_writer& w, const timeline::event& e) {
  w.begin_object();
  write_time_point(w.key("time"), e.time);
  w.member("timestamp_desc", e.timestamp_desc);
  w.member("entry", e.entry);
  w.member("type", e.type);
  w.member("message", e.message);
  w.key("data").begin_object();
  for (const auto& [k, v] : e.data) w.member(k, v);
  w.end_object();
  w.end_object();
}

void write_hit(json_writer& w, const timeline::result& r, const timeline::annotated_hit& a) {
  const auto& h = r.trackers.hits[a.hit];
  w.begin_object();
  w.member("entry", h.entry);
  write_time_point(w.key("time"), timeline::time_point{h.time_us, h.time_original, 1});
  w.member("vendor_id", h.vendor->vendor_id);
  w.member("category", sig::category_name(h.vendor->category));
  w.member("signature", h.sig->ref());
  w.member("role", sig::role_name(h.sig->role));
  w.member("url", h.url);
  w.member("party", inspect::party_name(h.party));
  w.key("events").begin_array();
  for (const auto& e : h.decoded.events) w.value(e);
  w.end_array();
  w.member("purpose", consent::purpose_name(a.purpose));
  w.member("purpose_basis", a.purpose_basis);
  w.member("transition", static_cast<std::uint64_t>(a.transition));
  w.member("state", timeline::state_name(r.transitions[a.transition].state));
  w.member("position", timeline::position_name(a.position));
  w.member("purpose_state", consent::grant_name(a.grant));
  w.member("gpc", a.gpc);
  w.member("sale_opt_out", a.sale_opt_out);
  w.member("fires", a.fires);
  w.key("restrictions").begin_array();
  for (const auto& s : a.restrictions) w.value(s);
  w.end_array();
  w.key("in_band").begin_array();
  for (const auto& s : a.in_band) w.value(s);
  w.end_array();
  w.key("chain").begin_array();
  for (const auto& l : a.chain) {
    w.begin_object();
    w.member("entry", l.entry);
    w.member("url", l.url);
    w.member("via", l.via);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_finding(json_writer& w, const timeline::finding& f, std::string_view id) {
  w.begin_object();
  if (!id.empty()) w.member("id", id);
  w.member("kind", timeline::finding_kind_name(f.kind));
  w.member("severity", timeline::severity_name(f.severity));
  w.key("vendor_id");
  f.vendor_id.empty() ? w.null() : w.value(f.vendor_id);
  w.key("entries").begin_array();
  for (const auto e : f.entries) w.value(e);
  w.end_array();
  w.key("evidence").begin_array();
  for (const auto& e : f.items) {
    w.begin_object();
    w.member("entry", e.entry);
    write_time_point(w.key("time"), e.time);
    w.member("url", e.url);
    w.member("detail", e.detail);
    w.key("signature");
    e.signature.empty() ? w.null() : w.value(e.signature);
    w.end_object();
  }
  w.end_array();
  w.member("explanation", f.explanation);
  w.end_object();
}

std::string timeline_json(const timeline::result& r, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "timeline");
  write_conventions(w);
  write_capture_block(w, r.trackers.capture);
  write_summary_members(w, r);
  w.key("findings").begin_array();
  for (const auto& f : r.findings) write_finding(w, f);
  w.end_array();
  write_transitions(w, r);
  w.key("hits").begin_array();
  for (const auto& a : r.hits) write_hit(w, r, a);
  w.end_array();
  w.key("events").begin_array();
  for (const auto& e : r.events) write_event(w, e);
  w.end_array();
  w.end_object();
  return w.take();
}

std::string timeline_text(const timeline::result& r, const envelope& env) {
  std::string out = fmt::format(
      "harfact {} timeline. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  out += capture_text(r.trackers.capture);
  out += fmt::format("Consent platforms: {}; region applied: {}; timestamps precise to {} us\n",
                     r.cmps.empty() ? "none seen" : join(r.cmps, ", "),
                     r.region.empty() ? std::string("not shown") : r.region, r.precision_us);
  if (r.cookies_stripped) {
    out += "Cookies were stripped by the export; not establishable from this capture:\n";
    for (const auto& s : r.not_establishable) out += fmt::format("  - {}\n", s);
  }
  out += fmt::format("\nFindings ({})\n", r.findings.size());
  for (const auto& f : r.findings) {
    out += fmt::format("  [{}] {} {}: entries {}\n", timeline::severity_name(f.severity),
                       timeline::finding_kind_name(f.kind), f.vendor_id,
                       [&] {
                         std::string s;
                         for (std::size_t i = 0; i < f.entries.size() && i < 12; ++i) {
                           s += (i != 0 ? "," : "") + std::to_string(f.entries[i]);
                         }
                         if (f.entries.size() > 12) s += fmt::format(",... ({})", f.entries.size());
                         return s;
                       }());
    out += fmt::format("      {}\n", f.explanation);
    for (std::size_t i = 0; i < f.items.size() && i < 3; ++i) {
      const auto& e = f.items[i];
      out += fmt::format("      entry {} {} {} [{}] {}\n", e.entry, time_text(e.time), e.detail,
                         e.signature, e.url.substr(0, 100));
    }
  }
  out += "\nConsent transitions\n";
  out += transitions_text(r);
  out += "\nTracker hits in firing order\n";
  for (const auto& a : r.hits) {
    const auto& h = r.trackers.hits[a.hit];
    out += fmt::format("  {} entry {:<5} {:<22} {:<10} {:<13} {}\n",
                       h.time_us ? har::format_rfc3339_utc(*h.time_us) : std::string("unknown"),
                       h.entry, h.vendor->vendor_id, consent::purpose_name(a.purpose),
                       timeline::position_name(a.position),
                       h.decoded.events.empty() ? std::string(sig::role_name(h.sig->role))
                                                : join(h.decoded.events, ","));
    if (!a.restrictions.empty()) out += fmt::format("      restricted: {}\n", join(a.restrictions, "; "));
    if (a.chain.size() > 1) out += fmt::format("      chain: {}\n", chain_text(a));
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

std::string timeline_csv(const timeline::result& r) {
  std::string out = "time,time_us,time_original,timestamp_desc,entry,type,message\r\n";
  for (const auto& e : r.events) {
    out += fmt::format("{},{},{},{},{},{},{}\r\n", time_text(e.time),
                       e.time.us ? std::to_string(*e.time.us) : std::string(),
                       csv_field(e.time.original), e.timestamp_desc,
                       e.entry ? std::to_string(*e.entry) : std::string(), e.type,
                       csv_field(e.message));
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

std::string timeline_ndjson(const timeline::result& r, const envelope& env) {
  std::string out;
  {
    json_writer w(false);
    w.begin_object();
    w.member("record", "header");
    write_envelope(w, env);
    w.member("command", "timeline");
    write_capture_block(w, r.trackers.capture);
    write_summary_members(w, r);
    w.end_object();
    out += w.take() + '\n';
  }
  {
    json_writer w(false);
    w.begin_object();
    w.member("record", "transitions");
    write_transitions(w, r);
    w.end_object();
    out += w.take() + '\n';
  }
  for (const auto& a : r.hits) {
    json_writer w(false);
    w.begin_object();
    w.member("record", "hit");
    write_hit(w.key("hit"), r, a);
    w.end_object();
    out += w.take() + '\n';
  }
  for (const auto& e : r.events) {
    json_writer w(false);
    w.begin_object();
    w.member("record", "event");
    write_event(w.key("event"), e);
    w.end_object();
    out += w.take() + '\n';
  }
  for (const auto& f : r.findings) {
    json_writer w(false);
    w.begin_object();
    w.member("record", "finding");
    write_finding(w.key("finding"), f);
    w.end_object();
    out += w.take() + '\n';
  }
  return out;
}

std::string timeline_timesketch(const timeline::result& r) {
  std::string out;
  for (const auto& e : r.events) {
    if (!e.time.us) continue;  // Timesketch needs a time
    json_writer w(false);
    w.begin_object();
    w.member("message", e.message);
    w.member("datetime", har::format_rfc3339_utc(*e.time.us));
    w.member("timestamp", *e.time.us);
    w.member("timestamp_desc", e.timestamp_desc);
    w.member("data_type", "harfact:" + e.type);
    w.member("time_original", e.time.original);
    w.member("capture", r.trackers.capture.path);
    w.member("capture_sha256", r.trackers.capture.read.sha256);
    w.member("entry", e.entry);
    for (const auto& [k, v] : e.data) {
      if (k == "message" || k == "datetime" || k == "timestamp" || k == "timestamp_desc") continue;
      w.member(k, v);
    }
    w.end_object();
    out += w.take() + '\n';
  }
  return out;
}

}  // namespace harfact::report
