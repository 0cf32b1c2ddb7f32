// Checks about what the capture holds: who exported it, whether the file is
// whole, whether the recording began at a page load, pages without entries,
// bodies the capture did not keep, cookies stripped by a sanitizing export.
#include <fmt/format.h>

#include <algorithm>

#include "check/verify_detail.hpp"

namespace harfact::check::detail {

namespace {

const inspect::capture_summary& capture(const context& c) { return c.r.timeline.trackers.capture; }

std::string where(const diagnostic& d) {
  std::string out;
  if (d.line != 0) out = fmt::format("line {} column {}", d.line, d.column);
  if (!d.json_pointer.empty() && d.message.find(d.json_pointer) == std::string::npos) {
    out += (out.empty() ? "" : ", ") + d.json_pointer;
  }
  return out;
}

// "line 916 column 41, byte 25958, /log/entries/7" (no file name: evidence
// must not depend on where the file was).
std::string location_text(const location& at) {
  std::string out;
  auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (at.line != 0) add(fmt::format("line {} column {}", at.line, at.column));
  if (at.byte_offset != no_offset) add(fmt::format("byte {}", at.byte_offset));
  if (!at.json_pointer.empty()) add(at.json_pointer);
  return out;
}

}  // namespace

const entry_row* row_of(const facts& f, std::int64_t index) {
  if (index < 0) return nullptr;
  const auto it = std::lower_bound(f.rows.begin(), f.rows.end(), static_cast<std::uint64_t>(index),
                                   [](const entry_row& r, std::uint64_t i) { return r.index < i; });
  return it != f.rows.end() && it->index == static_cast<std::uint64_t>(index) ? &*it : nullptr;
}

void diagnostics_evidence(const context& c, std::initializer_list<diag> codes, evidence_sink& sink,
                          std::uint64_t& total) {
  const auto& cap = capture(c);
  for (const diag code : codes) {
    const auto it = cap.diagnostic_counts.find(std::string(diag_name(code)));
    if (it != cap.diagnostic_counts.end()) total += it->second;
  }
  for (const auto& d : cap.diagnostics) {
    if (std::find(codes.begin(), codes.end(), d.code) == codes.end()) continue;
    const entry_row* row = row_of(c.f, d.entry_index);
    std::optional<std::uint64_t> entry;
    if (d.entry_index >= 0) entry = static_cast<std::uint64_t>(d.entry_index);
    sink.add(entry, row != nullptr ? row->time : timeline::time_point{}, [&] {
      const std::string at = where(d);
      return at.empty() ? d.message : fmt::format("{} ({})", d.message, at);
    });
  }
}

integrity_check check_exporter(const context& c) {
  const auto& cap = capture(c);
  std::string creator = fmt::format("log.creator \"{}\"{}", cap.creator_name,
                                    cap.creator_version.empty()
                                        ? std::string()
                                        : fmt::format(" version \"{}\"", cap.creator_version));
  if (!cap.browser_name.empty()) {
    creator += fmt::format(", log.browser \"{}\" \"{}\"", cap.browser_name, cap.browser_version);
  }
  const std::string version = cap.har_version.empty() ? "unknown" : cap.har_version;
  integrity_check out;
  if (c.exporter_id == "none") {
    out = make_check("exporter", status::warn,
                     "The capture names no creator (log.creator is missing or empty, though HAR "
                     "1.2 requires it). Who made the file, and so what it can be expected to hold "
                     "and how its times were taken, is unknown.");
  } else if (c.exporter_id == "other") {
    out = make_check(
        "exporter", status::warn,
        fmt::format("The capture was written by \"{}\", a tool harfact does not recognise. What "
                    "such a tool records (cookies, initiators, bodies) and how it takes its "
                    "times is unknown, so what is absent from the file proves little.",
                    cap.creator_name));
  } else if (cap.creator_version.empty()) {
    out = make_check("exporter", status::warn,
                     fmt::format("Written by {}, but log.creator gives no version. Exporters "
                                 "changed what they record between versions (Chrome began to "
                                 "strip cookies by default), so the version matters.",
                                 cap.exporter_name));
  } else if (version != "1.1" && version != "1.2") {
    out = make_check("exporter", status::warn,
                     fmt::format("Written by {} {}, but the file claims HAR version \"{}\", "
                                 "which no exporter writes (1.1 and 1.2 exist).",
                                 cap.exporter_name, cap.creator_version, version));
  } else {
    out = make_check("exporter", status::pass,
                     fmt::format("Written by {}: {}, HAR {}. The exporter decides what the file "
                                 "can hold (cookies, initiators, bodies) and how its times were "
                                 "taken.",
                                 cap.exporter_name, creator, version));
    return out;
  }
  out.evidence.push_back({std::nullopt, creator, {}});
  out.count = 1;
  return out;
}

integrity_check check_truncation(const context& c) {
  const auto& cap = capture(c);
  if (!cap.opened) {
    integrity_check out = make_check(
        "truncation", status::fail,
        fmt::format("The file could not be read as a HAR ({}). Nothing in it can be relied on "
                    "until a readable copy of the original export is obtained.",
                    cap.error ? cap.error->message : std::string("unknown error")));
    if (cap.error) {
      const std::string at = location_text(cap.error->where);
      out.evidence.push_back({std::nullopt, at.empty() ? cap.error->message : at, {}});
      out.count = 1;
    }
    return out;
  }
  evidence_sink sink;
  std::uint64_t total = 0;
  if (cap.error) {
    const std::string pos = location_text(cap.error->where);
    sink.add_text(
        std::nullopt, {},
        pos.empty() ? cap.error->message : fmt::format("{} ({})", cap.error->message, pos));
    ++total;
  }
  diagnostics_evidence(c,
                       {diag::invalid_entry, diag::not_an_object, diag::limit_exceeded,
                        diag::trailing_data, diag::invalid_member},
                       sink, total);
  const auto& read = cap.read;
  integrity_check out;
  switch (read.status) {
    case har::read_status::complete:
      return make_check("truncation", status::pass,
                        fmt::format("Every one of the {} entries was read; the file is complete "
                                    "and well-formed.",
                                    read.entries_read));
    case har::read_status::salvaged:
      out = make_check(
          "truncation", status::warn,
          fmt::format("Parts of the file are malformed and were skipped ({} read, {} skipped); "
                      "the results cover the rest. A file damaged in places was changed or "
                      "corrupted after export, and what the skipped parts said is unknown.",
                      count_text(read.entries_read, "entry", "entries"), read.entries_skipped));
      break;
    case har::read_status::truncated:
    case har::read_status::failed:
      out = make_check(
          "truncation", status::fail,
          fmt::format("The file {}: {} were recovered, and what follows byte {} is lost. "
                      "Whatever came after (later requests, a consent choice, later hits) is "
                      "missing, so the capture cannot show what did or did not happen after "
                      "that point.",
                      read.status == har::read_status::truncated
                          ? "ends in the middle of the document"
                          : "stops being valid JSON",
                      count_text(read.entries_read, "complete entry", "complete entries"),
                      read.cut_offset == no_offset ? read.text_bytes : read.cut_offset));
      break;
  }
  take_evidence(out, sink);
  out.count = total;
  return out;
}

integrity_check check_starts_mid_page(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("starts_mid_page", status::not_applicable, "The capture has no entries.");
  // The first request in time (ties and missing times: the first in the file).
  const entry_row* first = &f.rows.front();
  for (const auto& r : f.rows) {
    if (r.time.us && (!first->time.us || *r.time.us < *first->time.us)) first = &r;
  }
  evidence_sink sink;
  if (!first->navigation) {
    sink.add(first->index, first->time, [&] {
      return fmt::format("the first request of the capture, {} ({}), is not a page load",
                         shorten(first->url, 100), first->resource_type);
    });
  }
  const auto& pages = capture(c).pages;
  for (const auto& p : pages) {
    if (p.entries == 0) continue;
    if (p.main_document_from != inspect::main_document_source::first_entry &&
        p.main_document_from != inspect::main_document_source::none) {
      continue;
    }
    std::optional<std::uint64_t> entry;
    if (p.main_document_entry >= 0) entry = static_cast<std::uint64_t>(p.main_document_entry);
    const entry_row* row = row_of(f, p.main_document_entry);
    sink.add(entry, row != nullptr ? row->time : timeline::time_point{}, [&] {
      return p.id.empty()
                 ? fmt::format(
                       "the entries without a page include no document request; the "
                       "first is {}",
                       shorten(p.main_document_url, 100))
                 : fmt::format("page \"{}\" has no document request; its first entry is {}", p.id,
                               shorten(p.main_document_url, 100));
    });
  }
  // A first page load that came from another page of the same site.
  const entry_row* nav = nullptr;
  for (const auto& r : f.rows) {
    if (r.navigation && r.time.us && (nav == nullptr || *r.time.us < *nav->time.us)) nav = &r;
  }
  if (nav != nullptr && nav->referer_site != 0 && nav->referer_site == nav->site) {
    sink.add(nav->index, nav->time, [&] {
      return fmt::format(
          "the first page load came from {}, a page of the same site that the "
          "capture does not include",
          shorten(nav->referer, 100));
    });
  }
  if (sink.count == 0) {
    return make_check("starts_mid_page", status::pass,
                      fmt::format("The recording begins with a page load (entry {}, {}) and every "
                                  "page has its document request, so no earlier request of the "
                                  "visit is missing from the start.",
                                  first->index, shorten(first->url, 100)));
  }
  integrity_check out = make_check(
      "starts_mid_page", status::warn,
      "The recording began after the visit had started: the earliest requests, which decide "
      "what fired before any consent choice and which cookies were already set, may be missing "
      "from the capture.");
  take_evidence(out, sink);
  return out;
}

integrity_check check_empty_pages(const context& c) {
  const auto& cap = capture(c);
  evidence_sink sink;
  std::size_t named = 0;
  std::uint64_t empty = 0;
  for (const auto& p : cap.pages) {
    if (p.id.empty()) continue;
    ++named;
    if (p.entries != 0) continue;
    ++empty;
    sink.add(std::nullopt, {}, [&] {
      return fmt::format(
          "page \"{}\" ({}, started {}) has no entries", p.id, shorten(p.title, 80),
          p.started_text.empty() ? std::string("at an unknown time") : p.started_text);
    });
  }
  std::uint64_t unknown = 0;
  diagnostics_evidence(c, {diag::unknown_pageref}, sink, unknown);
  sink.count = empty + unknown;
  if (named == 0 && unknown == 0) {
    return make_check("empty_pages", status::not_applicable,
                      "The capture has no log.pages (HAR 1.2 makes them optional), so there is no "
                      "page to check.");
  }
  if (sink.count == 0) {
    return make_check("empty_pages", status::pass,
                      fmt::format("{} in log.pages {} entries, and every pageref names one.",
                                  each_of(named, "page", "pages"), named == 1 ? "has" : "have"));
  }
  integrity_check out = make_check(
      "empty_pages", status::warn,
      "Pages are listed without any of their requests, or entries name pages that are not "
      "listed. Browsers' exporters list a page only for requests it made, so requests were "
      "removed or the file was assembled from parts.");
  take_evidence(out, sink);
  return out;
}

integrity_check check_missing_bodies(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("missing_bodies", status::not_applicable, "The capture has no entries.");
  const std::string responses =
      f.response_bodies == 0
          ? std::string()
          : fmt::format(
                " Response bodies: {} of {} kept (exporters often leave them out; the "
                "consent platform's configuration and geolocation answers are among them).",
                f.response_bodies - f.response_bodies_missing, f.response_bodies);
  if (f.request_bodies_missing.count == 0) {
    return make_check(
        "missing_bodies", status::pass,
        f.request_bodies == 0
            ? fmt::format("No request sent a body.{}", responses)
            : fmt::format("{} that sent a body {} it in the capture, so what the recipients "
                          "received can be read.{}",
                          each_of(f.request_bodies, "request", "requests"),
                          f.request_bodies == 1 ? "has" : "have", responses));
  }
  integrity_check out = make_check(
      "missing_bodies", status::warn,
      fmt::format("{} of {} requests that sent a body have none in the capture: what those "
                  "requests carried (and so what a tracker received) cannot be shown from this "
                  "file.{}",
                  f.request_bodies_missing.count, f.request_bodies, responses));
  take_evidence(out, f.request_bodies_missing);
  return out;
}

integrity_check check_sanitized_export(const context& c) {
  const auto& cap = capture(c);
  const auto& k = cap.cookies;
  if (cap.entries == 0)
    return make_check("sanitized_export", status::not_applicable, "The capture has no entries.");
  if (k.verdict == "present") {
    return make_check(
        "sanitized_export", status::pass,
        fmt::format("Cookies are present ({} Cookie and {} Set-Cookie headers, {} and {} cookie "
                    "array elements), so consent cookies and when they appeared can be read.",
                    k.request_cookie_headers, k.set_cookie_headers, k.request_cookies,
                    k.response_cookies));
  }
  std::string summary;
  if (k.stripped) {
    summary =
        "No Cookie or Set-Cookie header and no cookie anywhere in a Chrome DevTools export: "
        "what Chrome's default \"sanitized\" export leaves. Consent cookies, and when they "
        "appeared or changed, cannot be established from this capture; conclusions rest on URLs "
        "and bodies only.";
  } else {
    summary = fmt::format(
        "No cookie anywhere in the capture. {} may not record cookies, or the browser sent and "
        "received none; either way consent cookies and identifiers cannot be read from it.",
        cap.exporter_name.empty() ? std::string("The exporter") : cap.exporter_name);
  }
  if (k.authorization_headers > 0) {
    summary += fmt::format(
        " Yet {} Authorization headers remain, which Chrome's sanitizer removes too: the "
        "cookies were removed some other way, or never recorded.",
        k.authorization_headers);
  }
  integrity_check out = make_check("sanitized_export", status::warn, std::move(summary));
  out.evidence.push_back(
      {std::nullopt,
       fmt::format("no Cookie or Set-Cookie header and no cookies array element in any of the {}",
                   count_text(cap.entries, "entry", "entries")),
       {}});
  for (const auto& s : c.r.timeline.not_establishable) {
    out.evidence.push_back({std::nullopt, "not establishable: " + s, {}});
  }
  out.count = out.evidence.size();
  return out;
}

}  // namespace harfact::check::detail
