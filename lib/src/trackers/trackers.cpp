#include "harfact/trackers/trackers.hpp"

#include <algorithm>
#include <deque>
#include <exception>
#include <string_view>
#include <system_error>
#include <thread>
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

// The requests no signature matched, as the reader gave them, for the broad lists. Compact:
// their texts (URL, method, time as written) one after another in one string, their hosts
// interned (a capture has a few hundred hosts for thousands of requests); the report's
// unclassified_hit is made only for the requests a list blocks.
struct list_requests {
  struct request {
    std::uint64_t entry = 0;
    std::optional<std::int64_t> time_us;
    std::size_t page = 0;
    std::size_t text = 0;  // in texts: URL, then method, then time as written
    std::uint32_t url_size = 0;
    std::uint32_t method_size = 0;
    std::uint32_t time_size = 0;
    std::uint32_t host = 0;  // in hosts
    sig::request_type type = sig::request_type::other;
  };
  std::vector<request> requests;
  std::string texts;
  std::deque<std::string> hosts{std::string()};  // normalised; 0 is "no host"
  std::unordered_map<std::string_view, std::uint32_t> host_ids{{std::string_view(), 0}};

  void add(har::entry& e, std::size_t page, std::string_view url, std::string_view method) {
    request r;
    r.entry = e.index;
    if (e.started.valid) r.time_us = e.started.us;
    r.page = page;
    const std::string_view time = e.str(e.started_text);
    r.text = texts.size();
    r.url_size = static_cast<std::uint32_t>(url.size());
    r.method_size = static_cast<std::uint32_t>(method.size());
    r.time_size = static_cast<std::uint32_t>(time.size());
    texts.append(url).append(method).append(time);
    if (auto parts = net::split_url(url)) r.host = host_id(parts->host);
    r.type = sig::infer_request_type(e.str(e.resource_type), e.str(e.response.content.mime_type),
                                     e.str(e.initiator.type));
    requests.push_back(r);
  }

  std::string_view url(const request& r) const {
    return std::string_view(texts).substr(r.text, r.url_size);
  }
  std::string_view method(const request& r) const {
    return std::string_view(texts).substr(r.text + r.url_size, r.method_size);
  }
  std::string_view time(const request& r) const {
    return std::string_view(texts).substr(r.text + r.url_size + r.method_size, r.time_size);
  }

 private:
  // net::normalize_host() of `raw`, interned; its copy is made only for a host not seen yet
  // or one that normalising changes (upper case, a trailing dot).
  std::uint32_t host_id(std::string_view raw) {
    const bool normal =
        std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
        (raw.empty() || raw.back() != '.');
    std::string normalized;
    if (!normal) normalized = net::normalize_host(raw);
    const std::string_view key = normal ? raw : std::string_view(normalized);
    if (const auto it = host_ids.find(key); it != host_ids.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(hosts.size());
    hosts.push_back(normal ? std::string(raw) : std::move(normalized));
    host_ids.emplace(hosts.back(), id);
    return id;
  }
};

// The broad lists' verdicts on the requests no signature matched, in entry order. Matching
// is shared between this thread and a second one when there is enough of it.
template <typename DomainOf>
void check_lists(list_requests& pending, const sig::filter_engine& lists, result& out,
                 DomainOf& domain_of) {
  const auto& pages = out.capture.pages;
  // Per page: its host and its site, once.
  std::vector<std::string> page_hosts(pages.size());
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (auto parts = net::split_url(pages[i].main_document_url)) {
      page_hosts[i] = net::normalize_host(parts->host);
    }
  }
  // Per host: its registrable domain, once.
  std::vector<const std::string*> domains(pending.hosts.size(), nullptr);
  std::vector<sig::filter_request> requests(pending.requests.size());
  std::vector<inspect::party> parties(pending.requests.size(), inspect::party::unknown);
  for (std::size_t k = 0; k < pending.requests.size(); ++k) {
    auto& u = pending.requests[k];
    const inspect::page_summary* p = u.page < pages.size() ? &pages[u.page] : nullptr;
    std::string_view page_host;
    std::string_view site;
    if (p != nullptr) {
      site = p->first_party_domain;
      page_host = page_hosts[u.page];
      // Chrome marks frames "document" too: only the page's own is one.
      if (u.type == sig::request_type::document &&
          static_cast<std::int64_t>(u.entry) != p->main_document_entry) {
        u.type = sig::request_type::subdocument;
      }
    }
    if (u.host != 0 && domains[u.host] == nullptr)
      domains[u.host] = &domain_of(pending.hosts[u.host]);
    if (!site.empty() && u.host != 0) {
      parties[k] =
          *domains[u.host] == site ? inspect::party::first_party : inspect::party::third_party;
    }
    requests[k] = sig::filter_request{pending.url(u), page_host, u.type,
                                      parties[k] == inspect::party::third_party};
  }
  std::vector<std::optional<sig::filter_hit>> verdicts(requests.size());
  std::exception_ptr helper_error;
  const auto match_range = [&](std::size_t from, std::size_t to, std::exception_ptr* error) {
    try {
      for (std::size_t k = from; k < to; ++k) verdicts[k] = lists.match(requests[k]);
    } catch (...) {
      if (error == nullptr) throw;
      *error = std::current_exception();
    }
  };
  // Two halves on two threads when there are enough requests to pay for a thread.
  constexpr std::size_t k_parallel_from = 4096;
  const std::size_t half = requests.size() / 2;
  std::thread helper;
  if (requests.size() >= k_parallel_from && std::thread::hardware_concurrency() > 1) {
    try {
      helper = std::thread(match_range, half, requests.size(), &helper_error);
    } catch (const std::system_error&) {  // no thread: all of it here
    }
  }
  try {
    match_range(0, helper.joinable() ? half : requests.size(), nullptr);
  } catch (...) {
    if (helper.joinable()) helper.join();
    throw;
  }
  if (helper.joinable()) helper.join();
  if (helper_error) std::rethrow_exception(helper_error);

  for (std::size_t k = 0; k < requests.size(); ++k) {
    const auto& verdict = verdicts[k];
    if (!verdict || verdict->exception) continue;
    const auto& r = pending.requests[k];
    unclassified_hit u;
    u.entry = r.entry;
    u.time_us = r.time_us;
    u.time_original = std::string(pending.time(r));
    u.method = std::string(pending.method(r));
    u.url = std::string(pending.url(r));
    u.host = pending.hosts[r.host];
    if (r.host != 0) u.registrable_domain = *domains[r.host];
    u.page = r.page;
    u.party = parties[k];
    u.type = r.type;
    u.list = lists.lists()[verdict->list].name;
    u.line = verdict->line;
    u.rule = std::string(verdict->rule);
    out.unclassified.push_back(std::move(u));
  }
}

}  // namespace

result find_trackers(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options,
                     const sig::filter_engine* lists) {
  result out;
  // Requests no signature matched, kept for the broad lists: whether they are
  // third-party is known only once every page's main document is.
  list_requests pending;
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
      pending.add(e, page, url, method);
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
  if (lists != nullptr) check_lists(pending, *lists, out, domain_of);
  return out;
}

}  // namespace harfact::trackers
