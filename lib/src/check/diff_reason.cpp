// The facts of a pair of captures that can explain a difference, and the
// choice of the most likely one by the precedence documented in diff.hpp.
#include <fmt/format.h>

#include <array>

#include "check/diff_facts.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::check::diff_detail {

namespace {

constexpr std::int64_t us_per_day = 86'400'000'000;

std::string date_of(std::int64_t us) { return har::format_rfc3339_utc(us).substr(0, 10); }

std::string choice_phrase(const diff_capture& c) {
  const std::string at = c.choice_entry ? fmt::format(" (entry {})", *c.choice_entry) : "";
  if (c.choice == "accepted") return "accepted" + at;
  if (c.choice == "rejected") return "rejected" + at;
  if (c.choice == "partial") return "made a partial choice" + at;
  if (c.choice == "unknown") return "made a choice that cannot be read" + at;
  return "made no choice";
}

// Regions are compatible when equal or when one is the other's country
// ("US" and "US-CA"): a less specific answer does not contradict.
bool regions_incompatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty() || a == b) return false;
  const auto country = [](const std::string& r) { return r.substr(0, r.find('-')); };
  if (a.find('-') == std::string::npos || b.find('-') == std::string::npos) {
    return country(a) != country(b);
  }
  return true;
}

std::string browser_label(const std::string& family) {
  if (family == "chromium") return "a Chromium browser";
  if (family == "firefox") return "Firefox";
  if (family == "safari") return "Safari";
  return family;
}

// One side's condition as a fact of the pair: it holds when exactly one of the
// two captures has it (a condition both share explains no difference).
struct condition_words {
  std::string_view has;      ///< "is a sanitized export"
  std::string_view has_not;  ///< "is not"
  std::string_view effect;   ///< why that matters
};

condition_fact one_sided(const capture_facts& e, const capture_facts& o,
                         const condition_fact capture_facts::*member, const condition_words& w) {
  const condition_fact& ce = e.*member;
  const condition_fact& co = o.*member;
  condition_fact out;
  if (ce.holds == co.holds) return out;
  const capture_facts& with = ce.holds ? e : o;
  const capture_facts& without = ce.holds ? o : e;
  const condition_fact& c = ce.holds ? ce : co;
  out.holds = true;
  out.entries = c.entries;
  out.against = with.index == 0 ? 0 : 1;
  out.why = fmt::format("{} {} ({}) and {} {}; {}", capture_name(with.index), w.has, c.why,
                        capture_name(without.index), w.has_not, w.effect);
  return out;
}

}  // namespace

std::string_view reason_name(reason r) noexcept {
  switch (r) {
    case reason::sanitized_export: return "sanitized_export";
    case reason::extension_interference: return "extension_interference";
    case reason::scanner_markers: return "scanner_markers";
    case reason::different_consent_state: return "different_consent_state";
    case reason::different_region_rule: return "different_region_rule";
    case reason::different_browser: return "different_browser";
    case reason::cache: return "cache";
    case reason::site_changed: return "site_changed";
    case reason::unknown: return "unknown";
  }
  return "unknown";
}

pair_facts pair_up(const capture_facts& e, const capture_facts& o) {
  pair_facts p;
  p.e = &e;
  p.o = &o;
  p.sanitized = one_sided(e, o, &capture_facts::sanitized,
                          {"is a sanitized export", "is not",
                           "consent choices recorded only in cookies do not show in a sanitized "
                           "export, so its consent states, and what is judged against them, can "
                           "differ from a complete capture's"});
  p.extension =
      one_sided(e, o, &capture_facts::extension,
                {"ran a browser extension", "did not",
                 "ad-blocking and consent-automation extensions block trackers and answer "
                 "consent banners on the visitor's behalf"});
  p.scanner = one_sided(e, o, &capture_facts::scanner,
                        {"was made by an automated browser", "was not",
                         "scanners do not scroll, click or wait as a visitor does, and sites and "
                         "vendors may treat them differently"});
  p.cache = one_sided(e, o, &capture_facts::cache,
                      {"used the browser cache differently", "did not",
                       "a disabled cache fetches every script and configuration afresh, a warm one "
                       "serves them from the browser cache, so loads can be missing from one "
                       "capture or added to it"});
  p.profile = one_sided(e, o, &capture_facts::profile,
                        {"did not start from a fresh browser profile", "did",
                         "cookies from an earlier visit, consent cookies among them, were in force "
                         "from the first request"});

  const diff_capture& ie = e.info;
  const diff_capture& io = o.info;
  p.both_have_cmp = !ie.cmps.empty() && !io.cmps.empty();
  if (p.both_have_cmp && ie.choice != io.choice) {
    p.choice.holds = true;
    p.choice.why = fmt::format(
        "the visitors chose differently: in the exhibit the visitor {}, in {} the visitor {}; tags "
        "that follow the consent platform fire or stay silent accordingly",
        choice_phrase(ie), capture_name(o.index), choice_phrase(io));
    if (ie.choice_entry) p.choice.entries.push_back(*ie.choice_entry);
  }
  if ((ie.gpc_requests > 0) != (io.gpc_requests > 0)) {
    const diff_capture& with = ie.gpc_requests > 0 ? ie : io;
    p.gpc.holds = true;
    p.gpc.why = fmt::format(
        "{} sent Sec-GPC: 1 (on {} of {} requests) and {} never did; sites and vendors that honour "
        "Global Privacy Control treat it as an opt-out of sale and sharing",
        capture_name(with.capture), with.gpc_requests, with.requests,
        ie.gpc_requests > 0 ? capture_name(o.index) : std::string("the exhibit"));
  }
  if (regions_incompatible(ie.region, io.region)) {
    p.region.holds = true;
    if (ie.region == "US-CA" && io.region != "US-CA") p.region.against = 1;
    if (ie.region != "US-CA" && io.region == "US-CA") p.region.against = 0;
    p.region.why = fmt::format(
        "the consent platform placed the exhibit's visitor in {} ({}) and {}'s in {} ({}); sites "
        "apply a different consent rule per region (a California opt-out template, an opt-in one "
        "elsewhere)",
        ie.region, ie.region_source.empty() ? "source not recorded" : ie.region_source,
        capture_name(o.index), io.region,
        io.region_source.empty() ? "source not recorded" : io.region_source);
  }
  if (!ie.browser.empty() && !io.browser.empty() && ie.browser != io.browser) {
    p.browser.holds = true;
    p.browser.why = fmt::format(
        "the exhibit was made with {} and {} with {}; browsers differ in tracking protection, "
        "third-party cookies and Global Privacy Control defaults",
        browser_label(ie.browser), capture_name(o.index), browser_label(io.browser));
  }
  if (ie.started_us && io.started_us) {
    const std::int64_t d = *io.started_us - *ie.started_us;
    p.gap_days = (d < 0 ? -d : d) / us_per_day;
    if (*p.gap_days >= time_gap_days) {
      p.site_changed.holds = true;
      p.site_changed.why = fmt::format(
          "the captures were made {} days apart (the exhibit on {}, {} on {}); the site may have "
          "changed its tags or its consent settings in between",
          *p.gap_days, date_of(*ie.started_us), capture_name(o.index), date_of(*io.started_us));
    }
  }
  return p;
}

chosen_reason choose_reason(std::string_view kind, const pair_facts& p, const reason_context& ctx) {
  // The consent fact: for a vendor, GPC counts as a consent signal too; for
  // the consent flow itself only a different choice on both sides' platforms.
  condition_fact consent = p.choice;
  if (p.profile.holds) {
    if (!consent.holds) consent.against = p.profile.against;
    consent.holds = true;
    consent.why = consent.why.empty() ? p.profile.why : consent.why + "; and " + p.profile.why;
  }
  const bool vendor_kind = kind == "vendor_only_in_exhibit" || kind == "vendor_only_in_ours" ||
                           kind == "event_only_in_exhibit" || kind == "event_only_in_ours" ||
                           kind == "fields_differ" || kind == "fired_in_different_consent_state";
  if (vendor_kind && p.gpc.holds) {
    consent.holds = true;
    consent.why = consent.why.empty() ? p.gpc.why : consent.why + "; and " + p.gpc.why;
  }

  // Admissible reasons per kind (diff.hpp), in precedence order.
  struct candidate {
    reason code;
    const condition_fact* fact;
    bool admissible;
  };
  const bool vendorish = kind == "vendor_only_in_exhibit" || kind == "vendor_only_in_ours";
  const bool eventish =
      kind == "event_only_in_exhibit" || kind == "event_only_in_ours" || kind == "fields_differ";
  const bool consentish =
      kind == "fired_in_different_consent_state" || kind == "consent_flow_differs";
  const std::array<candidate, 8> order{{
      {reason::sanitized_export, &p.sanitized, consentish},
      {reason::scanner_markers, &p.scanner, vendorish || eventish || consentish},
      {reason::extension_interference, &p.extension,
       vendorish || eventish || consentish || kind == "gpc_differs"},
      {reason::different_consent_state, &consent,
       vendorish || eventish || kind == "fired_in_different_consent_state" ||
           (kind == "consent_flow_differs" && p.both_have_cmp)},
      {reason::different_region_rule, &p.region, vendorish || eventish || consentish},
      {reason::different_browser, &p.browser, vendorish || eventish || kind == "gpc_differs"},
      {reason::cache, &p.cache, vendorish && ctx.loads_only},
      {reason::site_changed, &p.site_changed,
       vendorish || eventish || consentish || kind == "page_only_in_one" || kind == "time_gap"},
  }};
  for (const auto& c : order) {
    if (!c.admissible || !c.fact->holds) continue;
    chosen_reason out;
    out.code = c.code;
    out.certainty = "likely";
    out.text = fmt::format(
        "{}. The most likely reason the captures show: a likelihood, not a proven cause.",
        c.fact->why);
    out.text[0] = static_cast<char>(out.text[0] >= 'a' && out.text[0] <= 'z' ? out.text[0] - 32
                                                                             : out.text[0]);
    out.against = c.fact->against;
    if (out.against == 1) {
      out.text +=
          " The fact lies with our capture: it weakens ours as a comparison more than it answers "
          "the exhibit.";
    }
    return out;
  }
  chosen_reason out;
  out.code = reason::unknown;
  out.certainty = "unknown";
  if (kind == "page_only_in_one") {
    out.text =
        "The other capture did not visit this page, and nothing shows that the site changed; what "
        "happened on it cannot be compared.";
  } else if (kind == "gpc_differs") {
    out.text =
        "Global Privacy Control is a browser or extension setting of whoever made the capture; the "
        "captures do not show why it was on in one and off in the other.";
  } else {
    out.text =
        "None of the facts harfact compares (consent choice and GPC, region, browser, extensions, "
        "automation, cache, sanitizing, the captures' dates) differs in a way that explains this.";
  }
  return out;
}

}  // namespace harfact::check::diff_detail
