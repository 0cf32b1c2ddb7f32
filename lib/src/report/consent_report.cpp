#include "harfact/report/consent_report.hpp"

#include <fmt/format.h>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "report/capture_block.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

using consent::node;

void write_summary(json_writer& w, const consent::summary& s) {
  w.begin_object();
  w.key("purposes").begin_object();
  for (int i = 0; i < consent::purpose_count; ++i) {
    const auto p = static_cast<std::size_t>(i);
    w.member(consent::purpose_name(static_cast<consent::purpose>(i)),
             consent::grant_name(s.purposes[p]));
  }
  w.end_object();
  w.key("purpose_sources").begin_object();
  for (int i = 0; i < consent::purpose_count; ++i) {
    const auto p = static_cast<std::size_t>(i);
    if (!s.purpose_source[p].empty()) {
      w.member(consent::purpose_name(static_cast<consent::purpose>(i)), s.purpose_source[p]);
    }
  }
  w.end_object();
  w.member("interacted", s.interacted);
  w.member("gpc", s.gpc);
  w.member("sale_opt_out", s.sale_opt_out);
  w.key("region");
  s.region.empty() ? w.null() : w.value(s.region);
  w.key("consent_id");
  s.consent_id.empty() ? w.null() : w.value(s.consent_id);
  w.key("choice_time");
  s.choice_time.empty() ? w.null() : w.value(s.choice_time);
  w.key("notes").begin_array();
  for (const auto& n : s.notes) w.value(n);
  w.end_array();
  w.end_object();
}

void text_node(std::string& out, const node& n, int depth) {
  const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
  for (const auto& m : n.members) {
    std::string value;
    switch (m.value.t) {
      case node::type::null: value = "null"; break;
      case node::type::boolean: value = m.value.b ? "true" : "false"; break;
      case node::type::integer: value = std::to_string(m.value.i); break;
      case node::type::string: value = m.value.s; break;
      case node::type::int_set: {
        value = "{";
        for (std::size_t i = 0; i < m.value.ints.size(); ++i) {
          value += (i != 0 ? "," : "") + std::to_string(m.value.ints[i]);
        }
        value += "}";
        break;
      }
      case node::type::object:
      case node::type::array: break;
    }
    std::string line = fmt::format("{}{}", pad, m.name);
    if (m.value.t == node::type::object) {
      out += line + (m.uncertain ? "  [uncertain]" : "") + "\n";
      text_node(out, m.value, depth + 1);
      continue;
    }
    if (m.value.t == node::type::array) {
      out += fmt::format("{} ({} item(s)){}\n", line, m.value.items.size(),
                         m.uncertain ? "  [uncertain]" : "");
      for (std::size_t i = 0; i < m.value.items.size(); ++i) {
        const node& item = m.value.items[i];
        if (item.t == node::type::object) {
          out += fmt::format("{}  [{}]\n", pad, i);
          text_node(out, item, depth + 2);
        } else if (item.t == node::type::string) {
          out += fmt::format("{}  - {}\n", pad, item.s);
        } else if (item.t == node::type::integer) {
          out += fmt::format("{}  - {}\n", pad, item.i);
        } else if (item.t == node::type::boolean) {
          out += fmt::format("{}  - {}\n", pad, item.b ? "true" : "false");
        }
      }
      continue;
    }
    out += fmt::format("{:<40} {}", line, value);
    if (!m.meaning.empty()) out += fmt::format("  ({})", m.meaning);
    if (m.uncertain) out += "  [uncertain]";
    out += '\n';
  }
}

}  // namespace

void write_node(json_writer& w, const node& n) {
  switch (n.t) {
    case node::type::null: w.null(); return;
    case node::type::boolean: w.value(n.b); return;
    case node::type::integer: w.value(n.i); return;
    case node::type::string: w.value(n.s); return;
    case node::type::int_set:
      w.begin_array();
      for (const auto i : n.ints) w.value(i);
      w.end_array();
      return;
    case node::type::array:
      w.begin_array();
      for (const auto& item : n.items) write_node(w, item);
      w.end_array();
      return;
    case node::type::object: break;
  }
  w.begin_object();
  bool any_uncertain = false;
  for (const auto& m : n.members) {
    write_node(w.key(m.name), m.value);
    if (!m.meaning.empty()) w.member(m.name + "_meaning", m.meaning);
    any_uncertain = any_uncertain || m.uncertain;
  }
  if (any_uncertain) {
    w.key("uncertain_fields").begin_array();
    for (const auto& m : n.members) {
      if (m.uncertain) w.value(m.name);
    }
    w.end_array();
  }
  w.end_object();
}

void write_signal(json_writer& w, const consent::signal& s) {
  w.begin_object();
  w.member("kind", s.kind);
  w.member("input", s.input);
  w.member("ok", s.ok);
  w.member("truncated", s.truncated);
  w.key("error");
  s.error.empty() ? w.null() : w.value(s.error);
  write_node(w.key("fields"), s.fields);
  write_summary(w.key("summary"), s.sum);
  w.key("notes").begin_array();
  for (const auto& n : s.notes) w.value(n);
  w.end_array();
  w.end_object();
}

void write_time_point(json_writer& w, const timeline::time_point& t) {
  if (!t.us) {
    w.null();
    return;
  }
  w.begin_object();
  w.member("time", har::format_rfc3339_utc(*t.us));
  w.member("time_us", *t.us);
  w.member("time_original", t.original);
  w.end_object();
}

std::string decode_json(const consent::signal& s, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "decode");
  write_signal(w.key("signal"), s);
  w.end_object();
  return w.take();
}

std::string decode_text(const consent::signal& s) {
  std::string out = fmt::format("{}: {}\n", s.kind, s.input);
  if (!s.ok) {
    out += fmt::format("not decoded: {}\n", s.error);
  } else if (s.truncated) {
    out += "the value ends early: decoded as far as it goes\n";
  }
  if (!s.fields.members.empty()) {
    out += '\n';
    text_node(out, s.fields, 1);
  }
  const auto& sum = s.sum;
  std::string purposes;
  for (int i = 0; i < consent::purpose_count; ++i) {
    const auto p = static_cast<std::size_t>(i);
    if (sum.purposes[p] == consent::grant::unknown) continue;
    purposes += fmt::format("  {:<12} {}{}\n", consent::purpose_name(static_cast<consent::purpose>(i)),
                            consent::grant_name(sum.purposes[p]),
                            sum.purpose_source[p].empty() ? "" : "  (" + sum.purpose_source[p] + ")");
  }
  if (!purposes.empty()) out += "\nPurposes\n" + purposes;
  std::string facts;
  if (sum.interacted) facts += fmt::format("  choice made    {}\n", *sum.interacted ? "yes" : "no (defaults)");
  if (sum.gpc) facts += fmt::format("  GPC            {}\n", *sum.gpc ? "yes" : "no");
  if (sum.sale_opt_out) facts += fmt::format("  sale opt-out   {}\n", *sum.sale_opt_out ? "yes" : "no");
  if (!sum.region.empty()) facts += fmt::format("  region         {}\n", sum.region);
  if (!sum.consent_id.empty()) facts += fmt::format("  consent id     {}\n", sum.consent_id);
  if (!sum.choice_time.empty()) facts += fmt::format("  choice time    {}\n", sum.choice_time);
  if (!facts.empty()) out += "\nSummary\n" + facts;
  std::vector<std::string> notes = sum.notes;
  notes.insert(notes.end(), s.notes.begin(), s.notes.end());
  if (!notes.empty()) {
    out += "\nNotes\n";
    for (const auto& n : notes) out += fmt::format("  - {}\n", n);
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

std::string consent_json(const timeline::result& r, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "consent");
  write_conventions(w);
  write_capture_block(w, r.trackers.capture);
  w.key("cmps").begin_array();
  for (const auto& c : r.cmps) w.value(c);
  w.end_array();
  w.key("region").begin_object();
  w.key("applied");
  r.region.empty() ? w.null() : w.value(r.region);
  w.key("source");
  r.region_source.empty() ? w.null() : w.value(r.region_source);
  w.end_object();
  w.key("gpc").begin_object();
  w.member("requests", r.gpc_requests);
  w.member("of", r.requests);
  w.end_object();
  w.member("cookies_stripped", r.cookies_stripped);
  w.key("not_establishable").begin_array();
  for (const auto& s : r.not_establishable) w.value(s);
  w.end_array();
  write_transitions(w, r);
  w.key("signals").begin_array();
  for (const auto& s : r.signals) {
    w.begin_object();
    w.member("entry", s.entry);
    write_time_point(w.key("time"), s.time);
    w.member("carrier", s.carrier);
    w.member("name", s.name);
    w.member("host", s.host);
    w.member("first", s.first);
    write_signal(w.key("decoded"), s.decoded);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string consent_text(const timeline::result& r, const envelope& env) {
  std::string out = fmt::format(
      "harfact {} consent. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  out += capture_text(r.trackers.capture);
  out += fmt::format("Consent platforms: {}\n", r.cmps.empty() ? "none seen" : join(r.cmps, ", "));
  out += fmt::format("Region applied:    {}\n",
                     r.region.empty() ? std::string("not shown by the capture")
                                      : fmt::format("{} ({})", r.region, r.region_source));
  out += fmt::format("Sec-GPC: 1 on:     {} of {} requests\n", r.gpc_requests, r.requests);
  if (r.cookies_stripped) {
    out += "Cookies:           stripped by the export (sanitized); not establishable:\n";
    for (const auto& s : r.not_establishable) out += fmt::format("  - {}\n", s);
  }
  out += "\nTransitions\n";
  out += transitions_text(r);
  out += "\nSignals\n";
  for (const auto& s : r.signals) {
    out += fmt::format("  entry {:<5} {}  {} {} ({}){}\n", s.entry,
                       s.time.us ? har::format_rfc3339_utc(*s.time.us) : std::string("unknown"),
                       s.carrier, s.name, s.decoded.kind, s.decoded.ok ? "" : " NOT DECODED: " + s.decoded.error);
    std::string brief;
    for (int i = 0; i < consent::purpose_count; ++i) {
      const auto g = s.decoded.sum.purposes[static_cast<std::size_t>(i)];
      if (g == consent::grant::unknown) continue;
      brief += fmt::format(" {}={}", consent::purpose_name(static_cast<consent::purpose>(i)),
                           consent::grant_name(g));
    }
    if (s.decoded.sum.interacted) brief += *s.decoded.sum.interacted ? " choice" : " defaults";
    if (s.decoded.sum.gpc.value_or(false)) brief += " gpc";
    if (s.decoded.sum.sale_opt_out) brief += *s.decoded.sum.sale_opt_out ? " sale_opt_out" : " no_sale_opt_out";
    if (!s.decoded.sum.region.empty()) brief += " region=" + s.decoded.sum.region;
    if (!brief.empty()) out += fmt::format("               {}\n", brief.substr(1));
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

}  // namespace harfact::report
