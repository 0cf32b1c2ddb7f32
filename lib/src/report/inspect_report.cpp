#include "harfact/report/inspect_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

using inspect::capture_summary;

void write_time(json_writer& w, std::optional<std::int64_t> us, std::string_view original) {
  if (!us) {
    w.null();
    return;
  }
  w.begin_object();
  w.member("time", har::format_rfc3339_utc(*us));
  w.member("time_us", *us);
  if (original.empty()) {
    w.key("time_original").null();
  } else {
    w.member("time_original", original);
  }
  w.end_object();
}

void write_error(json_writer& w, const std::optional<harfact::error>& err) {
  if (!err) {
    w.null();
    return;
  }
  const auto& e = *err;
  w.begin_object();
  w.member("code", errc_name(e.code));
  w.member("message", e.message);
  w.key("byte_offset");
  e.where.byte_offset == no_offset ? w.null() : w.value(e.where.byte_offset);
  w.key("line");
  e.where.line == 0 ? w.null() : w.value(e.where.line);
  w.key("column");
  e.where.column == 0 ? w.null() : w.value(e.where.column);
  w.key("entry_index");
  e.where.entry_index == no_entry ? w.null() : w.value(e.where.entry_index);
  w.key("json_pointer");
  e.where.json_pointer.empty() ? w.null() : w.value(e.where.json_pointer);
  w.key("hint");
  e.hint.empty() ? w.null() : w.value(e.hint);
  w.end_object();
}

void write_diagnostic(json_writer& w, const diagnostic& d) {
  w.begin_object();
  w.member("code", diag_name(d.code));
  w.member("severity", severity_name(d.level));
  w.member("message", d.message);
  w.key("entry_index");
  d.entry_index == no_entry ? w.null() : w.value(d.entry_index);
  w.key("json_pointer");
  d.json_pointer.empty() ? w.null() : w.value(d.json_pointer);
  w.key("byte_offset");
  d.byte_offset == no_offset ? w.null() : w.value(d.byte_offset);
  w.key("line");
  d.line == 0 ? w.null() : w.value(d.line);
  w.key("column");
  d.column == 0 ? w.null() : w.value(d.column);
  w.end_object();
}

void write_page(json_writer& w, const inspect::page_summary& p) {
  w.begin_object();
  w.key("id");
  p.id.empty() ? w.null() : w.value(p.id);
  w.member("title", p.title);
  write_time(w.key("started"), p.started.valid ? std::optional(p.started.us) : std::nullopt,
             p.started_text);
  w.member("entries", p.entries);
  w.key("main_document");
  if (p.main_document_entry < 0) {
    w.null();
  } else {
    w.begin_object();
    w.member("url", p.main_document_url);
    w.member("entry_index", p.main_document_entry);
    w.member("identified_by", inspect::main_document_source_name(p.main_document_from));
    w.end_object();
  }
  w.key("first_party_domain");
  p.first_party_domain.empty() ? w.null() : w.value(p.first_party_domain);
  w.key("hosts").begin_array();
  for (const auto& h : p.hosts) {
    w.begin_object();
    w.member("host", h.host);
    w.member("registrable_domain", h.registrable_domain);
    w.member("party", inspect::party_name(h.party));
    w.member("requests", h.requests);
    w.member("transfer_bytes", h.transfer_bytes);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_capture(json_writer& w, const capture_summary& c, std::size_t index) {
  const auto& r = c.read;
  w.begin_object();
  w.member("label", fmt::format("capture[{}]", index));
  w.member("path", c.path);
  w.member("bytes", r.input_bytes);
  w.member("decompressed_bytes", r.text_bytes);
  w.member("compression", io::compression_name(r.compression));
  w.member("encoding", io::encoding_name(r.encoding));
  w.member("jsonp_wrapped", r.jsonp_wrapped);
  w.key("sha256");
  r.sha256.empty() ? w.null() : w.value(r.sha256);
  w.key("sha256_decompressed");
  r.sha256_text.empty() ? w.null() : w.value(r.sha256_text);
  w.member("status", c.opened ? har::read_status_name(r.status) : std::string_view("unreadable"));
  write_error(w.key("error"), c.error);
  w.key("har_version");
  c.har_version.empty() ? w.null() : w.value(c.har_version);

  w.key("exporter").begin_object();
  w.member("id", c.exporter_id.empty() ? std::string("none") : c.exporter_id);
  w.member("name", c.exporter_name.empty() ? std::string("no creator") : c.exporter_name);
  w.key("creator").begin_object();
  w.member("name", c.creator_name);
  w.member("version", c.creator_version);
  w.end_object();
  w.key("browser");
  if (c.browser_name.empty() && c.browser_version.empty()) {
    w.null();
  } else {
    w.begin_object();
    w.member("name", c.browser_name);
    w.member("version", c.browser_version);
    w.end_object();
  }
  w.key("log_member_order").begin_array();
  for (const auto& m : c.log_member_order) w.value(m);
  w.end_array();
  w.end_object();

  w.key("entries").begin_object();
  w.member("read", r.entries_read);
  w.member("found", r.entries_declared);
  w.member("skipped", r.entries_skipped);
  w.end_object();

  w.key("time_span").begin_object();
  write_time(w.key("first_started"), c.first_started_us, c.first_started_text);
  write_time(w.key("last_started"), c.last_started_us, {});
  write_time(w.key("last_finished"), c.last_finished_us, {});
  w.key("duration_ms");
  if (c.first_started_us && c.last_finished_us) {
    w.value(static_cast<double>(*c.last_finished_us - *c.first_started_us) / 1000.0);
  } else {
    w.null();
  }
  w.end_object();

  w.key("pages").begin_array();
  for (const auto& p : c.pages) write_page(w, p);
  w.end_array();
  w.member("hosts_total", c.hosts_total);

  w.key("status_histogram").begin_object();
  for (const auto& [k, v] : c.status_histogram) w.member(k, v);
  w.end_object();
  w.key("mime_histogram").begin_object();
  for (const auto& [k, v] : c.mime_histogram) w.member(k, v);
  w.end_object();

  w.key("transfer").begin_object();
  w.member("bytes", c.transfer_bytes);
  w.member("entries_by_transfer_size", c.transfer_from_transfer_size);
  w.member("entries_by_headers_and_body_size", c.transfer_from_sizes);
  w.member("entries_unknown", c.transfer_unknown);
  w.end_object();

  w.key("cookies").begin_object();
  w.member("verdict", c.cookies.verdict.empty() ? std::string("absent") : c.cookies.verdict);
  w.member("stripped", c.cookies.stripped);
  w.member("request_cookie_headers", c.cookies.request_cookie_headers);
  w.member("request_cookies", c.cookies.request_cookies);
  w.member("set_cookie_headers", c.cookies.set_cookie_headers);
  w.member("response_cookies", c.cookies.response_cookies);
  w.member("authorization_headers", c.cookies.authorization_headers);
  w.end_object();

  w.key("diagnostics").begin_object();
  w.member("total", c.diagnostics_total);
  w.member("warnings", c.warnings);
  w.member("errors", c.errors);
  w.key("by_code").begin_object();
  for (const auto& [k, v] : c.diagnostic_counts) w.member(k, v);
  w.end_object();
  w.key("listed").begin_array();
  for (const auto& d : c.diagnostics) write_diagnostic(w, d);
  w.end_array();
  w.member("not_listed", c.diagnostics_total - c.diagnostics.size());
  w.end_object();
  w.end_object();
}

// ---- text -------------------------------------------------------------------

std::string time_text(std::optional<std::int64_t> us) {
  return us ? har::format_rfc3339_utc(*us) : std::string("unknown");
}

std::string histogram_text(const std::map<std::string, std::uint64_t>& h) {
  std::vector<std::pair<std::string, std::uint64_t>> items(h.begin(), h.end());
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [k, v] : items) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} x{}", k, v);
  }
  return out.empty() ? "none" : out;
}

void text_capture(std::string& out, const capture_summary& c, const text_options& o) {
  const auto& r = c.read;
  auto line = [&out](std::string_view label, const std::string& value) {
    fmt::format_to(std::back_inserter(out), "  {:<13} {}\n", label, value);
  };
  fmt::format_to(std::back_inserter(out), "{}\n", c.path);
  std::string bytes = fmt::format("{}", r.input_bytes);
  if (r.compression != io::compression::none) {
    bytes +=
        fmt::format(" ({}, {} decompressed)", io::compression_name(r.compression), r.text_bytes);
  }
  if (r.encoding != io::encoding::utf8) bytes += fmt::format(", {}", io::encoding_name(r.encoding));
  line("bytes", bytes);
  line("sha256", r.sha256.empty() ? "unknown" : r.sha256);
  if (r.compression != io::compression::none) line("sha256 (json)", r.sha256_text);
  if (!c.opened) {
    line("ERROR", fmt::format("[{}] {}", errc_name(c.error->code), c.error->message));
    if (const auto where = describe(c.error->where); !where.empty()) line("where", where);
    if (!c.error->hint.empty()) line("hint", c.error->hint);
    out += '\n';
    return;
  }
  std::string exporter = c.exporter_name;
  exporter += fmt::format(" (creator \"{}\" {}", c.creator_name, c.creator_version);
  if (!c.browser_name.empty()) {
    exporter += fmt::format("; browser \"{}\" {}", c.browser_name, c.browser_version);
  }
  exporter += ')';
  line("exporter", exporter);
  line("HAR version", c.har_version.empty() ? "missing" : c.har_version);
  std::string read = fmt::format("{} entries, {}", r.entries_read, har::read_status_name(r.status));
  if (r.entries_skipped > 0) read += fmt::format(" ({} skipped)", r.entries_skipped);
  if (r.entries_over_limit > 0) {
    read += fmt::format(" ({} more past --max-entries, not read)", r.entries_over_limit);
  }
  if (r.jsonp_wrapped) read += ", JSONP wrapper removed";
  line("read", read);
  if (c.error) {
    line("ERROR", fmt::format("[{}] {}", errc_name(c.error->code), c.error->message));
    if (const auto where = describe(c.error->where); !where.empty()) line("where", where);
  }
  if (c.first_started_us && c.last_finished_us) {
    line("time span",
         fmt::format("{} .. {} ({:.3f} s)", time_text(c.first_started_us),
                     time_text(c.last_finished_us),
                     static_cast<double>(*c.last_finished_us - *c.first_started_us) / 1e6));
  }
  const auto paged = static_cast<std::size_t>(
      std::count_if(c.pages.begin(), c.pages.end(),
                    [](const inspect::page_summary& p) { return !p.id.empty(); }));
  line("pages", fmt::format("{}{}", paged, paged == 0 ? " (log.pages absent or empty)" : ""));
  for (const auto& p : c.pages) {
    if (p.id.empty()) {
      fmt::format_to(std::back_inserter(out), "    (entries without a known page): {} entries\n",
                     p.entries);
    } else {
      fmt::format_to(std::back_inserter(out), "    {} \"{}\" started {}, {} entries\n", p.id,
                     p.title, p.started.valid ? har::format_rfc3339_utc(p.started.us) : "unknown",
                     p.entries);
    }
    if (p.main_document_entry >= 0) {
      fmt::format_to(std::back_inserter(out), "      main document  entry {}: {} (by {})\n",
                     p.main_document_entry, detail::clip(p.main_document_url, 2000),
                     inspect::main_document_source_name(p.main_document_from));
    }
    for (const auto which :
         {inspect::party::first_party, inspect::party::third_party, inspect::party::unknown}) {
      std::string hosts;
      std::size_t n = 0;
      std::size_t shown = 0;
      for (const auto& h : p.hosts) {
        if (h.party != which) continue;
        ++n;
        if (shown >= o.max_hosts) continue;
        ++shown;
        if (!hosts.empty()) hosts += ", ";
        hosts += fmt::format("{} ({})", h.host.empty() ? "(no host)" : h.host, h.requests);
      }
      if (n == 0) continue;
      if (shown < n) hosts += fmt::format(", ... {} more", n - shown);
      const std::string label =
          which == inspect::party::first_party
              ? fmt::format("first party ({})", p.first_party_domain)
              : (which == inspect::party::third_party ? std::string("third party")
                                                      : std::string("party unknown"));
      fmt::format_to(std::back_inserter(out), "      {}: {}\n", label, hosts);
    }
  }
  line("hosts", fmt::format("{} distinct", c.hosts_total));
  line("status", histogram_text(c.status_histogram));
  line("MIME types", histogram_text(c.mime_histogram));
  line("transferred",
       fmt::format("{} bytes (_transferSize on {} entries, headersSize+bodySize on {}, unknown "
                   "on {})",
                   c.transfer_bytes, c.transfer_from_transfer_size, c.transfer_from_sizes,
                   c.transfer_unknown));
  const auto& k = c.cookies;
  std::string cookies = k.verdict;
  if (k.stripped) {
    cookies =
        "ABSENT: likely a sanitized export (Chrome DevTools strips Cookie and Set-Cookie by "
        "default); conclusions that need cookies cannot be drawn from this capture";
  } else {
    cookies += fmt::format(
        " ({} Cookie headers, {} request cookies, {} Set-Cookie headers, {} "
        "response cookies)",
        k.request_cookie_headers, k.request_cookies, k.set_cookie_headers, k.response_cookies);
  }
  line("cookies", cookies);
  std::string diag_line =
      fmt::format("{} ({} errors, {} warnings)", c.diagnostics_total, c.errors, c.warnings);
  if (!c.diagnostic_counts.empty()) diag_line += ": " + histogram_text(c.diagnostic_counts);
  line("diagnostics", diag_line);
  std::size_t listed = 0;
  for (const auto& d : c.diagnostics) {
    if (listed++ >= o.max_diagnostics) break;
    std::string where;
    if (d.line != 0) where = fmt::format("{}:{} ", d.line, d.column);
    if (d.entry_index != no_entry) where += fmt::format("entry {} ", d.entry_index);
    fmt::format_to(std::back_inserter(out), "    {:<7} {}{}: {}\n", severity_name(d.level), where,
                   diag_name(d.code), d.message);
  }
  if (c.diagnostics_total > listed) {
    fmt::format_to(std::back_inserter(out), "    ... {} more (see --format json)\n",
                   c.diagnostics_total - std::min<std::uint64_t>(listed, c.diagnostics.size()));
  }
  out += '\n';
}

}  // namespace

std::vector<input_ref> inspect_inputs(const std::vector<capture_summary>& captures) {
  std::vector<input_ref> refs;
  for (std::size_t i = 0; i < captures.size(); ++i) {
    const auto& c = captures[i];
    input_ref ref;
    ref.label = fmt::format("capture[{}]", i);
    ref.path = c.path;
    if (!c.read.sha256.empty()) {
      ref.bytes = c.read.input_bytes;
      ref.sha256 = c.read.sha256;
      ref.sha256_decompressed = c.read.sha256_text;
    }
    refs.push_back(std::move(ref));
  }
  return refs;
}

std::string inspect_json(const std::vector<capture_summary>& captures, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "inspect");
  w.key("conventions").begin_object();
  w.member("entry_index", "0-based position in log.entries as stored");
  w.member("times", "RFC 3339 UTC with microseconds; time_us is microseconds since the epoch");
  w.end_object();
  w.key("captures").begin_array();
  for (std::size_t i = 0; i < captures.size(); ++i) write_capture(w, captures[i], i);
  w.end_array();
  w.end_object();
  return w.take();
}

std::string inspect_text(const std::vector<capture_summary>& captures, const envelope& env,
                         const text_options& options) {
  std::string out = fmt::format(
      "harfact {} inspect. Entry indexes are 0-based positions in log.entries; times are "
      "UTC.\n",
      tool_version());
  if (env.public_suffix_sha256) {
    fmt::format_to(std::back_inserter(out), "Public Suffix List sha256 {}\n",
                   *env.public_suffix_sha256);
  }
  out += '\n';
  for (const auto& c : captures) text_capture(out, c, options);
  // Safe on a terminal: capture text may hold escape sequences.
  return detail::clean(out, false);
}

}  // namespace harfact::report
