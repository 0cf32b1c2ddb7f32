// Checks about the browser that made the capture (signals.md C.2): responses
// from cache or a service worker, the cache disabled, extensions, headless or
// automated browsers, a profile that already held cookies; and the region the
// consent platform applied (C.1).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "check/verify_detail.hpp"
#include "core/ascii.hpp"

namespace harfact::check::detail {

namespace {

const inspect::capture_summary& capture(const context& c) { return c.r.timeline.trackers.capture; }

// Exporters that are tools for driving browsers by script.
constexpr std::string_view k_automation_exporters[] = {
    "playwright", "phantomjs",     "webpagetest",   "browsertime",
    "chrome_har", "puppeteer_har", "selenium_wire", "browsermob"};

// The major version after `marker` ("Chrome/" -> 145), or -1.
int version_after(std::string_view s, std::string_view marker) {
  const std::size_t at = s.find(marker);
  if (at == std::string_view::npos) return -1;
  int v = 0;
  bool any = false;
  for (std::size_t i = at + marker.size(); i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    any = true;
    if (v > 100000) break;
  }
  return any ? v : -1;
}

// The Chromium version of a sec-ch-ua value: "Chromium";v="145".
int client_hint_version(std::string_view hints) {
  return version_after(hints, "\"Chromium\";v=\"");
}

}  // namespace

integrity_check check_cache_sources(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("cache_sources", status::not_applicable, "The capture has no entries.");
  std::set<std::uint64_t> firing;
  for (const auto& a : c.r.timeline.hits) {
    if (a.fires) firing.insert(c.r.timeline.trackers.hits[a.hit].entry);
  }
  evidence_sink serious, ordinary;
  for (const auto& r : f.rows) {
    if (!r.cached && !r.service_worker) continue;
    const bool hit = firing.count(r.index) != 0;
    const bool bad = r.service_worker || r.navigation || hit;
    (bad ? serious : ordinary).add(r.index, r.time, [&] {
      const std::string what = r.navigation ? std::string("the page load ")
                               : hit        ? std::string("the tracker transmission ")
                                            : fmt::format("the {} ", r.resource_type);
      return r.service_worker
                 ? fmt::format(
                       "{}{} was answered by a service worker, not necessarily by the "
                       "server",
                       what, shorten(r.url, 100))
                 : fmt::format("{}{} came from the browser's cache and never reached the server",
                               what, shorten(r.url, 100));
    });
  }
  if (serious.count == 0) {
    integrity_check out = make_check(
        "cache_sources", status::pass,
        ordinary.count == 0
            ? std::string("No entry is marked as served from the browser's cache or a service "
                          "worker (exporters other than Chrome's do not always mark them).")
            : fmt::format("{} came from the browser's cache, as on any page after the first; "
                          "none was a page load or a tracker transmission.",
                          count_text(ordinary.count, "subresource", "subresources")));
    take_evidence(out, ordinary);
    return out;
  }
  integrity_check out = make_check(
      "cache_sources", status::warn,
      fmt::format("{} never reached the server: a page load or a tracker transmission came from "
                  "the browser's cache, or a service worker answered requests (and can answer "
                  "them with anything). What such entries show is not what the server sent at "
                  "the time of the capture.",
                  count_text(serious.count, "request", "requests")));
  evidence_sink all = serious;
  for (const auto& e : ordinary.items) {
    if (all.items.size() < k_evidence_cap) all.items.push_back(e);
  }
  all.count += ordinary.count;
  take_evidence(out, all);
  return out;
}

integrity_check check_cache_disabled(const context& c) {
  const auto& f = c.f;
  if (f.requests_with_headers == 0) {
    return make_check("cache_disabled", status::not_applicable,
                      "The capture records no request headers.");
  }
  const std::uint64_t n = f.bypass_subresources, m = f.subresource_requests;
  if (m >= 3 && n * 2 >= m) {
    integrity_check out = make_check(
        "cache_disabled", status::warn,
        fmt::format("{} of {} subresource requests carried both Pragma: no-cache and "
                    "Cache-Control: no-cache, which Chromium adds when it bypasses its cache "
                    "(DevTools \"Disable cache\", or a hard reload; that the checkbox sets this "
                    "is inferred from Chromium's network code). The browser was set up not to "
                    "use its cache: the capture shows a first-ever load, not what a returning "
                    "visitor's browser does.",
                    n, m));
    take_evidence(out, f.cache_bypass);
    return out;
  }
  integrity_check out = make_check(
      "cache_disabled", status::pass,
      fmt::format("{} of {} subresource requests asked for a fresh copy (Pragma and "
                  "Cache-Control: no-cache; scripts may do so themselves); the cache was in "
                  "normal use{}.",
                  n, m,
                  f.conditional_requests > 0
                      ? fmt::format(", and {} revalidated cached copies",
                                    count_text(f.conditional_requests, "request", "requests"))
                      : std::string()));
  take_evidence(out, f.cache_bypass);
  return out;
}

integrity_check check_extension_traffic(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("extension_traffic", status::not_applicable, "The capture has no entries.");
  if (f.extension.count == 0) {
    return make_check("extension_traffic", status::pass,
                      "No request to or from a browser extension, and none blocked inside the "
                      "browser. Extensions that only read the page or block without trace are "
                      "not observable in a HAR.");
  }
  integrity_check out = make_check(
      "extension_traffic", status::warn,
      fmt::format("{} show a browser extension at work (its own resources, requests its scripts "
                  "made, or requests blocked inside the browser). Ad blockers and consent "
                  "tools (which click banners automatically) change what trackers fire and what "
                  "the consent platform records: the capture is not what a visitor without them "
                  "would see.",
                  count_text(f.extension.count, "entry", "entries")));
  take_evidence(out, f.extension);
  return out;
}

integrity_check check_headless_browser(const context& c) {
  const auto& f = c.f;
  if (f.rows.empty())
    return make_check("headless_browser", status::not_applicable, "The capture has no entries.");
  evidence_sink sink;
  // Plain references rather than structured bindings below: clang-14 (the fuzz
  // build) cannot capture bindings in the lambdas.
  for (const auto& ua_seen : f.user_agents) {
    const std::string& ua = ua_seen.first;
    const header_seen& seen = ua_seen.second;
    const bool headless =
        ua.find("HeadlessChrome") != std::string::npos || ua.find("PhantomJS") != std::string::npos;
    if (!headless) continue;
    const entry_row& r = f.rows[seen.first_row];
    sink.add(r.index, r.time, [&] {
      return fmt::format("User-Agent \"{}\" on {}: a headless browser", shorten(ua, 160),
                         count_text(seen.requests, "request", "requests"));
    });
  }
  for (const auto& hints_seen : f.client_hints) {
    const std::string& hints = hints_seen.first;
    const header_seen& seen = hints_seen.second;
    if (hints.find("HeadlessChrome") == std::string::npos) continue;
    const entry_row& r = f.rows[seen.first_row];
    sink.add(r.index, r.time, [&] {
      return fmt::format(
          "sec-ch-ua {} on {}: the HeadlessChrome brand, which headless Chromium "
          "sends even when the User-Agent is overridden",
          shorten(hints, 120), count_text(seen.requests, "request", "requests"));
    });
  }
  // A User-Agent that contradicts the client hints sent with it was overridden.
  for (const auto& identity_seen : f.identities) {
    const std::string& ua = identity_seen.first.first;
    const std::string& hints = identity_seen.first.second;
    const header_seen& seen = identity_seen.second;
    const int chrome = version_after(ua, "Chrome/");
    const int hinted = client_hint_version(hints);
    const bool contradicts = (chrome < 0 && ua.find("Chromium/") == std::string::npos) ||
                             (chrome >= 0 && hinted >= 0 && chrome != hinted);
    if (!contradicts) continue;
    const entry_row& r = f.rows[seen.first_row];
    sink.add(r.index, r.time, [&] {
      return fmt::format(
          "User-Agent \"{}\" contradicts the sec-ch-ua {} sent with it on {}: the "
          "User-Agent was overridden (as stealth automation does)",
          shorten(ua, 100), shorten(hints, 100), count_text(seen.requests, "request", "requests"));
    });
  }
  if (f.user_agents.size() > 1) {
    // Where a second value first appeared.
    std::vector<std::size_t> firsts;
    for (const auto& [ua, seen] : f.user_agents) firsts.push_back(seen.first_row);
    std::sort(firsts.begin(), firsts.end());
    const entry_row& r = f.rows[firsts[1]];
    sink.add(r.index, r.time, [&] {
      return fmt::format("the User-Agent changed during the capture: {} different values",
                         f.user_agents.size());
    });
  }
  const auto id = c.exporter_id;
  if (std::find(std::begin(k_automation_exporters), std::end(k_automation_exporters), id) !=
      std::end(k_automation_exporters)) {
    sink.add_text(std::nullopt, {},
                  fmt::format("exported by {}, a tool that drives browsers by script",
                              capture(c).exporter_name));
  }
  if (sink.count == 0) {
    return make_check("headless_browser", status::pass,
                      "No headless or automation marker in the User-Agent or the client hints, "
                      "and the exporter is not an automation tool. navigator.webdriver and most "
                      "automation leave no trace in HTTP traffic: not observable in a HAR.");
  }
  integrity_check out = make_check(
      "headless_browser", status::warn,
      "The capture was made by an automated or headless browser (or one whose identity was "
      "overridden): a machine-made test, not an organic visit. Sites may treat such browsers "
      "differently, and the test's settings (location, consent clicks, timing) were chosen by "
      "whoever wrote the script.");
  take_evidence(out, sink);
  return out;
}

integrity_check check_clean_profile(const context& c) {
  const auto& f = c.f;
  const auto& cap = capture(c);
  if (cap.cookies.verdict != "present") {
    return make_check("clean_profile", status::not_applicable,
                      "The capture holds no cookies, so whether the browser already had any "
                      "before the visit is not observable.");
  }
  // A site can set a cookie only with a response (or a script on one of its
  // pages, which a response loaded): a request carrying cookies for a site
  // before any response from that site had arrived carries cookies from before
  // the capture.
  std::unordered_map<std::uint32_t, std::int64_t> first_end;
  for (const auto& r : f.rows) {
    const auto end = r.end_us();
    if (!end || r.site == 0) continue;
    auto [it, fresh] = first_end.emplace(r.site, *end);
    if (!fresh) it->second = std::min(it->second, *end);
  }
  evidence_sink sink;
  std::uint64_t consent = 0;
  for (const auto& s : f.cookie_sends) {
    const entry_row& r = f.rows[s.row];
    if (!r.time.us || r.site == 0) continue;
    const auto it = first_end.find(r.site);
    if (it == first_end.end() || *r.time.us + r.time.precision_us > it->second) continue;
    if (s.names.find("(consent)") != std::string::npos) ++consent;
    sink.add(r.index, r.time, [&] {
      return fmt::format(
          "{} request {} carried cookies before any response from {} had "
          "arrived: {}",
          r.resource_type, shorten(r.url, 90), f.sites[r.site], s.names);
    });
  }
  if (sink.count == 0) {
    return make_check("clean_profile", status::pass,
                      "No request carried a cookie that an earlier response in the capture "
                      "could not have set: the browser profile looks fresh for the sites visited.");
  }
  integrity_check out = make_check(
      "clean_profile", status::warn,
      fmt::format(
          "{} carried cookies the browser held before the capture began{}. The profile "
          "was not fresh: earlier visits (or a prepared profile) may have set consent "
          "choices or identifiers that shaped what the site and its trackers did, so "
          "this is not a first visit.",
          count_text(sink.count, "request", "requests"),
          consent > 0 ? fmt::format(", {} of them consent cookies", consent) : std::string()));
  take_evidence(out, sink);
  return out;
}

integrity_check check_region(const context& c) {
  const auto& t = c.r.timeline;
  if (t.region.empty()) {
    if (t.cmps.empty()) {
      return make_check("region", status::not_applicable,
                        "No consent platform was seen, so no decision about the visitor's "
                        "region is in the capture.");
    }
    std::string cmps;
    for (const auto& id : t.cmps) cmps += (cmps.empty() ? "" : ", ") + id;
    return make_check(
        "region", status::not_applicable,
        fmt::format("The consent platform ({}) left no record of the region it applied: no "
                    "geolocation answer, no region in its cookies or strings. That is not "
                    "evidence of no geo-targeting (a site may hand the platform its own "
                    "geolocation).",
                    cmps));
  }
  integrity_check out;
  if (t.region == "US") {
    // A country alone (USP strings, Cookiebot's usercountry) is consistent
    // with California without showing it.
    out = make_check("region", status::not_applicable,
                     "The consent platform placed the visitor in the United States without "
                     "naming a state: whether the site applied its California rules is not "
                     "shown.");
  } else if (t.region == "US-CA") {
    out = make_check("region", status::pass,
                     "The consent platform placed the visitor in California (US-CA): the site "
                     "applied the rules it has for California visitors to this visit.");
  } else {
    const std::string& where = t.region;
    out = make_check(
        "region", status::warn,
        fmt::format("The consent platform placed the visitor in {}, not California: the site "
                    "applied the rules it has for that region, which a California visitor may "
                    "not see. A capture offered as a California visitor's experience needs one "
                    "the platform placed in California.",
                    where));
  }
  std::optional<std::uint64_t> entry;
  timeline::time_point time;
  for (const auto& s : t.signals) {
    if (s.decoded.sum.region == t.region) {
      entry = s.entry;
      time = s.time;
      break;
    }
  }
  out.evidence.push_back(
      {entry, fmt::format("region {} from {}", t.region, t.region_source), time});
  out.count = 1;
  return out;
}

}  // namespace harfact::check::detail
