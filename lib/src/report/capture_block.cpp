#include "report/capture_block.hpp"

#include <fmt/format.h>

#include "harfact/har/timestamp.hpp"
#include "harfact/report/consent_report.hpp"

namespace harfact::report {

void write_conventions(json_writer& w) {
  w.key("conventions").begin_object();
  w.member("entry", "0-based position in log.entries as stored");
  w.member("times", "RFC 3339 UTC with microseconds; time_us is microseconds since the epoch");
  w.member("signature", "id@rev of the most specific matching signature");
  w.end_object();
}

void write_capture_block(json_writer& w, const inspect::capture_summary& c) {
  w.key("capture").begin_object();
  w.member("path", c.path);
  w.key("sha256");
  c.read.sha256.empty() ? w.null() : w.value(c.read.sha256);
  w.member("status", c.opened ? har::read_status_name(c.read.status)
                              : std::string_view("unreadable"));
  w.key("error");
  if (c.error) {
    w.begin_object();
    w.member("code", errc_name(c.error->code));
    w.member("message", c.error->message);
    w.end_object();
  } else {
    w.null();
  }
  w.member("entries", c.entries);
  w.member("exporter", c.exporter_id.empty() ? std::string("none") : c.exporter_id);
  w.member("cookies", c.cookies.verdict.empty() ? std::string("absent") : c.cookies.verdict);
  w.end_object();
}

std::string capture_text(const inspect::capture_summary& c) {
  std::string out = fmt::format(
      "{}\n  sha256 {}\n  {} entries, {}; exported by {}\n", c.path,
      c.read.sha256.empty() ? "unknown" : c.read.sha256, c.entries,
      c.opened ? har::read_status_name(c.read.status) : std::string_view("unreadable"),
      c.exporter_name.empty() ? std::string("an unknown tool") : c.exporter_name);
  if (c.error) {
    out += fmt::format("  ERROR [{}] {}\n", errc_name(c.error->code), c.error->message);
  }
  out += '\n';
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string time_text(const timeline::time_point& t) {
  return t.us ? har::format_rfc3339_utc(*t.us) : std::string("unknown");
}

void write_transitions(json_writer& w, const timeline::result& r) {
  w.key("transitions").begin_array();
  for (const auto& t : r.transitions) {
    w.begin_object();
    w.member("state", timeline::state_name(t.state));
    w.member("gpc", t.gpc);
    w.member("entry", t.entry);
    write_time_point(w.key("time"), t.time);
    w.key("window_start");
    if (t.window_start_us) {
      w.begin_object();
      w.member("time", har::format_rfc3339_utc(*t.window_start_us));
      w.member("time_us", *t.window_start_us);
      w.end_object();
    } else {
      w.null();
    }
    w.member("signal", t.signal);
    w.key("purposes").begin_object();
    for (int i = 0; i < consent::purpose_count; ++i) {
      const auto p = static_cast<std::size_t>(i);
      w.key(consent::purpose_name(static_cast<consent::purpose>(i))).begin_object();
      w.member("state", consent::grant_name(t.purposes[p]));
      w.key("source");
      t.purpose_source[p].empty() ? w.null() : w.value(t.purpose_source[p]);
      w.end_object();
    }
    w.end_object();
    w.member("sale_opt_out", t.sale_opt_out);
    w.end_object();
  }
  w.end_array();
}

std::string transitions_text(const timeline::result& r) {
  std::string out;
  for (const auto& t : r.transitions) {
    out += fmt::format("  {}  {:<13}{} entry {}\n", time_text(t.time), timeline::state_name(t.state),
                       t.gpc ? " GPC" : "    ",
                       t.entry ? std::to_string(*t.entry) : std::string("-"));
    out += fmt::format("      {}\n", t.signal);
    if (t.window_start_us) {
      out += fmt::format("      the choice was made after {} (previous request to the site)\n",
                         har::format_rfc3339_utc(*t.window_start_us));
    }
    std::string purposes;
    for (int i = 0; i < consent::purpose_count; ++i) {
      const auto g = t.purposes[static_cast<std::size_t>(i)];
      if (g == consent::grant::unknown) continue;
      purposes += fmt::format(" {}={}", consent::purpose_name(static_cast<consent::purpose>(i)),
                              consent::grant_name(g));
    }
    if (!purposes.empty()) out += fmt::format("      purposes:{}\n", purposes);
  }
  return out;
}

}  // namespace harfact::report
