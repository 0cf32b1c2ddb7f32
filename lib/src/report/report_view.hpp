// Internal: what every rendering of the full report shares, computed once:
// text made safe, times, finding ids, limitations, counts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harfact/report/full_report.hpp"

namespace harfact::report::detail {

/// Valid UTF-8 with C0/C1 control characters (and DEL) replaced by U+FFFD;
/// newlines, carriage returns and tabs are kept, or become spaces when
/// `single_line`.
std::string clean(std::string_view s, bool single_line = true);
/// At most `n` bytes of clean text, cut at a character boundary, with "…".
std::string clip(std::string_view s, std::size_t n);

struct view {
  explicit view(const report_inputs& in);

  const report_inputs& in;
  const check::verify_result& ex;
  const timeline::result& tl;
  std::vector<std::string> finding_ids;  ///< parallel to tl.findings
  std::vector<std::string> unclassified_hosts;
  std::vector<std::string> limitations;  ///< what the capture cannot show
  std::size_t by_severity[4] = {};       ///< info, low, medium, high
  std::size_t verdicts[4] = {};          ///< supported, contradicted, not_evidenced, indeterminate
  std::size_t wrong_on_facts = 0;

  /// "2026-03-14T18:22:05.112000Z" (and " (11:22:05 PDT)" with a local zone).
  std::string when(const timeline::time_point& t) const;
  std::string when_us(std::optional<std::int64_t> us) const;
  /// Vendor display name for an id ("" -> "-").
  std::string vendor_name(std::string_view vendor_id) const;
  /// "entries 3, 7, 9" (at most `max` listed).
  static std::string entries_text(const std::vector<std::uint64_t>& e, std::size_t max = 12);
};

}  // namespace harfact::report::detail
