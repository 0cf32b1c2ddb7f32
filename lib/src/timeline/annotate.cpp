// Tracker hits on the consent timeline: purpose, state in force, position,
// restrictions, and the initiator chain.
#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

#include "timeline/detail.hpp"

namespace harfact::timeline::detail {

namespace {

using consent::grant;
using consent::purpose;

// The documented default purpose of a vendor category (lib/ARCHITECTURE.md,
// "Purposes"), used when the capture holds no CMP configuration naming it.
purpose default_purpose(sig::category c) noexcept {
  switch (c) {
    case sig::category::advertising_pixel:
    case sig::category::identity: return purpose::advertising;
    case sig::category::analytics:
    case sig::category::session_replay:
    case sig::category::ab_testing: return purpose::analytics;
    case sig::category::chat:
    case sig::category::video_embed: return purpose::functional;
    case sig::category::tag_manager:
    case sig::category::consent_platform: return purpose::necessary;
  }
  return purpose::analytics;
}

// The group of the site's own CMP configuration that lists this host, when
// the capture holds the configuration (OneTrust domain JSON).
struct site_group {
  std::string id, name;
  purpose p;
  std::vector<std::string> hosts;
};

std::vector<site_group> site_groups(const result& out) {
  std::vector<site_group> groups;
  for (const auto& s : out.signals) {
    if (s.decoded.kind != "onetrust_config" || !s.decoded.ok) continue;
    const consent::node* g = s.decoded.fields.find("groups");
    if (g == nullptr || g->t != consent::node::type::array) continue;
    for (const auto& item : g->items) {
      const consent::node* id = item.find("id");
      const consent::node* name = item.find("name");
      const consent::node* pn = item.find("purpose");
      const consent::node* hosts = item.find("hosts");
      if (pn == nullptr || pn->t != consent::node::type::string || hosts == nullptr) continue;
      site_group sg;
      sg.id = id != nullptr ? id->s : "";
      sg.name = name != nullptr ? name->s : "";
      bool known = false;
      for (int i = 0; i < consent::purpose_count; ++i) {
        if (consent::purpose_name(static_cast<purpose>(i)) == pn->s) {
          sg.p = static_cast<purpose>(i);
          known = true;
        }
      }
      if (!known) continue;
      for (const auto& h : hosts->items) {
        if (h.t == consent::node::type::string) sg.hosts.push_back(h.s);
      }
      groups.push_back(std::move(sg));
    }
  }
  return groups;
}

bool host_within(std::string_view host, std::string_view domain) noexcept {
  if (domain.empty()) return false;
  if (domain.front() == '.') domain.remove_prefix(1);
  return host == domain ||
         (host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
          host[host.size() - domain.size() - 1] == '.');
}

// Restrictions the hit itself carries (signals.md B.11, B.16, B.18), as they
// bear on the purpose it serves: ad-side flags limit advertising use; a
// consent-mode denial makes the hit a cookieless ping.
void restrictions_of(const entry_fact& f, std::string_view vendor, annotated_hit& a) {
  const bool ads = a.purpose == purpose::advertising || a.purpose == purpose::sale_share;
  for (const auto& [n, v] : f.in_band) {
    a.in_band.push_back(fmt::format("{}={}", n, v));
    // Vendor-native flags (signals.md B.18), each only on its vendor's hits.
    if (vendor == "microsoft_uet" && n == "asc" && v == "D") {
      a.restrictions.push_back("asc=D (UET ad_storage denied) [uncertain]");
    }
    if (vendor == "outbrain" && n == "optOut" && (v == "1" || v == "true")) {
      a.restrictions.push_back(fmt::format("optOut={} (Outbrain: the visitor opted out)", v));
    }
    if (vendor == "reddit_pixel" && n == "opt_out" && v == "1") {
      a.restrictions.push_back("opt_out=1 (Reddit opt-out) [uncertain semantics]");
    }
    if (vendor.substr(0, 7) == "google_") {
      if (n == "dc_lat" && v == "1") a.restrictions.push_back("dc_lat=1 (limit ad tracking)");
      if (n == "tfua" && v == "1") a.restrictions.push_back("tfua=1 (user under the age of consent)");
      if (n == "tag_for_child_directed_treatment" && v == "1") {
        a.restrictions.push_back("tag_for_child_directed_treatment=1 (COPPA)");
      }
    }
    if (!ads && !(a.purpose == purpose::analytics && n == "gcs")) continue;
    if (n == "dpo" && v == "LDU") a.restrictions.push_back("dpo=LDU (Meta Limited Data Use)");
    if (n == "npa" && v == "1") a.restrictions.push_back("npa=1 (non-personalised ads)");
    if (n == "rdp" && v == "1") a.restrictions.push_back("rdp=1 (restricted data processing)");
    if (n == "gcs" && v.size() == 4 && v[0] == 'G') {
      if (ads && v[2] == '0') {
        a.restrictions.push_back(fmt::format("gcs={} (ad_storage denied)", v));
      } else if (!ads && v[3] == '0') {
        a.restrictions.push_back(fmt::format("gcs={} (analytics_storage denied: cookieless)", v));
      }
    }
  }
}

struct judged {
  position pos = position::unknown;
  grant g = grant::unknown;
};

// How a hit for purpose `p` stands under transition `t`.
judged judge(const transition& t, purpose p) noexcept {
  judged j;
  j.g = t.purposes[static_cast<std::size_t>(p)];
  switch (t.state) {
    case state::no_cmp:
    case state::pre_banner: j.pos = position::no_consent_ui; break;
    case state::banner_shown: j.pos = position::before_choice; break;
    default:
      j.pos = j.g == grant::granted  ? position::granted
              : j.g == grant::denied ? position::denied
                                     : position::unknown;
  }
  if (p == purpose::advertising && t.sale_opt_out.value_or(false)) {
    j.pos = position::denied;
    j.g = grant::denied;
  }
  return j;
}

}  // namespace

void annotate_hits(const std::vector<entry_fact>& facts, result& out) {
  if (out.transitions.empty()) return;  // nothing was read
  const auto& hits = out.trackers.hits;
  const auto groups = site_groups(out);
  // Entry that first requested each URL (fragment dropped), for chains.
  std::unordered_map<std::string_view, std::uint64_t> by_url;
  for (const auto& f : facts) {
    std::string_view u = f.url;
    u = u.substr(0, u.find('#'));
    by_url.emplace(u, f.index);
  }
  std::vector<std::size_t> order(hits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto ta = hits[a].time_us.value_or(INT64_MAX), tb = hits[b].time_us.value_or(INT64_MAX);
    return ta != tb ? ta < tb : hits[a].entry < hits[b].entry;
  });

  for (std::size_t i : order) {
    const auto& h = hits[i];
    if (h.entry >= facts.size()) continue;
    const entry_fact& f = facts[h.entry];
    annotated_hit a;
    a.hit = i;
    a.purpose = default_purpose(h.vendor->category);
    a.purpose_basis = fmt::format("category {} (harfact's documented default)",
                                  sig::category_name(h.vendor->category));
    for (const auto& g : groups) {
      const bool listed = std::any_of(g.hosts.begin(), g.hosts.end(),
                                      [&](const std::string& d) { return host_within(h.host, d); });
      if (listed) {
        a.purpose = g.p;
        a.purpose_basis = fmt::format("the site's OneTrust group {} \"{}\" lists {}", g.id, g.name,
                                      h.host);
        break;
      }
    }
    // A hit "fires" when it sends data; loading a vendor's code does not
    // (a catch-all signature of role other on a script is a code load too).
    a.fires = h.sig->role != sig::role::library && h.sig->role != sig::role::config &&
              !(h.sig->role == sig::role::other && f.code_load);
    restrictions_of(f, h.vendor->vendor_id, a);

    // The transition in force, and whether the hit is too close to a
    // neighbouring one to be ordered.
    const auto& ts = out.transitions;
    std::size_t k = 0;
    for (std::size_t j = 1; j < ts.size(); ++j) {
      if (!f.time.us || !ts[j].time.us) break;
      if (*ts[j].time.us < *f.time.us ||
          (*ts[j].time.us == *f.time.us && ts[j].entry && *ts[j].entry <= h.entry)) {
        k = j;
      }
    }
    a.transition = k;
    const transition& t = ts[k];
    const judged j = judge(t, a.purpose);
    a.grant = j.g;
    a.position = j.pos;
    a.gpc = t.gpc;
    a.sale_opt_out = t.sale_opt_out;
    if (!f.time.us) a.position = position::unknown;
    // Too close to a neighbouring transition to be ordered, when being on
    // the other side of it would change how the hit stands.
    auto close = [&](const transition& other) {
      if (!other.entry || *other.entry == h.entry) return false;
      if (compare_times(f.time, other.time) == 0) return true;
      // A choice proven by a cookie lies somewhere in (window, time].
      return other.window_start_us && f.time.us && *f.time.us > *other.window_start_us &&
             other.time.us && *f.time.us < *other.time.us;
    };
    auto differs = [&](const transition& other) {
      const judged o = judge(other, a.purpose);
      return o.pos != j.pos || other.gpc != t.gpc;
    };
    if (k > 0 && close(t) && differs(ts[k - 1])) a.position = position::indeterminate;
    if (k + 1 < ts.size() && close(ts[k + 1]) && differs(ts[k + 1])) {
      a.position = position::indeterminate;
    }

    // Chain: from the hit back through its initiators (or Referer) to the page.
    std::vector<chain_link> back;
    back.push_back({h.entry, h.url, "hit"});
    std::unordered_set<std::uint64_t> seen{h.entry};
    const entry_fact* cur = &f;
    for (int depth = 0; depth < 16; ++depth) {
      std::string_view cause = cur->initiator_url;
      std::string via = cur->initiator_via;
      if (cause.empty() && !cur->document) {
        cause = cur->referer;
        via = "referer";
      }
      if (cause.empty()) break;
      chain_link link;
      link.url = std::string(cause);
      link.via = via;
      auto it = by_url.find(cause.substr(0, cause.find('#')));
      if (it != by_url.end() && seen.insert(it->second).second) link.entry = it->second;
      back.push_back(link);
      if (!link.entry) break;
      cur = &facts[*link.entry];
      if (cur->document) break;
    }
    a.chain.assign(back.rbegin(), back.rend());
    if (!a.chain.empty() && a.chain.front().entry && facts[*a.chain.front().entry].document) {
      a.chain.front().via = "page";
    }
    out.hits.push_back(std::move(a));
  }
}

}  // namespace harfact::timeline::detail
