// Words and evidence items the claim rules share.
#include <fmt/format.h>

#include "check/allegations_judge.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::check::detail {

std::string when(const timeline::time_point& t) {
  if (!t.us) return t.original.empty() ? std::string("an unknown time") : t.original;
  std::string s = har::format_rfc3339_utc(*t.us);  // ...:SS.uuuuuuZ
  const auto dot = s.rfind('.');
  if (dot == std::string::npos) return s;
  if (t.precision_us >= 1000000) return s.substr(0, dot) + "Z";
  if (t.precision_us >= 1000) return s.substr(0, dot + 4) + "Z";
  return s;
}

std::string precision_words(std::int64_t us) {
  if (us >= 1000000) return "the second";
  if (us >= 1000) return "the millisecond";
  return "the microsecond";
}

std::string at(const hit_ref& r) { return fmt::format("entry {} at {}", r.h->entry, when(r.time)); }

std::string and_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string entries_words(const std::vector<const hit_ref*>& hits) {
  constexpr std::size_t k_named = 8;
  std::vector<std::string> named;
  for (std::size_t i = 0; i < hits.size() && i < k_named; ++i) {
    named.push_back(std::to_string(hits[i]->h->entry));
  }
  if (hits.size() > k_named) named.push_back(fmt::format("{} more", hits.size() - k_named));
  return fmt::format("{} {}", hits.size() == 1 ? "entry" : "entries", and_list(named));
}

std::string entries_words(const std::vector<hit_ref>& hits) {
  std::vector<const hit_ref*> p;
  p.reserve(hits.size());
  for (const auto& h : hits) p.push_back(&h);
  return entries_words(p);
}

std::string hits_at(const std::vector<const hit_ref*>& hits) {
  if (hits.empty()) return "no entry";
  if (hits.size() == 1) return at(*hits.front());
  return fmt::format("{}, the first at {}", entries_words(hits), when(hits.front()->time));
}

std::string its_requests(std::size_t n, std::string_view what) {
  return n == 1 ? fmt::format("its only request {}", what)
                : fmt::format("its {} requests {}", n, what);
}

std::string vendor_requests(const context& ctx, std::size_t n) {
  return n == 1 ? fmt::format("{}'s request", ctx.vendor)
                : fmt::format("{}'s {} requests", ctx.vendor, n);
}

std::string requests(std::size_t n) {
  return n == 1 ? std::string("a request") : fmt::format("{} requests", n);
}

timeline::evidence hit_evidence(const hit_ref& r, std::string detail) {
  timeline::evidence e;
  e.entry = r.h->entry;
  e.time = r.time;
  e.url = r.h->url;
  e.detail = std::move(detail);
  if (r.h->sig != nullptr) e.signature = r.h->sig->ref();
  return e;
}

std::string what_it_sent(const trackers::hit& h) {
  const std::string_view role = h.sig != nullptr ? sig::role_name(h.sig->role) : "request";
  if (!h.decoded.events.empty()) return fmt::format("event {}", h.decoded.events.front());
  return fmt::format("{} {}", h.method, role);
}

bool transition_evidence(const timeline::result& tl, std::size_t index, timeline::evidence& out) {
  if (index >= tl.transitions.size()) return false;
  const auto& t = tl.transitions[index];
  if (!t.entry) return false;
  out = {};
  out.entry = *t.entry;
  out.time = t.time;
  out.detail = fmt::format("consent state {}: {}", timeline::state_name(t.state), t.signal);
  for (const auto& h : tl.trackers.hits) {
    if (h.entry == *t.entry) {
      out.url = h.url;
      if (h.sig != nullptr) out.signature = h.sig->ref();
      break;
    }
  }
  return true;
}

std::string transition_words(const timeline::result& tl, std::size_t index) {
  if (index >= tl.transitions.size()) return "an unknown point";
  const auto& t = tl.transitions[index];
  std::string what;
  switch (t.state) {
    case timeline::state::accepted: what = "the visitor's acceptance"; break;
    case timeline::state::rejected: what = "the visitor's rejection"; break;
    case timeline::state::partial: what = "the visitor's partial choice"; break;
    case timeline::state::unknown: what = "the visitor's choice"; break;
    case timeline::state::banner_shown: what = "the consent banner's load"; break;
    case timeline::state::pre_banner:
    case timeline::state::no_cmp: what = "the start of the page"; break;
  }
  if (t.sale_opt_out.value_or(false) && t.state != timeline::state::rejected) {
    what += " (with a sale opt-out)";
  }
  // The first signal that proves it, without the details the evidence item
  // keeps ("cookie OptanonConsent in the request's Cookie header").
  std::string_view signal = t.signal;
  bool more = false;
  if (const auto cut = signal.find("; "); cut != std::string_view::npos) {
    signal = signal.substr(0, cut);
    more = true;
  }
  if (const auto paren = signal.find(" ("); paren != std::string_view::npos) {
    signal = signal.substr(0, paren);
  }
  std::string out = t.entry
                        ? fmt::format("{}, proven at entry {} ({})", what, *t.entry, when(t.time))
                        : fmt::format("{}, at {}", what, when(t.time));
  if (!signal.empty()) out += fmt::format(" by {}{}", signal, more ? " and more" : "");
  return out;
}

std::string excerpt(std::string_view value, std::size_t max) {
  if (value.size() <= max) return std::string(value);
  std::size_t cut = max;
  // Do not cut a UTF-8 sequence in two.
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut)) + "…";
}

}  // namespace harfact::check::detail
