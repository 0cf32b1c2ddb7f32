// harfact: `inspect`, an exact account of one capture.
//
// Reads a capture once and summarises it: the file (bytes, hashes, compression),
// the exporter, pages with their main document, entry counts and time span,
// hosts grouped first- or third-party by registrable domain relative to each
// page, status and MIME histograms, bytes transferred, whether cookies were
// stripped by a sanitising export, and the reader's diagnostics.
//
// Thread safety: inspect_capture() may run concurrently on different files with
// the same public_suffix.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harfact/core/diagnostic.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/net/public_suffix.hpp"

namespace harfact::inspect {

enum class party : std::uint8_t { first_party, third_party, unknown };
/// Stable name: "first_party", "third_party", "unknown".
std::string_view party_name(party p) noexcept;

/// Requests to one host within one page.
struct host_count {
  std::string host;                ///< normalised host ("" for data:, about: and the like)
  std::string registrable_domain;  ///< eTLD+1 per the Public Suffix List
  inspect::party party = party::unknown;
  std::uint64_t requests = 0;
  std::uint64_t transfer_bytes = 0;  ///< as in capture_summary::transfer_bytes
};

/// How a page's main document was identified.
enum class main_document_source : std::uint8_t { resource_type, mime_type, first_entry, none };
std::string_view main_document_source_name(main_document_source s) noexcept;

struct page_summary {
  std::string id;  ///< page id; "" for the group of entries without a page
  std::string title;
  std::string started_text;
  har::timestamp started;
  std::uint64_t entries = 0;
  std::string main_document_url;
  std::int64_t main_document_entry = -1;  ///< entry index, -1 when none
  main_document_source main_document_from = main_document_source::none;
  std::string first_party_domain;  ///< registrable domain of the main document
  std::vector<host_count> hosts;   ///< sorted: first party first, then by requests
};

/// What the capture says about cookies: a sanitising export (Chrome DevTools'
/// default since 2024) removes Cookie, Set-Cookie and Authorization headers and
/// empties both cookies arrays.
struct cookie_evidence {
  std::uint64_t request_cookie_headers = 0;
  std::uint64_t request_cookies = 0;  ///< request.cookies elements
  std::uint64_t set_cookie_headers = 0;
  std::uint64_t response_cookies = 0;  ///< response.cookies elements
  std::uint64_t authorization_headers = 0;
  /// "present", "absent_likely_sanitized" (no cookie anywhere, exported by a
  /// browser's DevTools that sanitises by default) or "absent".
  std::string verdict;
  bool stripped = false;  ///< verdict == absent_likely_sanitized
};

struct capture_summary {
  // The file.
  std::string path;
  har::read_summary read;
  std::optional<harfact::error> error;  ///< open failure or the error that ended reading
  bool opened = false;                  ///< false: nothing could be read (see error)

  // The log.
  std::string har_version;
  std::string creator_name, creator_version, browser_name, browser_version;
  std::string exporter_id, exporter_name;
  std::vector<std::string> log_member_order;
  std::vector<page_summary> pages;  ///< log.pages order; a last "" group for unpaged entries

  // Entries.
  std::uint64_t entries = 0;
  std::optional<std::int64_t> first_started_us, last_started_us, last_finished_us;
  std::string first_started_text;
  std::map<std::string, std::uint64_t> status_histogram;  ///< "200", "304", "0", "none"
  std::map<std::string, std::uint64_t> mime_histogram;    ///< lowercase, without parameters
  std::uint64_t transfer_bytes = 0;
  std::uint64_t transfer_from_transfer_size = 0;  ///< entries counted by _transferSize
  std::uint64_t transfer_from_sizes = 0;          ///< ... by headersSize + bodySize
  std::uint64_t transfer_unknown = 0;             ///< ... with no usable size
  cookie_evidence cookies;
  std::uint64_t hosts_total = 0;  ///< distinct hosts over the whole capture

  // Diagnostics.
  std::vector<diagnostic> diagnostics;                     ///< those kept by the reader
  std::map<std::string, std::uint64_t> diagnostic_counts;  ///< per code name, all found
  std::uint64_t diagnostics_total = 0;
  std::uint64_t warnings = 0, errors = 0;
};

/// Progress of one capture: entries read so far, byte offset reached, total bytes.
using progress_fn =
    std::function<void(std::uint64_t entries, std::uint64_t offset, std::uint64_t total)>;

struct inspect_options {
  har::reader_options reader;
  /// Called about every 64 MiB of input (and never for small files); may be empty.
  progress_fn progress;
  /// Called for every entry read, with the index of its page in
  /// capture_summary::pages (entries without a known page: the index of the
  /// last group, which has an empty id). Lets other analyses (trackers) share
  /// the one pass over the capture. May be empty.
  std::function<void(har::entry& e, std::size_t page)> on_entry;
};

/// Reads one capture and summarises it. Never fails: problems are reported in
/// the summary (`error`, `read.status`, diagnostics).
capture_summary inspect_capture(const std::filesystem::path& path, const net::public_suffix& psl,
                                const inspect_options& options = {});

/// Exit status for a set of summaries per the command contract: 3 when any
/// input could not be read at all, else 4 when any was partial (truncated,
/// salvaged or failed midway), else 0.
int exit_status(const std::vector<capture_summary>& summaries) noexcept;

}  // namespace harfact::inspect
