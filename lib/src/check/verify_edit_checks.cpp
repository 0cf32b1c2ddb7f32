// Checks for signs of editing: duplicated entries, sizes against bodies,
// queryString against the URL, cookie arrays against their headers, duplicate
// JSON members, and entries written unlike the rest of the file or unlike the
// exporter the file names.
#include <fmt/format.h>

#include <algorithm>

#include "check/verify_detail.hpp"

namespace harfact::check::detail {

namespace {

// Exporters that serialise with JavaScript's JSON.stringify (browsers' own
// tools and Node libraries; every such file of the corpus follows its rules).
constexpr std::string_view k_js_exporters[] = {
    "chrome_devtools", "firefox_devtools", "safari_web_inspector",
    "playwright",      "chrome_har",       "browsertime",
    "phantomjs",       "pollyjs",          "puppeteer_har",
    "capture_har"};

bool js_exporter(std::string_view id) {
  return std::find(std::begin(k_js_exporters), std::end(k_js_exporters), id) !=
         std::end(k_js_exporters);
}

void merge(evidence_sink& into, const evidence_sink& from) {
  for (const auto& e : from.items) {
    if (into.items.size() < k_evidence_cap) into.items.push_back(e);
  }
  into.count += from.count;
}

}  // namespace

integrity_check check_duplicate_entries(const context& c) {
  const auto& f = c.f;
  if (f.rows.size() < 2) {
    return make_check("duplicate_entries", status::not_applicable, "Fewer than two entries.");
  }
  evidence_sink sink;
  merge(sink, f.duplicates_identical);
  merge(sink, f.duplicates_repeated);
  if (sink.count == 0) {
    return make_check("duplicate_entries", status::pass,
                      "No entry repeats another's request at the same instant.");
  }
  const bool identical = f.duplicates_identical.count > 0;
  integrity_check out = make_check(
      "duplicate_entries", identical ? status::fail : status::warn,
      identical
          ? fmt::format("{} byte for byte the same as an earlier one. A browser never records "
                        "one request twice with identical timings and identifiers: the entries "
                        "were copied, which also inflates any count of hits.",
                        count_text(f.duplicates_identical.count, "entry is", "entries are"))
          : fmt::format(
                "{} the request of an earlier entry at the same instant (same "
                "startedDateTime, method, URL and body) with other details. Pages do "
                "send identical requests at once now and then, but a copied and "
                "altered entry looks the same; count hits with care.",
                count_text(f.duplicates_repeated.count, "entry repeats", "entries repeat")));
  take_evidence(out, sink);
  return out;
}

integrity_check check_body_sizes(const context& c) {
  const auto& f = c.f;
  if (f.bodies_compared == 0) {
    return make_check("body_sizes", status::not_applicable,
                      "No body whose size can be compared with the size declared for it.");
  }
  if (f.body_sizes.count == 0) {
    return make_check("body_sizes", status::pass,
                      fmt::format("{} whose size can be compared: content.size or bodySize "
                                  "matches the body kept.",
                                  each_of(f.bodies_compared, "body", "bodies")));
  }
  integrity_check out = make_check(
      "body_sizes", status::warn,
      fmt::format("{} of {} do not have the size the capture declares for them. A body "
                  "replaced, shortened or edited after export leaves its old size behind (some "
                  "exporters also keep only part of a body); what such a body shows may not be "
                  "what was sent or received.",
                  f.body_sizes.count, count_text(f.bodies_compared, "body", "bodies")));
  take_evidence(out, f.body_sizes);
  return out;
}

integrity_check check_query_string(const context& c) {
  const auto& f = c.f;
  if (c.exporter_id == "webpagetest") {
    // WebPageTest fills queryString with PHP's parse_str, which renames ('.'
    // and ' ' become '_'), merges (the last of a repeated name wins) and nests
    // (name[]) parameters: its arrays cannot be compared with the URL.
    return make_check("query_string", status::not_applicable,
                      "WebPageTest writes queryString with PHP's parse_str, which renames and "
                      "merges parameters, so it cannot be compared with the URL.");
  }
  if (f.query_arrays_filled == 0) {
    return make_check("query_string", status::not_applicable,
                      f.query_arrays_empty == 0
                          ? std::string("No request has a query string.")
                          : std::string("The exporter wrote no queryString for any URL, so "
                                        "there is nothing to compare."));
  }
  evidence_sink sink;
  merge(sink, f.query_mismatch);
  merge(sink, f.query_array_empty);
  if (sink.count == 0) {
    return make_check("query_string", status::pass,
                      fmt::format("{} with a query: queryString lists exactly the URL's "
                                  "parameters.",
                                  each_of(f.queries_compared, "request", "requests")));
  }
  integrity_check out = make_check(
      "query_string", status::fail,
      fmt::format("{} a URL and a queryString that disagree. Exporters derive queryString from "
                  "the URL, so one of the two was changed after export: which parameters a "
                  "tracker received depends on which one is read.",
                  count_text(sink.count, "entry has", "entries have")));
  take_evidence(out, sink);
  return out;
}

integrity_check check_cookie_arrays(const context& c) {
  const auto& f = c.f;
  if (f.cookies_compared == 0) {
    return make_check("cookie_arrays", status::not_applicable,
                      "No entry has both a cookie header and a cookies array to compare.");
  }
  if (f.cookie_mismatch.count == 0) {
    return make_check("cookie_arrays", status::pass,
                      fmt::format("{} compared: the cookies arrays list exactly what the "
                                  "Cookie and Set-Cookie headers carry.",
                                  each_of(f.cookies_compared, "header", "headers")));
  }
  integrity_check out = make_check(
      "cookie_arrays", status::fail,
      fmt::format("{} a cookies array that disagrees with its Cookie or Set-Cookie header. "
                  "Exporters fill the arrays from the headers, so one of them was changed after "
                  "export: which consent cookie or identifier was sent depends on which is read.",
                  count_text(f.cookie_mismatch.count, "entry has", "entries have")));
  take_evidence(out, f.cookie_mismatch);
  return out;
}

namespace {

// A check that fails on the reader's diagnostics of one code, citing each.
integrity_check diagnostic_check(const context& c, std::string_view id, diag code, std::string pass,
                                 std::string (*fail)(std::uint64_t total)) {
  evidence_sink sink;
  std::uint64_t total = 0;
  diagnostics_evidence(c, {code}, sink, total);
  sink.count = total;
  if (total == 0) return make_check(id, status::pass, std::move(pass));
  integrity_check out = make_check(id, status::fail, fail(total));
  take_evidence(out, sink);
  return out;
}

}  // namespace

integrity_check check_duplicate_keys(const context& c) {
  return diagnostic_check(
      c, "duplicate_keys", diag::duplicate_key, "No JSON object in the file names a member twice.",
      [](std::uint64_t total) {
        return fmt::format(
            "{} written twice in one object. Serializers never do this, so the file was edited "
            "by hand; and JSON readers disagree on which value counts (harfact, JavaScript and "
            "Python take the last, others the first or refuse the file), so two people can read "
            "different values from the same exhibit.",
            count_text(total, "member is", "members are"));
      });
}

integrity_check check_forbidden_characters(const context& c) {
  return diagnostic_check(
      c, "forbidden_characters", diag::nul_character,
      "No URL, method, header or cookie holds a NUL character.", [](std::uint64_t total) {
        return fmt::format(
            "{} a NUL character (U+0000). HTTP does not allow one in a URL, a header or a cookie, "
            "and no browser sends one, so the request was not recorded as sent: the file was "
            "edited or generated by something other than a browser.",
            count_text(total, "value holds", "values hold"));
      });
}

integrity_check check_exporter_format(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("exporter_format", status::not_applicable, "The capture has no entries.");
  // Within the file: entries written unlike the others.
  evidence_sink odd;
  const auto why = order_outliers(f.format);
  const std::uint32_t layout = dominant_layout(f.format);
  for (const auto& r : f.rows) {
    if (r.order < why.size() && !why[r.order].empty()) {
      odd.add(r.index, r.time, [&] {
        return fmt::format("its members are in an order the other entries do not use: {}",
                           why[r.order]);
      });
    } else if (layout < f.format.layouts.size() && r.layout != layout) {
      odd.add(r.index, r.time, [&] {
        return fmt::format(
            "it is laid out differently: {} after its '{{' where {} of the {} "
            "entries have {}",
            layout_text(f.format.layouts[r.layout]), f.format.layout_counts[layout], f.rows.size(),
            layout_text(f.format.layouts[layout]));
      });
    }
  }
  // Against the exporter the file names.
  evidence_sink style;
  const bool js = js_exporter(c.exporter_id);
  if (js) merge(style, f.js_style);
  if (c.exporter_id == "chrome_devtools") merge(style, f.not_to_json_time);
  const auto& name = c.r.timeline.trackers.capture.exporter_name;
  if (odd.count == 0 && style.count == 0) {
    return make_check(
        "exporter_format", status::pass,
        js ? fmt::format("Every entry is written like the others, and as {} writes (JavaScript's "
                         "JSON.stringify: its numbers, escapes{}).",
                         name, c.exporter_id == "chrome_devtools" ? " and Date.toJSON() times" : "")
           : std::string("Every entry is written like the others (member order and layout). "
                         "How this exporter writes numbers and escapes is not known to harfact."));
  }
  integrity_check out;
  if (odd.count > 0) {
    out = make_check(
        "exporter_format", status::fail,
        fmt::format("{} written differently from the rest of the file (member order or layout). "
                    "An exporter writes every entry the same way; an entry that differs was "
                    "typed, pasted or re-written by something else.{}",
                    count_text(odd.count, "entry is", "entries are"),
                    style.count > 0 ? fmt::format(" Also {} unlike {}.",
                                                  count_text(style.count, "value is written",
                                                             "values are written"),
                                                  name)
                                    : std::string()));
  } else {
    out = make_check(
        "exporter_format", status::warn,
        fmt::format(
            "{} in a way {} never writes them (it serialises with JavaScript's "
            "JSON.stringify{}). The file, or those entries, were re-written or edited by "
            "another program after export; the content may be unchanged, but this is not "
            "the exporter's original output.",
            count_text(style.count, "value is written", "values are written"), name,
            c.exporter_id == "chrome_devtools" ? " and writes times with Date.toJSON()" : ""));
  }
  evidence_sink all;
  merge(all, odd);
  merge(all, style);
  take_evidence(out, all);
  return out;
}

}  // namespace harfact::check::detail
