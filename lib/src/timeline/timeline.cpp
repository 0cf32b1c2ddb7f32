#include "harfact/timeline/timeline.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "timeline/detail.hpp"
#include "timeline/evidence.hpp"

namespace harfact::timeline {

std::string_view state_name(state s) noexcept {
  switch (s) {
    case state::no_cmp: return "no_cmp";
    case state::pre_banner: return "pre_banner";
    case state::banner_shown: return "banner_shown";
    case state::accepted: return "accepted";
    case state::rejected: return "rejected";
    case state::partial: return "partial";
    case state::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view finding_kind_name(finding_kind k) noexcept {
  switch (k) {
    case finding_kind::fired_before_consent_ui: return "fired_before_consent_ui";
    case finding_kind::fired_before_choice: return "fired_before_choice";
    case finding_kind::fired_after_opt_out: return "fired_after_opt_out";
    case finding_kind::fired_despite_gpc: return "fired_despite_gpc";
    case finding_kind::fired_with_consent: return "fired_with_consent";
    case finding_kind::form_content_sent: return "form_content_sent";
    case finding_kind::session_replay_stream: return "session_replay_stream";
    case finding_kind::chat_content_sent: return "chat_content_sent";
    case finding_kind::sensitive_page_data: return "sensitive_page_data";
    case finding_kind::order_indeterminate: return "order_indeterminate";
  }
  return "unknown";
}

std::string_view severity_name(severity s) noexcept {
  switch (s) {
    case severity::info: return "info";
    case severity::low: return "low";
    case severity::medium: return "medium";
    case severity::high: return "high";
  }
  return "info";
}

std::string_view position_name(position p) noexcept {
  switch (p) {
    case position::no_consent_ui: return "no_consent_ui";
    case position::before_choice: return "before_choice";
    case position::denied: return "denied";
    case position::granted: return "granted";
    case position::unknown: return "unknown";
    case position::indeterminate: return "indeterminate";
  }
  return "unknown";
}

namespace detail {

namespace {

std::string_view signal_desc(const observed_signal& s) {
  if (s.carrier == "request cookie") return s.first ? "cookie_first_seen" : "cookie_changed";
  if (s.carrier == "set-cookie") return "cookie_set";
  if (s.carrier == "url" || s.carrier == "request body") return "consent_logged";
  if (s.carrier == "response body") {
    return s.decoded.kind == "onetrust_geo" ? "geolocation_answered" : "configuration_loaded";
  }
  return "consent_signal_sent";
}

}  // namespace

void build_events(const std::vector<entry_fact>& facts, result& out) {
  std::vector<std::pair<int, event>> evs;  // (order at equal time, event)
  const auto& pages = out.trackers.capture.pages;
  for (const auto& p : pages) {
    if (p.main_document_entry < 0) continue;
    const auto e = static_cast<std::uint64_t>(p.main_document_entry);
    if (e >= facts.size()) continue;
    event ev;
    ev.time = facts[e].time;
    ev.timestamp_desc = "request_started";
    ev.entry = e;
    ev.type = "page";
    ev.message = fmt::format("page {}{}", p.main_document_url,
                             p.title.empty() || p.title == p.main_document_url
                                 ? std::string()
                                 : fmt::format(" \"{}\"", p.title));
    ev.data = {{"page_id", p.id}, {"url", p.main_document_url}, {"title", p.title}};
    evs.emplace_back(0, std::move(ev));
  }
  for (std::size_t i = 0; i < out.transitions.size(); ++i) {
    const auto& t = out.transitions[i];
    event ev;
    ev.time = t.time;
    ev.timestamp_desc = "consent_state_changed";
    ev.entry = t.entry;
    ev.type = "consent_transition";
    ev.message = fmt::format("consent state {}{}: {}", state_name(t.state), t.gpc ? " (GPC)" : "",
                             t.signal);
    ev.data = {{"state", std::string(state_name(t.state))},
               {"gpc", t.gpc ? "true" : "false"},
               {"transition", std::to_string(i)}};
    for (int p = 0; p < consent::purpose_count; ++p) {
      const auto g = t.purposes[static_cast<std::size_t>(p)];
      if (g != consent::grant::unknown) {
        ev.data.emplace_back(std::string(consent::purpose_name(static_cast<consent::purpose>(p))),
                             std::string(consent::grant_name(g)));
      }
    }
    evs.emplace_back(1, std::move(ev));
  }
  for (const auto& s : out.signals) {
    event ev;
    ev.time = s.time;
    ev.timestamp_desc = std::string(signal_desc(s));
    ev.entry = s.entry;
    ev.type = "consent_signal";
    ev.message = fmt::format("{} {} ({}) on {}", s.carrier, s.name, s.decoded.kind, s.host);
    ev.data = {{"carrier", s.carrier}, {"name", s.name}, {"kind", s.decoded.kind},
               {"value", s.decoded.input}};
    evs.emplace_back(2, std::move(ev));
  }
  for (const auto& a : out.hits) {
    const auto& h = out.trackers.hits[a.hit];
    event ev;
    ev.time = facts[h.entry].time;
    ev.timestamp_desc = "request_started";
    ev.entry = h.entry;
    ev.type = "tracker_hit";
    std::string what = h.decoded.events.empty() ? std::string(sig::role_name(h.sig->role))
                                                : h.decoded.events.front();
    ev.message = fmt::format("{} {} {} [{}]", h.vendor->name, what, h.url,
                             position_name(a.position));
    ev.data = {{"vendor_id", h.vendor->vendor_id},
               {"signature", h.sig->ref()},
               {"purpose", std::string(consent::purpose_name(a.purpose))},
               {"position", std::string(position_name(a.position))},
               {"url", h.url}};
    evs.emplace_back(3, std::move(ev));
  }
  for (const auto& u : out.trackers.unclassified) {
    event ev;
    ev.time = facts[u.entry].time;
    ev.timestamp_desc = "request_started";
    ev.entry = u.entry;
    ev.type = "list_hit";
    ev.message = fmt::format("unclassified tracker {} ({} line {})", u.url, u.list, u.line);
    ev.data = {{"url", u.url}, {"list", u.list}, {"line", std::to_string(u.line)}, {"rule", u.rule}};
    evs.emplace_back(4, std::move(ev));
  }
  std::stable_sort(evs.begin(), evs.end(), [](const auto& a, const auto& b) {
    const auto ta = a.second.time.us.value_or(INT64_MAX), tb = b.second.time.us.value_or(INT64_MAX);
    if (ta != tb) return ta < tb;
    const auto ea = a.second.entry.value_or(UINT64_MAX), eb = b.second.entry.value_or(UINT64_MAX);
    if (ea != eb) return ea < eb;
    return a.first < b.first;
  });
  out.events.reserve(evs.size());
  for (auto& [order, ev] : evs) out.events.push_back(std::move(ev));
}

}  // namespace detail

result reconstruct(const std::filesystem::path& path, const sig::matcher& matcher,
                   const net::public_suffix& psl, const inspect::inspect_options& options,
                   const sig::filter_engine* lists) {
  result out;
  detail::collector collect;
  inspect::inspect_options opts = options;
  const auto chained = options.on_entry;
  opts.on_entry = [&](har::entry& e, std::size_t page) {
    if (chained) chained(e, page);
    collect.on_entry(e, page);
  };
  out.trackers = trackers::find_trackers(path, matcher, psl, opts, lists);
  auto& facts = collect.entries;
  // facts[i] is entry i (the collector fills skipped entries).
  out.signals = std::move(collect.signals);
  std::stable_sort(out.signals.begin(), out.signals.end(), [](const auto& a, const auto& b) {
    const auto ta = a.time.us.value_or(INT64_MAX), tb = b.time.us.value_or(INT64_MAX);
    return ta != tb ? ta < tb : a.entry < b.entry;
  });
  out.requests = facts.size();
  for (const auto& f : facts) {
    if (f.gpc) ++out.gpc_requests;
    if (f.time.us) out.precision_us = std::max(out.precision_us, f.time.precision_us);
  }
  out.cookies_stripped = out.trackers.capture.cookies.stripped;
  if (out.cookies_stripped) {
    out.not_establishable.push_back(
        "consent cookies (OptanonConsent, OptanonAlertBoxClosed, CookieConsent, usprivacy, "
        "euconsent-v2, ...) and when they appeared or changed: the export removed every Cookie "
        "and Set-Cookie header");
    out.not_establishable.push_back(
        "the consent platform's recorded state on each request; transitions rest only on "
        "consent-logging calls and on what tracker URLs carried (gcs, gcd, us_privacy, gpp)");
  }
  detail::build_transitions(facts, out, psl);
  detail::annotate_hits(facts, out);
  detail::find_findings(facts, out);
  detail::build_events(facts, out);
  return out;
}

}  // namespace harfact::timeline
