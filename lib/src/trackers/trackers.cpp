#include "harfact/trackers/trackers.hpp"

#include <algorithm>
#include <unordered_map>

#include "harfact/net/url.hpp"

namespace harfact::trackers {

namespace {

void summarise(vendor_hits& v, const hit& h, std::size_t index) {
  for (const auto& ev : h.decoded.events) {
    auto it = std::find_if(v.events.begin(), v.events.end(),
                           [&](const auto& e) { return e.first == ev; });
    if (it == v.events.end()) {
      v.events.emplace_back(ev, 1);
    } else {
      ++it->second;
    }
  }
  std::vector<std::string_view> seen;  // count a field once per hit
  for (const auto& f : h.decoded.fields) {
    if (!f.personal_data.empty()) {
      ++v.personal_data_total;
      if (v.personal_data.size() < 100) v.personal_data.push_back({index, f.name, f.personal_data});
    }
    if (std::find(seen.begin(), seen.end(), f.name) != seen.end()) continue;
    seen.push_back(f.name);
    auto it = std::find_if(v.fields.begin(), v.fields.end(),
                           [&](const field_summary& s) { return s.name == f.name; });
    if (it == v.fields.end()) {
      v.fields.push_back(field_summary{f.name, f.kind, f.meaning, f.uncertain, 1});
    } else {
      ++it->hits;
    }
  }
  if (h.decoded.body_not_captured) ++v.body_not_captured;
}

}  // namespace

result find_trackers(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options,
                     const sig::filter_engine* lists) {
  result out;
  // Requests no signature matched, kept for the broad lists: whether they are
  // third-party is known only once every page's main document is.
  std::vector<unclassified_hit> pending;
  std::vector<sig::match> found;
  inspect::inspect_options opts = options;
  const auto chained = options.on_entry;
  opts.on_entry = [&](har::entry& e, std::size_t page) {
    if (chained) chained(e, page);
    const std::string_view url = e.str(e.request.url);
    const std::string_view method = e.str(e.request.method);
    matcher.find(url, method.empty() ? std::string_view("GET") : method, found);
    if (found.empty()) {
      if (lists == nullptr) return;
      unclassified_hit u;
      u.entry = e.index;
      if (e.started.valid) u.time_us = e.started.us;
      u.time_original = std::string(e.str(e.started_text));
      u.method = std::string(method);
      u.url = std::string(url);
      if (auto parts = net::split_url(url)) u.host = net::normalize_host(parts->host);
      u.page = page;
      u.type = sig::infer_request_type(e.str(e.resource_type), e.str(e.response.content.mime_type),
                                       e.str(e.initiator.type));
      pending.push_back(std::move(u));
      return;
    }
    hit h;
    h.entry = e.index;
    if (e.started.valid) h.time_us = e.started.us;
    h.time_original = std::string(e.str(e.started_text));
    h.method = std::string(method);
    h.url = std::string(url);
    if (auto parts = net::split_url(url)) h.host = net::normalize_host(parts->host);
    h.page = page;
    h.sig = found.front().sig;
    h.vendor = found.front().owner;
    for (std::size_t i = 1; i < found.size(); ++i) h.also.push_back(found[i].sig);
    h.status = e.response.status;
    h.decoded = decode::decode_hit(e, *h.sig);
    out.hits.push_back(std::move(h));
  };
  out.capture = inspect::inspect_capture(path, psl, opts);

  // Party is decided once every page's main document is known.
  // Registrable domains, looked up once per host for hits and list checks alike.
  std::unordered_map<std::string, std::string> domains;
  auto domain_of = [&](const std::string& host) -> const std::string& {
    auto it = domains.find(host);
    if (it == domains.end()) it = domains.emplace(host, psl.registrable_domain(host)).first;
    return it->second;
  };
  std::unordered_map<const sig::vendor*, std::size_t> vendor_index;
  for (std::size_t i = 0; i < out.hits.size(); ++i) {
    hit& h = out.hits[i];
    std::string site;
    if (h.page < out.capture.pages.size()) site = out.capture.pages[h.page].first_party_domain;
    if (site.empty()) {
      for (const auto& p : out.capture.pages) {
        if (!p.first_party_domain.empty()) {
          site = p.first_party_domain;
          break;
        }
      }
    }
    if (!site.empty() && !h.host.empty()) {
      h.party =
          domain_of(h.host) == site ? inspect::party::first_party : inspect::party::third_party;
    }
    auto [it, inserted] = vendor_index.emplace(h.vendor, out.vendors.size());
    if (inserted) out.vendors.push_back(vendor_hits{});
    vendor_hits& v = out.vendors[it->second];
    v.vendor = h.vendor;
    v.hits.push_back(i);
    if (h.party == inspect::party::third_party) ++v.third_party_hits;
    summarise(v, h, i);
  }
  if (lists != nullptr) {
    for (auto& u : pending) {
      const inspect::page_summary* p =
          u.page < out.capture.pages.size() ? &out.capture.pages[u.page] : nullptr;
      std::string page_host, site;
      if (p != nullptr) {
        site = p->first_party_domain;
        if (auto parts = net::split_url(p->main_document_url)) {
          page_host = net::normalize_host(parts->host);
        }
        // Chrome marks frames "document" too: only the page's own is one.
        if (u.type == sig::request_type::document &&
            static_cast<std::int64_t>(u.entry) != p->main_document_entry) {
          u.type = sig::request_type::subdocument;
        }
      }
      if (!u.host.empty()) u.registrable_domain = domain_of(u.host);
      if (!site.empty() && !u.host.empty()) {
        u.party = u.registrable_domain == site ? inspect::party::first_party
                                               : inspect::party::third_party;
      }
      const sig::filter_request req{u.url, page_host, u.type,
                                    u.party == inspect::party::third_party};
      const auto verdict = lists->match(req);
      if (!verdict || verdict->exception) continue;
      u.list = lists->lists()[verdict->list].name;
      u.line = verdict->line;
      u.rule = std::string(verdict->rule);
      out.unclassified.push_back(std::move(u));
    }
  }
  return out;
}

}  // namespace harfact::trackers
