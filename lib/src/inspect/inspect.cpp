#include "harfact/inspect/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/ascii.hpp"
#include "harfact/har/exporter.hpp"
#include "harfact/net/url.hpp"

namespace harfact::inspect {

std::string_view party_name(party p) noexcept {
  switch (p) {
    case party::first_party: return "first_party";
    case party::third_party: return "third_party";
    case party::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view main_document_source_name(main_document_source s) noexcept {
  switch (s) {
    case main_document_source::resource_type: return "resource_type";
    case main_document_source::mime_type: return "mime_type";
    case main_document_source::first_entry: return "first_entry";
    case main_document_source::none: return "none";
  }
  return "none";
}

namespace {

// "Text/HTML; charset=utf-8" -> "text/html"
std::string mime_essence(std::string_view m) {
  const std::size_t semi = m.find(';');
  if (semi != std::string_view::npos) m = m.substr(0, semi);
  while (!m.empty() && (m.front() == ' ' || m.front() == '\t')) m.remove_prefix(1);
  while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.remove_suffix(1);
  return detail::to_lower_ascii(m);
}

struct host_acc {
  std::uint64_t requests = 0;
  std::uint64_t bytes = 0;
};

struct page_acc {
  std::unordered_map<std::string, host_acc> hosts;
  std::int64_t doc_by_type = -1, doc_by_mime = -1, first = -1;
  std::string url_by_type, url_by_mime, url_first;
};

// The collector sees each entry once, in order.
class collector {
 public:
  collector(capture_summary& s, const net::public_suffix& psl) : s_(s), psl_(psl) {}

  void set_pages(const har::log_info& info) {
    for (const auto& p : info.pages) {
      page_summary ps;
      ps.id = p.id;
      ps.title = p.title;
      ps.started_text = p.started_text;
      ps.started = p.started;
      page_index_.emplace(p.id, s_.pages.size());
      s_.pages.push_back(std::move(ps));
    }
    acc_.resize(s_.pages.size() + 1);  // the last one collects unpaged entries
  }

  // Returns the entry's page index.
  std::size_t add(har::entry& e) {
    ++s_.entries;
    const std::size_t page = page_of(e);
    page_acc& acc = acc_[page];
    const auto idx = static_cast<std::int64_t>(e.index);

    if (e.started.valid) {
      const std::int64_t start = e.started.us;
      if (!s_.first_started_us || start < *s_.first_started_us) {
        s_.first_started_us = start;
        s_.first_started_text = std::string(e.str(e.started_text));
      }
      if (!s_.last_started_us || start > *s_.last_started_us) s_.last_started_us = start;
      const std::int64_t end =
          start +
          (e.time && *e.time > 0 ? static_cast<std::int64_t>(std::llround(*e.time * 1000)) : 0);
      if (!s_.last_finished_us || end > *s_.last_finished_us) s_.last_finished_us = end;
    }

    s_.status_histogram[e.response.status ? std::to_string(*e.response.status) : "none"]++;
    const std::string mime = mime_essence(e.str(e.response.content.mime_type));
    s_.mime_histogram[mime.empty() ? "(none)" : mime]++;

    const std::uint64_t bytes = transfer_bytes(e);
    count_cookies(e);

    const std::string_view url = e.str(e.request.url);
    std::string host;
    if (auto parts = net::split_url(url)) host = net::normalize_host(parts->host);
    auto& h = acc.hosts[host];
    ++h.requests;
    h.bytes += bytes;
    all_hosts_.emplace(host, 0);

    if (acc.first < 0) {
      acc.first = idx;
      acc.url_first = std::string(url);
    }
    if (acc.doc_by_type < 0 && detail::iequals_ascii(e.str(e.resource_type), "document")) {
      acc.doc_by_type = idx;
      acc.url_by_type = std::string(url);
    }
    if (acc.doc_by_mime < 0 && (mime == "text/html" || mime == "application/xhtml+xml")) {
      const auto status = e.response.status.value_or(0);
      if (status < 300 || status >= 400) {
        acc.doc_by_mime = idx;
        acc.url_by_mime = std::string(url);
      }
    }
    return page;
  }

  void finish() {
    if (!acc_.back().hosts.empty()) {
      page_summary unpaged;  // entries without (or with an unknown) pageref
      s_.pages.push_back(std::move(unpaged));
    } else {
      acc_.pop_back();
    }
    for (std::size_t i = 0; i < s_.pages.size(); ++i) {
      page_summary& p = s_.pages[i];
      const page_acc& acc = acc_[i];
      if (acc.doc_by_type >= 0) {
        set_main(p, acc.doc_by_type, acc.url_by_type, main_document_source::resource_type);
      } else if (acc.doc_by_mime >= 0) {
        set_main(p, acc.doc_by_mime, acc.url_by_mime, main_document_source::mime_type);
      } else if (acc.first >= 0) {
        set_main(p, acc.first, acc.url_first, main_document_source::first_entry);
      }
    }
    // Unpaged entries with no document of their own are judged against the
    // first page's site.
    std::string fallback_domain;
    for (const auto& p : s_.pages) {
      if (!p.id.empty() && !p.first_party_domain.empty()) {
        fallback_domain = p.first_party_domain;
        break;
      }
    }
    for (std::size_t i = 0; i < s_.pages.size(); ++i) {
      page_summary& p = s_.pages[i];
      const bool weak = p.id.empty() && p.main_document_from == main_document_source::first_entry;
      const std::string& site =
          weak && !fallback_domain.empty() ? fallback_domain : p.first_party_domain;
      for (auto& [host, a] : acc_[i].hosts) {
        host_count hc;
        hc.host = host;
        hc.registrable_domain = host.empty() ? std::string() : domain_of(host);
        if (site.empty() || host.empty()) {
          hc.party = party::unknown;
        } else {
          hc.party = hc.registrable_domain == site ? party::first_party : party::third_party;
        }
        hc.requests = a.requests;
        hc.transfer_bytes = a.bytes;
        p.entries += a.requests;
        p.hosts.push_back(std::move(hc));
      }
      std::sort(p.hosts.begin(), p.hosts.end(), [](const host_count& a, const host_count& b) {
        if (a.party != b.party) return a.party < b.party;
        if (a.requests != b.requests) return a.requests > b.requests;
        return a.host < b.host;
      });
    }
    s_.hosts_total = all_hosts_.size();
    finish_cookies();
  }

 private:
  std::size_t page_of(har::entry& e) {
    if (!e.pageref.present()) return acc_.size() - 1;
    const auto it = page_index_.find(std::string(e.str(e.pageref)));
    return it == page_index_.end() ? acc_.size() - 1 : it->second;
  }

  void set_main(page_summary& p, std::int64_t entry, const std::string& url,
                main_document_source from) {
    p.main_document_entry = entry;
    p.main_document_url = url;
    p.main_document_from = from;
    if (auto parts = net::split_url(url)) {
      const std::string host = net::normalize_host(parts->host);
      if (!host.empty()) p.first_party_domain = domain_of(host);
    }
  }

  const std::string& domain_of(const std::string& host) {
    auto it = domains_.find(host);
    if (it == domains_.end()) it = domains_.emplace(host, psl_.registrable_domain(host)).first;
    return it->second;
  }

  std::uint64_t transfer_bytes(const har::entry& e) {
    if (e.response.transfer_size && *e.response.transfer_size >= 0) {
      ++s_.transfer_from_transfer_size;
      const auto n = static_cast<std::uint64_t>(*e.response.transfer_size);
      s_.transfer_bytes += n;
      return n;
    }
    const std::int64_t hs = e.response.headers_size.value_or(-1);
    const std::int64_t bs = e.response.body_size.value_or(-1);
    if (hs < 0 && bs < 0) {
      ++s_.transfer_unknown;
      return 0;
    }
    ++s_.transfer_from_sizes;
    const auto n =
        static_cast<std::uint64_t>(std::max<std::int64_t>(hs, 0) + std::max<std::int64_t>(bs, 0));
    s_.transfer_bytes += n;
    return n;
  }

  void count_cookies(har::entry& e) {
    auto& c = s_.cookies;
    for (const auto& h : e.request.headers) {
      const std::string_view name = e.str(h.name);
      if (detail::iequals_ascii(name, "cookie")) ++c.request_cookie_headers;
      if (detail::iequals_ascii(name, "authorization")) ++c.authorization_headers;
    }
    for (const auto& h : e.response.headers) {
      if (detail::iequals_ascii(e.str(h.name), "set-cookie")) ++c.set_cookie_headers;
    }
    c.request_cookies += e.request.cookies.size();
    c.response_cookies += e.response.cookies.size();
  }

  void finish_cookies() {
    auto& c = s_.cookies;
    const bool any =
        c.request_cookie_headers + c.request_cookies + c.set_cookie_headers + c.response_cookies >
        0;
    if (any) {
      c.verdict = "present";
    } else if (s_.entries > 0 && (s_.exporter_id == "chrome_devtools")) {
      // Chrome DevTools exports sanitized HARs by default (signals.md §0):
      // no cookie anywhere in a DevTools export is what sanitizing leaves.
      c.verdict = "absent_likely_sanitized";
      c.stripped = true;
    } else {
      c.verdict = "absent";
    }
  }

  capture_summary& s_;
  const net::public_suffix& psl_;
  std::unordered_map<std::string, std::size_t> page_index_;
  std::vector<page_acc> acc_;
  std::unordered_map<std::string, std::string> domains_;
  std::unordered_map<std::string, int> all_hosts_;
};

void copy_diagnostics(const harfact::diagnostics& d, capture_summary& s) {
  s.diagnostics = d.kept();
  s.diagnostics_total = d.total();
  s.warnings = d.count(severity::warning);
  s.errors = d.count(severity::error);
  for (std::uint16_t code = 1; code < 256; ++code) {
    const auto c = static_cast<diag>(code);
    if (const std::uint64_t n = d.count(c); n > 0)
      s.diagnostic_counts[std::string(diag_name(c))] = n;
  }
}

}  // namespace

capture_summary inspect_capture(const std::filesystem::path& path, const net::public_suffix& psl,
                                const inspect_options& options) {
  capture_summary s;
  s.path = path.string();
  auto opened = har::reader::open(path, options.reader);
  if (!opened) {
    s.error = std::move(opened).error();
    s.read.label = s.path;
    // Chain of custody holds for inputs that are not HARs too: hash what was
    // given (a second read, on this error path only).
    if (auto in = io::input::open(path, options.reader.input)) {
      s.read.input_bytes = (*in)->input_bytes();
      s.read.text_bytes = (*in)->text_bytes();
      s.read.compression = (*in)->compression_kind();
      s.read.encoding = (*in)->encoding_kind();
      s.read.sha256 = io::to_hex((*in)->sha256_input());
      s.read.sha256_text = io::to_hex((*in)->sha256_text());
    }
    return s;
  }
  har::reader& r = **opened;
  s.opened = true;
  const har::log_info& info = r.info();
  s.har_version = info.version;
  s.creator_name = info.creator.name;
  s.creator_version = info.creator.version;
  s.browser_name = info.browser.name;
  s.browser_version = info.browser.version;
  const auto who = har::identify_exporter(info);
  s.exporter_id = who.id;
  s.exporter_name = who.name;
  s.log_member_order = info.member_order;

  collector c(s, psl);
  c.set_pages(info);
  har::entry e;
  constexpr std::uint64_t k_progress_step = std::uint64_t{64} << 20;
  std::uint64_t next_progress = k_progress_step;
  const std::uint64_t total = r.text().size();
  for (;;) {
    auto more = r.next(e);
    if (!more) {
      s.error = std::move(more).error();
      break;
    }
    if (!*more) break;
    const std::size_t page = c.add(e);
    if (options.on_entry) options.on_entry(e, page);
    if (options.progress && e.offset >= next_progress) {
      next_progress = e.offset + k_progress_step;
      options.progress(s.entries, e.offset, total);
    }
  }
  r.finish();
  c.finish();
  s.read = r.summary();
  copy_diagnostics(r.diagnostics(), s);
  r.locate(s.diagnostics);
  if (s.error && s.error->where.line == 0 && s.error->where.byte_offset != no_offset) {
    auto [line, column] = r.line_column(s.error->where.byte_offset);
    s.error->where.line = line;
    s.error->where.column = column;
  }
  return s;
}

int exit_status(const std::vector<capture_summary>& summaries) noexcept {
  int status = 0;
  for (const auto& s : summaries) {
    if (!s.opened) return 3;
    if (s.read.status != har::read_status::complete) status = 4;
  }
  return status;
}

}  // namespace harfact::inspect
