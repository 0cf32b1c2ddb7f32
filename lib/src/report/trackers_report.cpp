#include "harfact/report/trackers_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

using trackers::hit;
using trackers::vendor_hits;

void write_time(json_writer& w, const hit& h) {
  if (!h.time_us) {
    w.null();
    return;
  }
  w.begin_object();
  w.member("time", har::format_rfc3339_utc(*h.time_us));
  w.member("time_us", *h.time_us);
  w.member("time_original", h.time_original);
  w.end_object();
}

std::string page_id(const trackers::result& r, const hit& h) {
  return h.page < r.capture.pages.size() ? r.capture.pages[h.page].id : std::string();
}

void write_hit_ref(json_writer& w, const trackers::result& r, const hit& h) {
  w.begin_object();
  w.member("entry", h.entry);
  write_time(w.key("time"), h);
  w.key("page");
  const std::string page = page_id(r, h);
  page.empty() ? w.null() : w.value(page);
  w.member("url", h.url);
  w.member("signature", h.sig->ref());
  w.end_object();
}

std::map<std::string, std::uint64_t> roles_of(const trackers::result& r, const vendor_hits& v) {
  std::map<std::string, std::uint64_t> roles;
  for (const auto i : v.hits) roles[std::string(sig::role_name(r.hits[i].sig->role))]++;
  return roles;
}

std::vector<std::string> signatures_of(const trackers::result& r, const vendor_hits& v) {
  std::vector<std::string> refs;
  for (const auto i : v.hits) {
    const std::string ref = r.hits[i].sig->ref();
    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
  }
  return refs;
}

std::string theories_text(const sig::vendor& v) {
  std::string out;
  for (const auto t : v.theories) {
    if (!out.empty()) out += ", ";
    out += sig::theory_label(t);
  }
  return out.empty() ? "-" : out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

void write_tracker(json_writer& w, const trackers::result& r, const vendor_hits& v) {
  const sig::vendor& vendor = *v.vendor;
  w.begin_object();
  w.member("vendor_id", vendor.vendor_id);
  w.member("vendor", vendor.name);
  w.member("company", vendor.company);
  w.member("category", sig::category_name(vendor.category));
  w.key("theories").begin_array();
  for (const auto t : vendor.theories) w.value(sig::theory_name(t));
  w.end_array();
  w.member("hits", static_cast<std::uint64_t>(v.hits.size()));
  w.member("third_party_hits", v.third_party_hits);
  write_hit_ref(w.key("first_hit"), r, r.hits[v.hits.front()]);
  write_hit_ref(w.key("last_hit"), r, r.hits[v.hits.back()]);
  w.key("roles").begin_object();
  for (const auto& [role, n] : roles_of(r, v)) w.member(role, n);
  w.end_object();
  w.key("signatures").begin_array();
  for (const auto& ref : signatures_of(r, v)) w.value(ref);
  w.end_array();
  w.key("events").begin_array();
  for (const auto& [name, n] : v.events) {
    w.begin_object();
    w.member("name", name);
    w.member("hits", n);
    w.end_object();
  }
  w.end_array();
  w.key("data_fields").begin_array();
  for (const auto& f : v.fields) {
    w.begin_object();
    w.member("name", f.name);
    w.member("kind", decode::field_kind_name(f.kind));
    w.key("meaning");
    f.meaning.empty() ? w.null() : w.value(f.meaning);
    w.member("uncertain", f.uncertain);
    w.member("hits", f.hits);
    w.end_object();
  }
  w.end_array();
  w.key("personal_data").begin_object();
  w.member("total", v.personal_data_total);
  w.key("listed").begin_array();
  for (const auto& p : v.personal_data) {
    w.begin_object();
    w.member("entry", r.hits[p.hit].entry);
    w.member("field", p.field);
    w.member("kind", p.kind);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.member("body_not_captured", v.body_not_captured);
  w.key("uncertain").begin_array();
  for (const auto& u : vendor.uncertain) w.value(u);
  w.end_array();
  w.end_object();
}

void write_hit(json_writer& w, const trackers::result& r, const hit& h) {
  w.begin_object();
  w.member("entry", h.entry);
  write_time(w.key("time"), h);
  w.member("vendor_id", h.vendor->vendor_id);
  w.member("signature", h.sig->ref());
  w.member("role", sig::role_name(h.sig->role));
  w.member("party", inspect::party_name(h.party));
  w.key("page");
  const std::string page = page_id(r, h);
  page.empty() ? w.null() : w.value(page);
  w.member("method", h.method);
  w.member("url", h.url);
  w.member("host", h.host);
  w.member("status", h.status);
  w.key("also_matched").begin_array();
  for (const auto* s : h.also) w.value(s->ref());
  w.end_array();
  w.key("events").begin_array();
  for (const auto& ev : h.decoded.events) w.value(ev);
  w.end_array();
  w.key("fields").begin_array();
  for (const auto& f : h.decoded.fields) {
    w.begin_object();
    w.member("name", f.name);
    w.member("value", f.value);
    w.member("truncated", f.truncated);
    w.member("kind", decode::field_kind_name(f.kind));
    w.key("meaning");
    f.meaning.empty() ? w.null() : w.value(f.meaning);
    w.member("uncertain", f.uncertain);
    w.member("source", f.source);
    w.key("personal_data");
    f.personal_data.empty() ? w.null() : w.value(f.personal_data);
    w.end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : h.decoded.notes) w.value(n);
  w.end_array();
  w.member("body_not_captured", h.decoded.body_not_captured);
  w.end_object();
}

// The fields a vendor received, grouped by what they are.
void text_fields(std::string& out, const vendor_hits& v) {
  for (std::size_t k = 0; k <= static_cast<std::size_t>(decode::field_kind::other); ++k) {
    const auto kind = static_cast<decode::field_kind>(k);
    std::string names;
    for (const auto& f : v.fields) {
      if (f.kind != kind) continue;
      names += fmt::format("{}{}{}", names.empty() ? "" : ", ", f.name, f.uncertain ? " (?)" : "");
    }
    if (!names.empty()) {
      out += fmt::format("    {:<12} {}\n", decode::field_kind_name(kind), names);
    }
  }
}

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

std::string time_text(const hit& h) {
  return h.time_us ? har::format_rfc3339_utc(*h.time_us) : std::string("unknown");
}

// Unclassified hits grouped by registrable domain, in order of first hit.
std::vector<std::vector<std::size_t>> group_unclassified(const trackers::result& r) {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < r.unclassified.size(); ++i) {
    const auto& u = r.unclassified[i];
    const std::string key = u.registrable_domain.empty() ? u.host : u.registrable_domain;
    auto [it, inserted] = index.emplace(key, groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

void write_unclassified_time(json_writer& w, const trackers::unclassified_hit& u) {
  if (!u.time_us) {
    w.null();
    return;
  }
  w.begin_object();
  w.member("time", har::format_rfc3339_utc(*u.time_us));
  w.member("time_us", *u.time_us);
  w.member("time_original", u.time_original);
  w.end_object();
}

void write_unclassified_hit(json_writer& w, const trackers::unclassified_hit& u) {
  w.begin_object();
  w.member("entry", u.entry);
  write_unclassified_time(w.key("time"), u);
  w.member("method", u.method);
  w.member("url", u.url);
  w.member("host", u.host);
  w.member("party", inspect::party_name(u.party));
  w.member("type", sig::request_type_name(u.type));
  w.member("list", u.list);
  w.member("line", u.line);
  w.member("rule", u.rule);
  w.end_object();
}

}  // namespace

void describe_lists(envelope& env, const sig::filter_engine& lists) {
  for (const auto& l : lists.lists())
    env.lists.push_back(list_ref{l.path, l.sha256, l.network_rules});
}

void describe_database(envelope& env, const sig::database& db) {
  if (!db.loaded()) return;
  env.db_version = db.version();
  env.db_sha256 = db.sha256();
}

std::string trackers_json(const std::vector<trackers::result>& results, const envelope& env,
                          const trackers_options& options) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "trackers");
  w.key("conventions").begin_object();
  w.member("entry", "0-based position in log.entries as stored");
  w.member("times", "RFC 3339 UTC with microseconds; time_us is microseconds since the epoch");
  w.member("signature", "id@rev of the most specific matching signature");
  w.end_object();
  // One capture: its trackers at the top level, as the contract asks.
  const trackers::result& r = results.front();
  w.key("capture").begin_object();
  w.member("path", r.capture.path);
  w.key("sha256");
  r.capture.read.sha256.empty() ? w.null() : w.value(r.capture.read.sha256);
  w.member("status", r.capture.opened ? har::read_status_name(r.capture.read.status)
                                      : std::string_view("unreadable"));
  w.key("error");
  if (r.capture.error) {
    w.begin_object();
    w.member("code", errc_name(r.capture.error->code));
    w.member("message", r.capture.error->message);
    w.end_object();
  } else {
    w.null();
  }
  w.member("entries", r.capture.entries);
  w.member("exporter", r.capture.exporter_id.empty() ? std::string("none") : r.capture.exporter_id);
  w.member("cookies",
           r.capture.cookies.verdict.empty() ? std::string("absent") : r.capture.cookies.verdict);
  w.end_object();
  w.key("trackers").begin_array();
  for (const auto& v : r.vendors) write_tracker(w, r, v);
  w.end_array();
  w.key("unclassified").begin_array();
  for (const auto& group : group_unclassified(r)) {
    const auto& first = r.unclassified[group.front()];
    w.begin_object();
    w.member("registrable_domain",
             first.registrable_domain.empty() ? first.host : first.registrable_domain);
    w.member("hits", static_cast<std::uint64_t>(group.size()));
    w.member(
        "third_party_hits",
        static_cast<std::uint64_t>(std::count_if(group.begin(), group.end(), [&](std::size_t i) {
          return r.unclassified[i].party == inspect::party::third_party;
        })));
    write_unclassified_hit(w.key("first_hit"), first);
    w.end_object();
  }
  w.end_array();
  if (options.hits) {
    w.key("hits").begin_array();
    for (const auto& h : r.hits) write_hit(w, r, h);
    w.end_array();
    w.key("unclassified_hits").begin_array();
    for (const auto& u : r.unclassified) write_unclassified_hit(w, u);
    w.end_array();
  }
  w.end_object();
  return w.take();
}

std::string trackers_text(const std::vector<trackers::result>& results, const envelope& env,
                          const trackers_options& options) {
  std::string out = fmt::format(
      "harfact {} trackers. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  for (const auto& r : results) {
    out += fmt::format(
        "{}\n  sha256 {}\n  {} entries, {}; {} requests matched {} vendor(s)\n", r.capture.path,
        r.capture.read.sha256.empty() ? "unknown" : r.capture.read.sha256, r.capture.entries,
        r.capture.opened ? har::read_status_name(r.capture.read.status)
                         : std::string_view("unreadable"),
        r.hits.size(), r.vendors.size());
    if (r.capture.error) {
      out += fmt::format("  ERROR [{}] {}\n", errc_name(r.capture.error->code),
                         r.capture.error->message);
    }
    if (r.capture.cookies.stripped) {
      out +=
          "  cookies were stripped by a sanitizing export: cookie-borne identifiers and "
          "consent cannot be seen\n";
    }
    out += '\n';
    for (const auto& v : r.vendors) {
      const sig::vendor& vendor = *v.vendor;
      const hit& first = r.hits[v.hits.front()];
      const hit& last = r.hits[v.hits.back()];
      out += fmt::format("  {} ({}) [{}], {}\n", vendor.name, vendor.vendor_id,
                         sig::category_name(vendor.category), theories_text(vendor));
      out += fmt::format("    hits         {} ({} third-party)", v.hits.size(), v.third_party_hits);
      std::string roles;
      for (const auto& [role, n] : roles_of(r, v)) {
        roles += fmt::format("{}{} {}", roles.empty() ? "" : ", ", n, role);
      }
      out += fmt::format(": {}\n", roles);
      out += fmt::format("    first        entry {} at {}: {}\n", first.entry, time_text(first),
                         first.url.substr(0, 160));
      if (v.hits.size() > 1) {
        out += fmt::format("    last         entry {} at {}\n", last.entry, time_text(last));
      }
      out += fmt::format("    signatures   {}\n", join(signatures_of(r, v), ", "));
      if (!v.events.empty()) {
        std::string events;
        for (const auto& [name, n] : v.events) {
          events += fmt::format("{}{} x{}", events.empty() ? "" : ", ", name, n);
        }
        out += fmt::format("    events       {}\n", events);
      }
      text_fields(out, v);
      for (const auto& p : v.personal_data) {
        out += fmt::format("    PERSONAL     entry {}: {} looks like {} (plain text)\n",
                           r.hits[p.hit].entry, p.field, p.kind);
      }
      if (v.personal_data_total > v.personal_data.size()) {
        out += fmt::format("    PERSONAL     ... {} more\n",
                           v.personal_data_total - v.personal_data.size());
      }
      if (v.body_not_captured > 0) {
        out += fmt::format("    not captured {} request bodies were not kept by the capture\n",
                           v.body_not_captured);
      }
      for (const auto& u : vendor.uncertain) out += fmt::format("    uncertain    {}\n", u);
    }
    const auto groups = group_unclassified(r);
    if (!groups.empty()) {
      out += fmt::format(
          "\n  Unclassified trackers (no harfact signature; blocked by a broad "
          "list): {} requests, {} domains\n",
          r.unclassified.size(), groups.size());
      for (const auto& group : groups) {
        const auto& u = r.unclassified[group.front()];
        out += fmt::format(
            "    {} x{}: first entry {} at {}, {} line {}: {}\n",
            u.registrable_domain.empty() ? u.host : u.registrable_domain, group.size(), u.entry,
            u.time_us ? har::format_rfc3339_utc(*u.time_us) : "unknown", u.list, u.line, u.rule);
      }
    }
    if (options.hits) {
      out += "\n  hits:\n";
      for (const auto& h : r.hits) {
        out += fmt::format("    {:>6} {} {:<24} {:<36} {:<11} {} {}\n", h.entry, time_text(h),
                           h.vendor->vendor_id, h.sig->ref(), inspect::party_name(h.party),
                           h.method, h.url.substr(0, 200));
        for (const auto& f : h.decoded.fields) {
          if (f.kind == decode::field_kind::other && f.personal_data.empty()) continue;
          out += fmt::format("           {:<16} {} = {}{}\n", decode::field_kind_name(f.kind),
                             f.name, f.value.substr(0, 120),
                             f.personal_data.empty() ? "" : "   <- looks like " + f.personal_data);
        }
        for (const auto& n : h.decoded.notes) out += fmt::format("           note: {}\n", n);
      }
      for (const auto& u : r.unclassified) {
        out += fmt::format("    {:>6} {} {:<24} {}:{} {:<11} {} {}\n", u.entry,
                           u.time_us ? har::format_rfc3339_utc(*u.time_us) : "unknown",
                           "(unclassified)", u.list, u.line, inspect::party_name(u.party), u.method,
                           u.url.substr(0, 200));
      }
    }
    out += '\n';
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

std::string trackers_csv(const std::vector<trackers::result>& results,
                         const trackers_options& options) {
  std::string out;
  if (options.hits) {
    out = "path,entry,time,vendor_id,signature,role,party,method,url\r\n";
    for (const auto& r : results) {
      for (const auto& u : r.unclassified) {
        out += fmt::format("{},{},{},(unclassified),{},broad_list,{},{},{}\r\n",
                           csv_field(r.capture.path), u.entry,
                           u.time_us ? har::format_rfc3339_utc(*u.time_us) : "unknown",
                           csv_field(fmt::format("{}:{} {}", u.list, u.line, u.rule)),
                           inspect::party_name(u.party), csv_field(u.method), csv_field(u.url));
      }
      for (const auto& h : r.hits) {
        out += fmt::format("{},{},{},{},{},{},{},{},{}\r\n", csv_field(r.capture.path), h.entry,
                           time_text(h), h.vendor->vendor_id, h.sig->ref(),
                           sig::role_name(h.sig->role), inspect::party_name(h.party),
                           csv_field(h.method), csv_field(h.url));
      }
    }
    return out;
  }
  out =
      "path,vendor_id,vendor,category,theories,hits,third_party_hits,first_entry,first_time,"
      "last_entry,last_time,signatures,data_fields\r\n";
  for (const auto& r : results) {
    for (const auto& v : r.vendors) {
      const hit& first = r.hits[v.hits.front()];
      const hit& last = r.hits[v.hits.back()];
      std::vector<std::string> theories;
      for (const auto t : v.vendor->theories) theories.emplace_back(sig::theory_name(t));
      std::vector<std::string> events, fields;
      for (const auto& e : v.events) events.push_back(e.first);
      for (const auto& f : v.fields) fields.push_back(f.name);
      out += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(r.capture.path),
          v.vendor->vendor_id, csv_field(v.vendor->name), sig::category_name(v.vendor->category),
          csv_field(join(theories, ";")), v.hits.size(), v.third_party_hits, first.entry,
          time_text(first), last.entry, time_text(last), csv_field(join(signatures_of(r, v), ";")),
          csv_field(join(events, ";")), csv_field(join(fields, ";")), v.personal_data_total);
    }
  }
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

}  // namespace harfact::report
