// harfact: non-fatal diagnostics.
//
// Nothing is lost silently: every deviation from HAR 1.2 (or from what the
// exporter should have written) becomes a diagnostic with its location, and
// processing goes on. A collector keeps the first `keep_per_code` diagnostics
// of each code and counts the rest, so a hostile file cannot exhaust memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/result.hpp"

namespace harfact {

enum class severity : std::uint8_t { info = 0, warning = 1, error = 2 };

/// Stable snake_case name: "info", "warning", "error".
std::string_view severity_name(severity s) noexcept;

/// Diagnostic codes. Append-only: never renumbered or reused.
enum class diag : std::uint16_t {
  missing_field = 1,        ///< a field HAR 1.2 requires is absent
  wrong_type = 2,           ///< a field has the wrong JSON type
  bad_timestamp = 3,        ///< a date-time that cannot be parsed
  timestamp_no_zone = 4,    ///< a date-time without zone, read as UTC
  negative_timing = 5,      ///< a timing below -1 (HAR uses -1 for "not applicable")
  absurd_value = 6,         ///< a timing or size beyond any plausible value
  unknown_pageref = 7,      ///< entry.pageref names no page in log.pages
  out_of_order = 8,         ///< entry started before the previous entry
  duplicate_key = 9,        ///< the same member twice in one object
  invalid_entry = 10,       ///< one entry is malformed JSON and was skipped
  jsonp_wrapper = 11,       ///< a JSONP/HARP callback wrapper was removed
  byte_order_mark = 12,     ///< a UTF-8 byte order mark was skipped
  transcoded_utf16 = 13,    ///< the input was UTF-16 and was transcoded
  trailing_data = 14,       ///< bytes after the HAR document
  unknown_version = 15,     ///< log.version is not 1.1 or 1.2
  duplicate_page_id = 16,   ///< two pages share one id
  invalid_number = 17,      ///< a number that is not representable (overflow, NaN)
  not_an_object = 18,       ///< an element of log.entries or log.pages is not an object
  info_after_entries = 19,  ///< creator/pages appear after entries (normal for some exporters)
  invalid_escape = 20,      ///< a string with a malformed escape sequence
  invalid_url = 21,         ///< request.url cannot be parsed as an absolute URL
  invalid_member = 22,      ///< a member of log is not valid JSON and was ignored
  limit_exceeded = 23,      ///< an entry over a size or nesting limit was skipped
  converted_from_xml = 24,  ///< a Burp/Charles XML export was converted to HAR (offsets refer
                            ///< to the converted text); also what the conversion could not map
  nul_character = 25,       ///< a URL, method, header or cookie holds U+0000 (escaped in JSON)
};

/// Stable snake_case name of a diagnostic code, e.g. "missing_field".
std::string_view diag_name(diag code) noexcept;

/// One non-fatal finding about the input.
struct diagnostic {
  diag code{};
  harfact::severity level = severity::warning;
  std::string message;
  std::int64_t entry_index = no_entry;    ///< 0-based; -1 for log-level findings
  std::string json_pointer;               ///< RFC 6901 pointer to the member
  std::uint64_t byte_offset = no_offset;  ///< offset in the decompressed JSON text
  std::uint32_t line = 0;                 ///< 1-based; 0 until located (see reader::locate)
  std::uint32_t column = 0;               ///< 1-based byte column; 0 until located
};

/// Collects diagnostics with a per-code cap; counts everything.
class diagnostics {
 public:
  explicit diagnostics(std::size_t keep_per_code = 100) : keep_per_code_(keep_per_code) {}

  /// Records a diagnostic. Returns false when it was counted but not kept.
  bool add(diagnostic d);

  /// The diagnostics kept, in the order they were found.
  const std::vector<diagnostic>& kept() const noexcept { return kept_; }
  /// Total found for a code, kept or not.
  std::uint64_t count(diag code) const noexcept;
  /// Total found, all codes.
  std::uint64_t total() const noexcept { return total_; }
  /// Totals per severity.
  std::uint64_t count(severity s) const noexcept { return by_severity_[static_cast<int>(s)]; }
  /// How many were counted but not kept.
  std::uint64_t dropped() const noexcept { return total_ - kept_.size(); }

 private:
  std::size_t keep_per_code_;
  std::vector<diagnostic> kept_;
  std::vector<std::uint64_t> per_code_;
  std::array<std::uint64_t, 3> by_severity_{};
  std::uint64_t total_ = 0;
};

}  // namespace harfact
