// Findings: what the annotated timeline shows, each with its evidence and a
// plain-language explanation (DESIGN.md: findings).
#include <re2/re2.h>

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "core/ascii.hpp"
#include "timeline/detail.hpp"

namespace harfact::timeline::detail {

namespace {

using consent::grant;
using consent::purpose;

constexpr std::size_t k_max_items = 20;

severity by_purpose(purpose p) noexcept {
  switch (p) {
    case purpose::advertising:
    case purpose::sale_share: return severity::high;
    case purpose::analytics: return severity::medium;
    case purpose::functional: return severity::low;
    case purpose::necessary: return severity::info;
  }
  return severity::medium;
}

// Words that make a page sensitive (health, finance and similar), matched at
// the start of a word in the page's URL and title. Prefixes, so "oncolog"
// covers oncology and oncologist.
const RE2& sensitive_pattern() {
  static const RE2 re(
      "(?i)(?:^|[^a-z])("
      // health
      "health|medical|medicine|patient|clinic|hospital|doctor|physician|oncolog|cancer|tumou?r|"
      "diabet|hiv|std|sti-|pregnan|abortion|fertility|ivf|mental|therap|psychiatr|psycholog|"
      "counsel|rehab|addiction|pharmac|prescription|telehealth|cardiolog|dermatolog|"
      "symptom|diagnos|vaccin|covid|dental|dentist|obgyn|gynec|urolog|neurolog|"
      // finance
      "bank|loan|mortgage|credit|debt|bankrupt|tax|insurance|invest|brokerage|payday|"
      // other protected matters
      "immigra|religio|church|lgbt|gay|lesbian|transgender|criminal|arrest|lawyer|attorney"
      ")",
      RE2::Quiet);
  return re;
}

struct group_key {
  finding_kind kind;
  std::string vendor;
  bool operator<(const group_key& o) const {
    return kind != o.kind ? kind < o.kind : vendor < o.vendor;
  }
};

struct builder {
  std::map<group_key, finding> groups;
  std::vector<group_key> order;

  finding& at(finding_kind k, const std::string& vendor) {
    group_key key{k, vendor};
    auto it = groups.find(key);
    if (it == groups.end()) {
      order.push_back(key);
      finding f;
      f.kind = k;
      f.vendor_id = vendor;
      it = groups.emplace(key, std::move(f)).first;
    }
    return it->second;
  }
};

void add_item(finding& f, const trackers::hit& h, const entry_fact& fact, std::string detail) {
  if (std::find(f.entries.begin(), f.entries.end(), h.entry) == f.entries.end()) {
    f.entries.push_back(h.entry);
  }
  if (f.items.size() >= k_max_items) return;
  evidence e;
  e.entry = h.entry;
  e.time = fact.time;
  e.url = h.url;
  e.detail = std::move(detail);
  e.signature = h.sig->ref();
  f.items.push_back(std::move(e));
}

std::string event_detail(const trackers::hit& h) {
  if (!h.decoded.events.empty()) return fmt::format("event {}", h.decoded.events.front());
  return fmt::format("{} {}", h.method, sig::role_name(h.sig->role));
}

std::string time_text(const time_point& t) {
  return t.original.empty() ? std::string("(no time)") : t.original;
}

}  // namespace


void find_findings(const std::vector<entry_fact>& facts, result& out) {
  builder b;
  const auto& hits = out.trackers.hits;
  const auto& pages = out.trackers.capture.pages;
  for (const auto& a : out.hits) {
    const auto& h = hits[a.hit];
    const auto& v = *h.vendor;
    const entry_fact& fact = facts[h.entry];
    const transition& t = out.transitions[a.transition];
    const bool infrastructure = v.category == sig::category::consent_platform ||
                                v.category == sig::category::tag_manager;
    const bool restricted = !a.restrictions.empty();
    const std::string pname(consent::purpose_name(a.purpose));

    if (a.fires && !infrastructure) {
      std::string detail = event_detail(h);
      switch (a.position) {
        case position::no_consent_ui: {
          finding& f = b.at(finding_kind::fired_before_consent_ui, v.vendor_id);
          f.severity = std::max(f.severity, by_purpose(a.purpose));
          add_item(f, h, fact, detail);
          break;
        }
        case position::before_choice: {
          finding& f = b.at(finding_kind::fired_before_choice, v.vendor_id);
          f.severity = std::max(f.severity, by_purpose(a.purpose) == severity::high
                                                ? severity::medium
                                                : severity::low);
          add_item(f, h, fact,
                   t.purposes[static_cast<std::size_t>(a.purpose)] == grant::granted
                       ? detail + fmt::format("; {} granted by the platform's defaults", pname)
                       : detail);
          break;
        }
        case position::denied: {
          if (restricted) break;
          finding& f = b.at(finding_kind::fired_after_opt_out, v.vendor_id);
          f.severity = severity::high;
          add_item(f, h, fact, detail);
          break;
        }
        case position::granted: {
          finding& f = b.at(finding_kind::fired_with_consent, v.vendor_id);
          add_item(f, h, fact, detail);
          break;
        }
        case position::indeterminate: {
          finding& f = b.at(finding_kind::order_indeterminate, v.vendor_id);
          add_item(f, h, fact, detail);
          break;
        }
        case position::unknown: break;
      }
      // GPC is an opt-out of sale and sharing: decisive for advertising, an
      // open question for analytics (medium), not about functional tools.
      if (a.gpc && a.purpose != purpose::necessary && a.purpose != purpose::functional &&
          !restricted && a.position != position::indeterminate) {
        finding& f = b.at(finding_kind::fired_despite_gpc, v.vendor_id);
        f.severity = std::max(f.severity, a.purpose == purpose::analytics ? severity::medium
                                                                         : severity::high);
        add_item(f, h, fact, detail);
      }
    }

    // What the hit carried, whatever the consent state.
    for (const auto& fld : h.decoded.fields) {
      const bool content = fld.kind == decode::field_kind::form_content ||
                           fld.kind == decode::field_kind::typed_content ||
                           fld.kind == decode::field_kind::button_text ||
                           (fld.kind != decode::field_kind::user_data_hashed &&
                            !fld.personal_data.empty());
      if (!content) continue;
      const bool chat = v.category == sig::category::chat &&
                        fld.kind == decode::field_kind::typed_content;
      finding& f = b.at(chat ? finding_kind::chat_content_sent : finding_kind::form_content_sent,
                        v.vendor_id);
      f.severity = severity::high;
      std::string d = fmt::format("{} ({})", fld.name, decode::field_kind_name(fld.kind));
      if (!fld.personal_data.empty()) d += fmt::format(", looks like {}", fld.personal_data);
      add_item(f, h, fact, std::move(d));
    }
    if (v.category == sig::category::session_replay && a.fires &&
        h.party == inspect::party::third_party) {
      finding& f = b.at(finding_kind::session_replay_stream, v.vendor_id);
      f.severity = severity::high;
      std::string d = h.decoded.body_not_captured ? "upload; body not captured" : "upload";
      if (h.url.rfind("wss:", 0) == 0 || h.url.rfind("ws:", 0) == 0) d = "WebSocket stream";
      add_item(f, h, fact, std::move(d));
    }
    if (a.fires && !infrastructure) {
      std::string where;
      if (h.page < pages.size()) where = pages[h.page].main_document_url + " " + pages[h.page].title;
      for (const auto& fld : h.decoded.fields) {
        if (fld.kind == decode::field_kind::page_url || fld.kind == decode::field_kind::page_title) {
          where += " " + fld.value;
        }
      }
      std::string word;
      if (RE2::PartialMatch(where, sensitive_pattern(), &word)) {
        finding& f = b.at(finding_kind::sensitive_page_data, v.vendor_id);
        f.severity = severity::high;
        add_item(f, h, fact, fmt::format("page matches \"{}\"", harfact::detail::to_lower_ascii(word)));
      }
    }
  }

  // Explanations, once each group is complete.
  for (const auto& key : b.order) {
    finding f = std::move(b.groups[key]);
    const auto* vendor = out.trackers.vendors.empty() ? nullptr : [&]() -> const sig::vendor* {
      for (const auto& vh : out.trackers.vendors) {
        if (vh.vendor->vendor_id == f.vendor_id) return vh.vendor;
      }
      return nullptr;
    }();
    const std::string name = vendor != nullptr ? vendor->name : f.vendor_id;
    const std::size_t n = f.entries.size();
    const std::string at = f.items.empty() ? "" : fmt::format(
        "entry {} at {}", f.items.front().entry, time_text(f.items.front().time));
    const std::string hits_word = n == 1 ? "a request" : fmt::format("{} requests", n);
    const std::string first = n == 1 ? at : "the first: " + at;
    switch (f.kind) {
      case finding_kind::fired_before_consent_ui:
        f.explanation =
            !out.transitions.empty() && out.transitions.front().state == state::no_cmp
                ? fmt::format("{} sent {} ({}) and the capture shows no consent platform at "
                              "all: no consent banner was offered before it fired.",
                              name, hits_word, first)
                : fmt::format("{} sent {} ({}) before the consent platform had loaded, so "
                              "no consent banner could have been shown yet.",
                              name, hits_word, first);
        break;
      case finding_kind::fired_before_choice:
        f.explanation = fmt::format(
            "{} sent {} ({}) after the consent platform loaded but before any choice "
            "was recorded. Whether that is allowed depends on the consent model the site applied "
            "to this visitor (opt-out regions grant by default).",
            name, hits_word, first);
        break;
      case finding_kind::fired_after_opt_out:
        f.explanation = fmt::format(
            "{} sent {} ({}) while the purpose it serves was denied by the visitor's "
            "choice or an opt-out signal, and the requests carried no restriction flag (such as "
            "dpo=LDU, npa=1 or rdp=1).",
            name, hits_word, first);
        break;
      case finding_kind::fired_despite_gpc:
        f.explanation = fmt::format(
            "{} sent {} ({}) while the browser was sending Sec-GPC: 1, a Global Privacy "
            "Control opt-out of sale and sharing, without a restriction flag on the request. "
            "For advertising that is the opt-out's core; for analytics it depends on whether "
            "the data is sold or shared.",
            name, hits_word, first);
        break;
      case finding_kind::fired_with_consent:
        f.explanation = fmt::format(
            "{} sent {} ({}) after the visitor's choice granted the purpose it serves. "
            "Not a violation; evidence that the site waited for consent.",
            name, hits_word, first);
        break;
      case finding_kind::form_content_sent:
        f.explanation = fmt::format(
            "{} received form fields, button text, typed content or plain personal data in {} "
            "({}); the fields are listed as evidence.",
            name, hits_word, first);
        break;
      case finding_kind::session_replay_stream:
        f.explanation = fmt::format(
            "{} is a session-replay service on a third-party host; the capture holds {} of "
            "its recording stream ({}).",
            name, hits_word, first);
        break;
      case finding_kind::chat_content_sent:
        f.explanation = fmt::format(
            "{} is a third-party chat service; {} ({}) carried text the visitor typed.",
            name, hits_word, first);
        break;
      case finding_kind::sensitive_page_data:
        f.explanation = fmt::format(
            "{} received {} ({}) from a page whose address or title suggests a sensitive "
            "subject (health, finance or similar); the matching word is given per request.",
            name, hits_word, first);
        break;
      case finding_kind::order_indeterminate:
        f.explanation = fmt::format(
            "{} sent {} ({}) too close to a change of consent state to say whether it "
            "came before or after it: the timestamps are closer than the capture's precision, "
            "or the choice was proven only by a cookie seen on a later request.",
            name, hits_word, first);
        break;
    }
    out.findings.push_back(std::move(f));
  }
  // Most severe first; then by first entry, kind and vendor (deterministic).
  std::stable_sort(out.findings.begin(), out.findings.end(), [](const finding& x, const finding& y) {
    if (x.severity != y.severity) return x.severity > y.severity;
    const auto ex = x.entries.empty() ? UINT64_MAX : x.entries.front();
    const auto ey = y.entries.empty() ? UINT64_MAX : y.entries.front();
    if (ex != ey) return ex < ey;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.vendor_id < y.vendor_id;
  });
}

}  // namespace harfact::timeline::detail
