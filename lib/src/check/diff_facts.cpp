// What `diff` reads from one capture: its pages, the vendors that loaded or
// sent data on the pages in scope (events, data fields, the consent position of
// their first hit that sent data), its consent flow and how it was made.
#include "check/diff_facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "harfact/net/url.hpp"

namespace harfact::check {

std::string normalize_page_url(std::string_view url) {
  const auto parts = net::split_url(url);
  if (!parts || parts->host.empty()) return std::string(url);
  std::string scheme(parts->scheme);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  std::string out = scheme + "://" + net::normalize_host(parts->host);
  const bool default_port = parts->port.empty() || (scheme == "https" && parts->port == "443") ||
                            (scheme == "http" && parts->port == "80");
  if (!default_port) out += ":" + std::string(parts->port);
  out += parts->path.empty() ? std::string_view("/") : parts->path;
  return out;
}

}  // namespace harfact::check

namespace harfact::check::diff_detail {

namespace {

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

// Exporters that only automation writes: a capture from one was made by a
// program driving a browser, not by a person at DevTools (signals.md C.2).
bool automated_exporter(std::string_view id) {
  static constexpr std::string_view ids[] = {"playwright",    "webpagetest", "browsertime",
                                             "chrome_har",    "phantomjs",   "puppeteer_har",
                                             "selenium_wire", "browsermob"};
  return std::find(std::begin(ids), std::end(ids), id) != std::end(ids);
}

std::string browser_family(const inspect::capture_summary& c) {
  if (c.exporter_id == "chrome_devtools") return "chromium";
  if (c.exporter_id == "firefox_devtools" || c.exporter_id == "firebug") return "firefox";
  if (c.exporter_id == "safari_web_inspector") return "safari";
  const std::string b = lower(c.browser_name);
  if (contains(b, "firefox")) return "firefox";
  if (contains(b, "chrom") || contains(b, "edge") || contains(b, "headless")) return "chromium";
  if (contains(b, "safari") || contains(b, "webkit")) return "safari";
  if (c.exporter_id == "chrome_har" || c.exporter_id == "puppeteer_har") return "chromium";
  return "";
}

// Data classes a vendor received that matter to a rebuttal. Device details,
// consent flags (compared through the consent state) and unclassified
// parameters are left out: they differ between any two visits.
bool significant(decode::field_kind k) {
  switch (k) {
    case decode::field_kind::page_url:
    case decode::field_kind::referrer:
    case decode::field_kind::page_title:
    case decode::field_kind::client_id:
    case decode::field_kind::user_id:
    case decode::field_kind::user_data_hashed:
    case decode::field_kind::user_data_plain:
    case decode::field_kind::custom_data:
    case decode::field_kind::form_content:
    case decode::field_kind::button_text:
    case decode::field_kind::typed_content: return true;
    case decode::field_kind::event:
    case decode::field_kind::account_id:
    case decode::field_kind::consent_signal:
    case decode::field_kind::device:
    case decode::field_kind::other: return false;
  }
  return false;
}

template <class V>
V& slot(std::vector<std::pair<std::string, V>>& list, const std::string& key) {
  for (auto& [k, v] : list) {
    if (k == key) return v;
  }
  list.emplace_back(key, V{});
  return list.back().second;
}

template <class T>
void add_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// verify's status names (kept here: diff must work before verify is linked in).
std::string_view status_text(status s) noexcept {
  switch (s) {
    case status::pass: return "pass";
    case status::warn: return "warn";
    case status::fail: return "fail";
    case status::not_applicable: return "not_applicable";
  }
  return "pass";
}

std::string page_key(const inspect::page_summary& p) {
  if (p.entries == 0) return "";
  if (!p.main_document_url.empty()) return normalize_page_url(p.main_document_url);
  // DevTools writes the page's URL as its title.
  if (p.title.rfind("http://", 0) == 0 || p.title.rfind("https://", 0) == 0) {
    return normalize_page_url(p.title);
  }
  return "";
}

std::string check_why(const check_fact& c) {
  std::string why =
      fmt::format("verify's check {} {}", c.id, c.status == "fail" ? "failed" : "warned");
  if (!c.first_evidence.empty()) why += ", " + c.first_evidence;
  return why;
}

void describe_conditions(capture_facts& f) {
  const auto& cap = f.v->timeline.trackers.capture;
  for (const auto& c : f.checks) {
    if (!c.bad) continue;
    condition_fact* target = nullptr;
    if (c.category == "sanitized") target = &f.sanitized;
    if (c.category == "extension") target = &f.extension;
    if (c.category == "scanner") target = &f.scanner;
    if (c.category == "cache") target = &f.cache;
    if (c.category == "profile") target = &f.profile;
    if (target == nullptr) continue;
    target->holds = true;
    if (!target->why.empty()) target->why += "; ";
    target->why += check_why(c);
    for (const auto e : c.entries) add_unique(target->entries, e);
  }
  // Without verify's checks, what the capture summary itself says.
  if (!f.sanitized.holds && f.v->timeline.cookies_stripped) {
    f.sanitized.holds = true;
    f.sanitized.why = fmt::format(
        "no Cookie or Set-Cookie header and no cookie in any of its {} entries, exported by {}",
        cap.entries,
        cap.exporter_name.empty() ? std::string("an unknown tool") : cap.exporter_name);
  }
  if (f.info.automated_exporter) {
    const std::string why = fmt::format("its exporter, {} {}, is an automation tool",
                                        cap.creator_name, cap.creator_version);
    f.scanner.why = f.scanner.holds ? f.scanner.why + "; " + why : why;
    f.scanner.holds = true;
  }
}

}  // namespace

std::string_view check_category(std::string_view id) noexcept {
  if (id == "region") return "region";
  if (contains(id, "profile")) return "profile";
  if (contains(id, "sanitiz")) return "sanitized";
  if (contains(id, "extension")) return "extension";
  if (contains(id, "headless") || contains(id, "automat") || contains(id, "scanner") ||
      contains(id, "webdriver")) {
    return "scanner";
  }
  if (contains(id, "cache")) return "cache";
  return "other";
}

capture_facts gather(const verify_result& v, std::size_t index,
                     const std::set<std::string>* scope) {
  capture_facts f;
  f.index = index;
  f.v = &v;
  const timeline::result& t = v.timeline;
  const inspect::capture_summary& cap = t.trackers.capture;

  diff_capture& info = f.info;
  info.capture = index;
  info.path = cap.path;
  info.sha256 = cap.read.sha256;
  info.status = cap.opened ? std::string(har::read_status_name(cap.read.status)) : "unreadable";
  info.started_us = cap.first_started_us;
  info.started_original = cap.first_started_text;
  info.exporter_id = cap.exporter_id.empty() ? "none" : cap.exporter_id;
  info.exporter_name = cap.exporter_name;
  info.browser = browser_family(cap);
  info.automated_exporter = automated_exporter(cap.exporter_id);
  info.region = t.region;
  info.region_source = t.region_source;
  info.cmps = t.cmps;
  for (const auto& tr : t.transitions) {
    const std::string s(timeline::state_name(tr.state));
    if (info.consent_flow.empty() || info.consent_flow.back() != s) info.consent_flow.push_back(s);
  }
  info.choice = "none";
  for (const auto& tr : t.transitions) {
    if (tr.state == timeline::state::accepted || tr.state == timeline::state::rejected ||
        tr.state == timeline::state::partial || tr.state == timeline::state::unknown) {
      info.choice = std::string(timeline::state_name(tr.state));
      info.choice_entry = tr.entry;
    }
  }
  info.gpc_requests = t.gpc_requests;
  info.requests = t.requests;
  info.cookies_stripped = t.cookies_stripped;
  info.checks_available = !v.checks.empty();

  for (const auto& p : cap.pages) {
    f.page_keys.push_back(page_key(p));
    if (!f.page_keys.back().empty()) add_unique(info.pages, f.page_keys.back());
  }

  for (const auto& c : v.checks) {
    if (c.status == status::not_applicable) continue;
    check_fact cf;
    cf.id = c.id;
    cf.title = c.title;
    cf.category = std::string(check_category(c.id));
    cf.bad = c.status == status::warn || c.status == status::fail;
    cf.status = std::string(status_text(c.status));
    cf.summary = c.summary;
    for (const auto& ev : c.evidence) {
      if (ev.entry && cf.entries.size() < 20) add_unique(cf.entries, *ev.entry);
    }
    if (!c.evidence.empty()) {
      const auto& ev = c.evidence.front();
      std::string detail = ev.detail;
      // Evidence can quote a whole header; a reason needs only its start.
      if (detail.size() > 160) {
        std::size_t cut = 157;
        while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0U) == 0x80U) --cut;
        detail = detail.substr(0, cut) + "...";
      }
      cf.first_evidence = ev.entry ? fmt::format("entry {}: {}", *ev.entry, detail) : detail;
    }
    if (cf.bad) info.conditions.push_back(cf.id);
    f.checks.push_back(std::move(cf));
  }
  describe_conditions(f);

  // Vendors over the pages in scope, from the annotated hits (firing order).
  std::map<std::string, vendor_facts> by_id;
  for (std::size_t i = 0; i < t.hits.size(); ++i) {
    const timeline::annotated_hit& a = t.hits[i];
    if (a.hit >= t.trackers.hits.size()) continue;
    const trackers::hit& h = t.trackers.hits[a.hit];
    if (h.vendor == nullptr || h.vendor->category == sig::category::consent_platform) continue;
    if (scope != nullptr) {
      const std::string key = h.page < f.page_keys.size() ? f.page_keys[h.page] : std::string();
      if (scope->count(key) == 0U) continue;
    }
    vendor_facts& vf = by_id[h.vendor->vendor_id];
    vf.id = h.vendor->vendor_id;
    vf.name = h.vendor->name;
    vf.entries.push_back(h.entry);
    if (vf.lvl == level::none) vf.lvl = level::loads;
    if (!a.fires) continue;
    vf.lvl = level::sends;
    vf.sent_entries.push_back(h.entry);
    vf.sent_positions.push_back(a.position);
    if (!vf.first_sent) vf.first_sent = i;
    for (const auto& ev : h.decoded.events) add_unique(slot(vf.events, ev), h.entry);
    const auto note = [&](const std::string& cls, const std::string& name) {
      auto& d = slot(vf.data, cls);
      add_unique(d.names, name);
      if (h.decoded.events.empty()) add_unique(d.events, std::string());
      for (const auto& ev : h.decoded.events) add_unique(d.events, ev);
    };
    for (const auto& fld : h.decoded.fields) {
      if (significant(fld.kind)) note(std::string(decode::field_kind_name(fld.kind)), fld.name);
      if (!fld.personal_data.empty()) note("personal_data_" + fld.personal_data, fld.name);
    }
  }
  for (auto& [id, vf] : by_id) {
    std::sort(vf.entries.begin(), vf.entries.end());
    if (vf.lvl == level::sends) info.vendors.push_back(id);
    f.vendors.push_back(std::move(vf));
  }
  return f;
}

const vendor_facts* find_vendor(const capture_facts& c, std::string_view id) noexcept {
  for (const auto& v : c.vendors) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::string position_phrase(timeline::position p) {
  switch (p) {
    case timeline::position::no_consent_ui: return "before any consent banner could show";
    case timeline::position::before_choice: return "while the banner was up, before any choice";
    case timeline::position::denied: return "after the visitor opted out";
    case timeline::position::granted: return "after the visitor consented";
    case timeline::position::unknown: return "after a choice that cannot be read";
    case timeline::position::indeterminate:
      return "too close to a consent change to say before or after";
  }
  return "at an unknown point";
}

int position_gravity(timeline::position p) noexcept {
  switch (p) {
    case timeline::position::denied: return 5;
    case timeline::position::no_consent_ui: return 4;
    case timeline::position::before_choice: return 3;
    case timeline::position::indeterminate: return 2;
    case timeline::position::unknown: return 1;
    case timeline::position::granted: return 0;
  }
  return 1;
}

std::string capture_name(std::size_t index) {
  return index == 0 ? std::string("the exhibit") : fmt::format("our capture {}", index);
}

std::string entries_text(const std::vector<std::uint64_t>& entries) {
  if (entries.empty()) return "no entry";
  if (entries.size() == 1) return fmt::format("entry {}", entries[0]);
  std::string out = "entries ";
  const std::size_t shown = std::min<std::size_t>(entries.size(), 5);
  for (std::size_t i = 0; i < shown; ++i)
    out += fmt::format("{}{}", i == 0 ? "" : ", ", entries[i]);
  if (entries.size() > shown) out += fmt::format(" and {} more", entries.size() - shown);
  return out;
}

}  // namespace harfact::check::diff_detail
