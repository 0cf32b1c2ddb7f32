// The consent state machine (DESIGN.md: consent states; signals.md D.10).
#include <algorithm>
#include <fmt/format.h>

#include "timeline/detail.hpp"

namespace harfact::timeline::detail {

namespace {

using consent::grant;
using consent::purpose;

bool is_cmp_kind(std::string_view kind) noexcept {
  for (std::string_view k : {"onetrust", "onetrust_closed", "onetrust_geo", "onetrust_config",
                             "onetrust_receipt", "cookiebot", "cookiebot_log", "trustarc",
                             "didomi", "ketch", "iubenda", "usercentrics", "osano", "termly",
                             "sourcepoint"}) {
    if (kind == k) return true;
  }
  return false;
}

// A choice's state from the purposes it names (necessary is never a choice).
state classify(const std::array<grant, consent::purpose_count>& p) noexcept {
  int granted = 0, denied = 0;
  for (int i = 1; i < consent::purpose_count; ++i) {
    if (p[static_cast<std::size_t>(i)] == grant::granted) ++granted;
    if (p[static_cast<std::size_t>(i)] == grant::denied) ++denied;
  }
  if (granted == 0 && denied == 0) return state::unknown;
  if (denied == 0) return state::accepted;
  if (granted == 0) return state::rejected;
  return state::partial;
}

std::string describe_signal(const observed_signal& s) {
  std::string what = s.carrier == "request cookie" ? fmt::format("cookie {} in the request's Cookie header", s.name)
                     : s.carrier == "set-cookie"   ? fmt::format("Set-Cookie {}", s.name)
                     : s.carrier == "query"        ? fmt::format("parameter {}={}", s.name, s.decoded.input)
                     : s.carrier == "url"          ? fmt::format("consent-logging call {}", s.name)
                     : s.carrier == "request body" ? fmt::format("consent receipt ({})", s.name)
                                                   : fmt::format("{} ({})", s.name, s.carrier);
  if (s.carrier == "request cookie" || s.carrier == "set-cookie") {
    what += s.first ? " (first appearance)" : " (changed)";
  }
  return what;
}

// One step of the machine, in time order.
struct step {
  const time_point* time;
  std::uint64_t entry;
  int order;  // at equal time and entry: CMP load, then GPC, then signals
  enum class kind : std::uint8_t { cmp_load, gpc, signal } k;
  std::size_t index;  // hit or signal index
};

}  // namespace

int compare_times(const time_point& a, const time_point& b) noexcept {
  if (!a.us || !b.us) return 0;
  const std::int64_t precision = std::max(a.precision_us, b.precision_us);
  const std::int64_t d = *a.us - *b.us;
  if (d <= -precision) return -1;
  if (d >= precision) return 1;
  return 0;
}

std::vector<const entry_fact*> by_time(const std::vector<entry_fact>& facts) {
  std::vector<const entry_fact*> v;
  v.reserve(facts.size());
  for (const auto& f : facts) v.push_back(&f);
  std::stable_sort(v.begin(), v.end(), [](const entry_fact* a, const entry_fact* b) {
    if (a->time.us.has_value() != b->time.us.has_value()) return a->time.us.has_value();
    if (a->time.us && *a->time.us != *b->time.us) return *a->time.us < *b->time.us;
    return a->index < b->index;
  });
  return v;
}

void build_transitions(const std::vector<entry_fact>& facts, result& out,
                       const net::public_suffix& psl) {
  const auto& hits = out.trackers.hits;
  // Consent platforms, from their signatures.
  std::vector<std::size_t> cmp_loads;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const auto* v = hits[i].vendor;
    if (v == nullptr || v->category != sig::category::consent_platform) continue;
    if (std::find(out.cmps.begin(), out.cmps.end(), v->vendor_id) == out.cmps.end()) {
      out.cmps.push_back(v->vendor_id);
    }
    // The page's consent UI loads as the platform's code or configuration;
    // an AdChoices icon inside an ad (role embed) is not the site's banner.
    const auto role = hits[i].sig->role;
    if (role == sig::role::library || role == sig::role::config) cmp_loads.push_back(i);
  }
  bool cmp_seen = !cmp_loads.empty();
  for (const auto& s : out.signals) {
    if (is_cmp_kind(s.decoded.kind) || s.decoded.sum.interacted.value_or(false)) cmp_seen = true;
  }
  // Region the CMP applied: its own geolocation answer first, then what its
  // cookies and strings record (signals.md C.1).
  for (int pass = 0; pass < 3 && out.region.empty(); ++pass) {
    for (const auto& s : out.signals) {
      if (s.decoded.sum.region.empty()) continue;
      const bool geo = s.decoded.kind == "onetrust_geo";
      const bool cmp = is_cmp_kind(s.decoded.kind);
      if ((pass == 0 && geo) || (pass == 1 && cmp) || pass == 2) {
        out.region = s.decoded.sum.region;
        out.region_source = fmt::format("{} ({}, entry {})", s.name, s.decoded.kind, s.entry);
        break;
      }
    }
  }
  if (out.region.empty()) {
    for (const auto& f : facts) {
      bool ldu = false, ca = false;
      for (const auto& [n, v] : f.in_band) {
        if (n == "dpo" && v == "LDU") ldu = true;
        if (n == "dpost" && v == "1000") ca = true;
      }
      if (ldu && ca) {
        out.region = "US-CA";
        out.region_source = fmt::format("Meta dpo=LDU&dpost=1000 (entry {})", f.index);
        break;
      }
    }
  }

  const auto ordered = by_time(facts);
  if (ordered.empty()) return;
  const entry_fact& start = *ordered.front();

  transition cur;
  cur.entry = start.index;
  cur.time = start.time;
  if (!cmp_seen) {
    cur.state = state::no_cmp;
    cur.signal =
        "no consent platform script, configuration, cookie or consent-logging call appears "
        "anywhere in the capture";
    if (!out.cmps.empty()) {
      cur.signal += " (AdChoices notices inside ads were seen; they are not the site's banner)";
    }
  } else {
    cur.state = state::pre_banner;
    cur.signal = "capture starts; the consent platform has not loaded yet";
  }
  out.transitions.push_back(cur);

  std::vector<step> steps;
  if (!cmp_loads.empty()) {
    const auto first = std::min_element(cmp_loads.begin(), cmp_loads.end(), [&](auto a, auto b) {
      const auto& ha = hits[a];
      const auto& hb = hits[b];
      if (ha.time_us.value_or(INT64_MAX) != hb.time_us.value_or(INT64_MAX)) {
        return ha.time_us.value_or(INT64_MAX) < hb.time_us.value_or(INT64_MAX);
      }
      return ha.entry < hb.entry;
    });
    const std::uint64_t e = hits[*first].entry;
    if (e < facts.size()) steps.push_back({&facts[e].time, e, 0, step::kind::cmp_load, *first});
  }
  for (const auto& f : facts) {
    if (f.gpc) {
      steps.push_back({&f.time, f.index, 1, step::kind::gpc, f.index});
      break;  // the first request that carried it (facts are in entry order; sorted below)
    }
  }
  // The earliest GPC request by time, not by entry order.
  for (const entry_fact* f : ordered) {
    if (!f->gpc) continue;
    for (auto& s : steps) {
      if (s.k == step::kind::gpc) {
        s.time = &f->time;
        s.entry = f->index;
        s.index = f->index;
      }
    }
    break;
  }
  for (std::size_t i = 0; i < out.signals.size(); ++i) {
    const auto& s = out.signals[i];
    steps.push_back({&s.time, s.entry, 2, step::kind::signal, i});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const step& a, const step& b) {
    const auto ta = a.time->us.value_or(INT64_MAX), tb = b.time->us.value_or(INT64_MAX);
    if (ta != tb) return ta < tb;
    if (a.entry != b.entry) return a.entry < b.entry;
    return a.order < b.order;
  });

  // The last request to the same site before `f`: a cookie first seen at `f`
  // was written at some instant after it.
  // A Google tag that reported no consent update (gcd without update parts)
  // shows the choice had not been made yet either.
  auto no_update_yet = [](const entry_fact& g) {
    for (const auto& [n, v] : g.in_band) {
      if (n != "gcd") continue;
      const consent::signal s = consent::decode_gcd(v);
      if (s.ok && s.sum.interacted.has_value() && !*s.sum.interacted) return true;
    }
    return false;
  };
  auto window_before = [&](const entry_fact& f) -> std::optional<std::int64_t> {
    if (!f.time.us) return std::nullopt;
    const std::string site = psl.registrable_domain(f.host);
    std::optional<std::int64_t> best;
    for (const entry_fact* g : ordered) {
      if (!g->time.us || *g->time.us >= *f.time.us) break;
      if (g->index == f.index) continue;
      if (psl.registrable_domain(g->host) == site || no_update_yet(*g)) best = *g->time.us;
    }
    return best;
  };
  // The previous Google hit that carried gcd: an update first seen at `f` was
  // made after it.
  auto window_before_param = [&](const entry_fact& f, std::string_view name) {
    std::optional<std::int64_t> best;
    if (!f.time.us) return best;
    for (const entry_fact* g : ordered) {
      if (!g->time.us || *g->time.us >= *f.time.us) break;
      for (const auto& [n, v] : g->in_band) {
        if (n == name) best = *g->time.us;
      }
    }
    return best;
  };

  auto emit = [&](transition t) {
    transition& last = out.transitions.back();
    if (t.state == last.state && t.gpc == last.gpc && t.purposes == last.purposes &&
        t.sale_opt_out == last.sale_opt_out) {
      return;
    }
    // Several signals of one request make one transition.
    if (out.transitions.size() > 1 && last.entry == t.entry) {
      t.signal = last.signal + "; " + t.signal;
      if (!t.window_start_us) t.window_start_us = last.window_start_us;
      last = std::move(t);
      return;
    }
    out.transitions.push_back(std::move(t));
  };

  bool cmp_choice = false;
  for (const auto& st : steps) {
    transition t = out.transitions.back();
    t.entry = st.entry;
    t.time = *st.time;
    t.window_start_us.reset();
    t.observed.reset();
    switch (st.k) {
      case step::kind::cmp_load: {
        if (t.state != state::pre_banner) continue;
        const auto& h = hits[st.index];
        t.state = state::banner_shown;
        t.signal = fmt::format("{} loaded ({}, signature {})", h.vendor->name, h.url,
                               h.sig->ref());
        emit(std::move(t));
        break;
      }
      case step::kind::gpc:
        t.gpc = true;
        t.signal = "Sec-GPC: 1 sent by the browser (Global Privacy Control)";
        emit(std::move(t));
        break;
      case step::kind::signal: {
        const auto& s = out.signals[st.index];
        const auto& sum = s.decoded.sum;
        if (!s.decoded.ok) continue;
        // What a tracker hit was told (gcs, gcd, us_privacy on its URL) stands
        // for the page's consent state only until the consent platform's own
        // record of a choice is seen; after that a hit's parameters are
        // evidence about the hit, not about the choice.
        const bool in_band = s.carrier == "query";
        if (in_band && cmp_choice) continue;
        if (!in_band && is_cmp_kind(s.decoded.kind) && sum.interacted.value_or(false)) {
          cmp_choice = true;
        }
        bool any = false;
        for (int i = 0; i < consent::purpose_count; ++i) {
          const auto p = static_cast<std::size_t>(i);
          if (sum.purposes[p] == grant::unknown) continue;
          t.purposes[p] = sum.purposes[p];
          t.purpose_source[p] = fmt::format("{}: {}", s.name, sum.purpose_source[p]);
          any = true;
        }
        if (sum.sale_opt_out) {
          t.sale_opt_out = sum.sale_opt_out;
          if (*sum.sale_opt_out) {
            t.purposes[static_cast<std::size_t>(purpose::sale_share)] = grant::denied;
            t.purpose_source[static_cast<std::size_t>(purpose::sale_share)] =
                fmt::format("{}: opted out of sale/sharing", s.name);
          }
          any = true;
        }
        t.signal = describe_signal(s);
        t.observed = st.index;
        if (sum.interacted.value_or(false)) {
          const state chosen = classify(t.purposes);
          // A choice whose content this signal does not show keeps an earlier
          // known choice; it never invents one.
          if (chosen != state::unknown || t.state == state::pre_banner ||
              t.state == state::banner_shown || t.state == state::no_cmp) {
            t.state = chosen;
          }
          if (s.carrier == "request cookie" || s.carrier == "set-cookie") {
            if (st.entry < facts.size()) t.window_start_us = window_before(facts[st.entry]);
          } else if (s.carrier == "query" && st.entry < facts.size()) {
            t.window_start_us = window_before_param(facts[st.entry], s.name);
          }
        } else if (sum.interacted.has_value()) {
          // A consent platform's defaults: it has run, no choice yet. (A Google
          // tag's consent-mode defaults prove no consent platform.)
          if (is_cmp_kind(s.decoded.kind) &&
              (t.state == state::pre_banner || t.state == state::no_cmp)) {
            t.state = state::banner_shown;
          }
        } else if (!any) {
          continue;
        }
        emit(std::move(t));
        break;
      }
    }
  }
}

}  // namespace harfact::timeline::detail
