// Internal: what verify() gathers in its one pass over the capture (the
// collector, hung on the timeline's on_entry hook), and the builders that turn
// it into integrity checks after the pass, one file per group of checks.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "check/verify_format.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/har/model.hpp"
#include "harfact/net/public_suffix.hpp"

namespace harfact::check::detail {

/// Evidence items listed per check; all are counted.
inline constexpr std::size_t k_evidence_cap = 20;

/// Evidence kept up to the cap and counted in full. The detail is built only
/// for the items kept.
struct evidence_sink {
  std::vector<check_evidence> items;
  std::uint64_t count = 0;

  template <class MakeDetail>
  void add(std::optional<std::uint64_t> entry, const timeline::time_point& time,
           MakeDetail&& make) {
    ++count;
    if (items.size() < k_evidence_cap) items.push_back({entry, make(), time});
  }
  void add_text(std::optional<std::uint64_t> entry, const timeline::time_point& time,
                std::string detail) {
    add(entry, time, [&] { return std::move(detail); });
  }
};

/// What the checks keep of one entry (the reader's entry is gone after the hook).
struct entry_row {
  std::uint64_t index = 0;
  timeline::time_point time;  ///< startedDateTime: us, as written, precision
  std::int32_t offset_minutes = 0;
  std::uint8_t fraction_digits = 0;
  bool has_zone = false;
  std::optional<double> time_ms;  ///< entry.time
  std::size_t page = 0;
  std::uint32_t site = 0;    ///< index into facts::sites (0: no host)
  std::uint32_t order = 0;   ///< index into facts::format.orders
  std::uint32_t layout = 0;  ///< index into facts::format.layouts
  std::optional<std::int64_t> status;
  bool navigation = false;         ///< a document load, or a redirect answering one
  bool cached = false;             ///< _fromCache
  bool service_worker = false;     ///< _fromServiceWorker or _fetchedViaServiceWorker
  bool sends_cookies = false;      ///< a Cookie header or request.cookies
  std::string resource_type;       ///< _resourceType, or what the MIME type says
  std::string url;                 ///< shortened for evidence
  std::string referer;             ///< shortened; only for navigations
  std::uint32_t referer_site = 0;  ///< index into facts::sites (0: none)

  /// Start plus time, the instant the response was complete (start when no time).
  std::optional<std::int64_t> end_us() const noexcept;
};

/// A request that carried cookies (for the clean-profile check).
struct cookie_send {
  std::size_t row = 0;
  std::string names;  ///< "esid, OptanonConsent (consent), _ga (identifier)", capped
};

/// A response's Date header.
struct server_date {
  std::size_t row = 0;
  std::int64_t date_us = 0;  ///< the header, whole seconds
  std::int64_t age_s = 0;    ///< Age header, 0 when absent
};

/// A header value seen on requests (User-Agent, sec-ch-ua).
struct header_seen {
  std::uint64_t requests = 0;
  std::size_t first_row = 0;
};

/// Everything the pass gathers.
struct facts {
  std::vector<entry_row> rows;                    ///< in file order; skipped entries are absent
  std::vector<std::string> sites{std::string()};  ///< interned registrable domains

  std::vector<cookie_send> cookie_sends;
  std::vector<server_date> dates;
  std::map<std::string, header_seen> user_agents, client_hints;
  /// (User-Agent, sec-ch-ua) as sent together on one request.
  std::map<std::pair<std::string, std::string>, header_seen> identities;
  std::uint64_t requests_with_headers = 0;

  // Checks decided entry by entry.
  evidence_sink timings;  ///< time != sum of timings
  std::uint64_t timings_compared = 0;
  evidence_sink body_sizes;
  std::uint64_t bodies_compared = 0;
  evidence_sink query_mismatch;
  std::uint64_t queries_compared = 0;
  std::uint64_t query_arrays_filled = 0;  ///< entries with a query and a non-empty queryString
  std::uint64_t query_arrays_empty = 0;   ///< entries with a query and an empty queryString
  evidence_sink cookie_mismatch;
  std::uint64_t cookies_compared = 0;
  evidence_sink request_bodies_missing;
  std::uint64_t request_bodies = 0;   ///< requests that sent a body
  std::uint64_t response_bodies = 0;  ///< responses that had a body
  std::uint64_t response_bodies_missing = 0;
  evidence_sink query_array_empty;  ///< a query but an empty queryString
  evidence_sink extension;
  evidence_sink cache_bypass;              ///< Pragma and Cache-Control: no-cache
  std::uint64_t subresource_requests = 0;  ///< non-navigation requests with headers
  std::uint64_t bypass_subresources = 0;
  std::uint64_t bypass_navigations = 0;
  std::uint64_t conditional_requests = 0;  ///< If-None-Match / If-Modified-Since
  evidence_sink duplicates_identical;
  evidence_sink duplicates_repeated;
  /// Numbers and escapes JSON.stringify never writes (used when the exporter
  /// serialises with JavaScript); one item per entry, every instance counted.
  evidence_sink js_style;
  /// startedDateTime not in Date.toJSON() form (used for Chrome DevTools).
  evidence_sink not_to_json_time;

  format_facts format;
};

/// The per-entry hook.
class collector {
 public:
  explicit collector(const net::public_suffix& psl) : psl_(psl) {}
  void on_entry(har::entry& e, std::size_t page);

  facts out;

 private:
  std::uint32_t site_of(std::string_view host);
  void headers_of(har::entry& e, entry_row& row);
  void bodies_of(har::entry& e, const entry_row& row);
  void query_of(har::entry& e, const entry_row& row);
  void cookies_of(har::entry& e, entry_row& row);
  void duplicates_of(har::entry& e, const entry_row& row);
  void extension_of(har::entry& e, const entry_row& row);
  void timings_of(har::entry& e, const entry_row& row);

  void format_of(har::entry& e, entry_row& row);

  const net::public_suffix& psl_;
  std::unordered_map<std::string, std::uint32_t> site_ids_;
  std::unordered_map<std::string, std::uint32_t> host_sites_;
  struct first_seen {
    std::uint64_t entry = 0;
    std::uint64_t raw_hash = 0;
    std::size_t raw_size = 0;
  };
  std::unordered_map<std::string, first_seen> requests_seen_;
};

/// What every builder reads.
struct context {
  const verify_result& r;
  const facts& f;
  const verify_options& opts;
  std::int64_t now_us = 0;
  std::string_view exporter_id;
};

/// A check with its catalog title, status and summary.
integrity_check make_check(std::string_view id, status s, std::string summary);
/// Moves a sink's evidence and count into a check.
void take_evidence(integrity_check& c, const evidence_sink& sink);
/// The timeline time point of a row.
const timeline::time_point& time_of(const facts& f, std::size_t row);
/// The row of an entry index, or nullptr (a skipped entry, or -1).
const entry_row* row_of(const facts& f, std::int64_t index);
/// Adds the reader's diagnostics of the given codes to `sink` (those kept) and
/// their full count to `total`.
void diagnostics_evidence(const context& c, std::initializer_list<diag> codes, evidence_sink& sink,
                          std::uint64_t& total);

// The builders, in catalog order within each group (verify.cpp calls them in
// the catalog's order).
integrity_check check_exporter(const context& c);
integrity_check check_truncation(const context& c);
integrity_check check_starts_mid_page(const context& c);
integrity_check check_empty_pages(const context& c);
integrity_check check_missing_bodies(const context& c);
integrity_check check_sanitized_export(const context& c);

integrity_check check_entry_order(const context& c);
integrity_check check_timings_total(const context& c);
integrity_check check_time_gaps(const context& c);
integrity_check check_clock_future(const context& c);
integrity_check check_clock_before_exporter(const context& c);
integrity_check check_clock_zone(const context& c);
integrity_check check_clock_server_date(const context& c);

integrity_check check_duplicate_entries(const context& c);
integrity_check check_body_sizes(const context& c);
integrity_check check_query_string(const context& c);
integrity_check check_cookie_arrays(const context& c);
integrity_check check_duplicate_keys(const context& c);
integrity_check check_forbidden_characters(const context& c);
integrity_check check_exporter_format(const context& c);

integrity_check check_cache_sources(const context& c);
integrity_check check_cache_disabled(const context& c);
integrity_check check_extension_traffic(const context& c);
integrity_check check_headless_browser(const context& c);
integrity_check check_clean_profile(const context& c);
integrity_check check_region(const context& c);

// Small text helpers (verify_text.cpp).

/// "1 h 02 min", "7 min 12 s", "3.4 s", "850 ms".
std::string duration_text(std::int64_t us);
/// The first `n` characters of `s` (cut at a UTF-8 boundary), with "..." when cut.
std::string shorten(std::string_view s, std::size_t n = 120);
/// Percent-decodes `s`; with `plus`, '+' becomes a space. Invalid escapes stay.
std::string percent_decode(std::string_view s, bool plus);
/// An HTTP date (IMF-fixdate, RFC 850 or asctime) in microseconds, whole seconds.
std::optional<std::int64_t> parse_http_date(std::string_view s);
/// The number of bytes a base64 text decodes to (whitespace ignored), or
/// nullopt when it is not base64.
std::optional<std::uint64_t> base64_decoded_size(std::string_view s);
/// True when every byte is ASCII.
bool is_ascii(std::string_view s) noexcept;
/// Milliseconds for people: "12.5", "0.377", "120".
std::string ms_text(double ms);
/// "the one entry", "both entries", "all 7 entries" (capitalised: "The", "Both", "All").
std::string each_of(std::uint64_t n, std::string_view one, std::string_view many);
/// "1 entry", "3 entries".
std::string count_text(std::uint64_t n, std::string_view one, std::string_view many);

}  // namespace harfact::check::detail
