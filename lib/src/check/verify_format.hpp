// Internal: how an entry is written, as opposed to what it says. The member
// order and layout of each entry (compared with the rest of the same file:
// an entry typed or pasted in by hand rarely matches), and for exporters that
// serialise with JavaScript's JSON.stringify, numbers and escapes that
// JSON.stringify never writes (ECMA-262 Number::toString, QuoteJSONString).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace harfact::check::detail {

/// One thing JSON.stringify would have written differently.
struct style_anomaly {
  std::uint64_t offset = 0;  ///< byte offset within the entry
  std::string what;          ///< "number 44.0 (JSON.stringify writes 44)"
};

/// How one entry is written.
struct entry_format {
  std::vector<std::string_view> members;  ///< top-level member names in order (raw)
  std::string_view layout;                ///< whitespace between '{' and the first member
  std::vector<style_anomaly> anomalies;   ///< first few, when JavaScript rules apply
  std::uint64_t anomaly_count = 0;
};

/// Scans an entry's raw JSON. `js_rules`: also look for what JSON.stringify
/// never writes. The entry is valid JSON (the reader parsed it).
entry_format scan_entry_format(std::string_view raw, bool js_rules);

/// What ECMAScript's Number::toString writes for `v` (finite), e.g. 44 -> "44",
/// 0.1 -> "0.1", 1e21 -> "1e+21", 1e-7 -> "1e-7".
std::string js_number_text(double v);

/// The member orders and layouts of all entries, interned.
struct format_facts {
  std::vector<std::string> names;  ///< interned member names
  std::unordered_map<std::string, std::uint16_t> name_ids;
  std::vector<std::vector<std::uint16_t>> orders;  ///< distinct member orders
  std::vector<std::uint64_t> order_counts;
  std::map<std::vector<std::uint16_t>, std::uint32_t> order_ids;
  std::vector<std::string> layouts;  ///< distinct layouts
  std::vector<std::uint64_t> layout_counts;
  std::unordered_map<std::string, std::uint32_t> layout_ids;

  /// Interns an entry's order and layout; returns their ids.
  std::pair<std::uint32_t, std::uint32_t> add(const entry_format& f);
};

/// Why an order contradicts the rest of the file ("request before
/// startedDateTime, unlike 24 of 25 entries"), or "" when it does not. A pair
/// of members is settled when at least 4 entries write both and at least 90%
/// of them in one order; an order that reverses a settled pair is an outlier.
std::vector<std::string> order_outliers(const format_facts& f);

/// The layout most entries use, when at least 4 entries and 90% use it;
/// `layouts.size()` (no id) otherwise.
std::uint32_t dominant_layout(const format_facts& f);

/// A layout for people: "newline + 6 spaces", "no whitespace".
std::string layout_text(std::string_view layout);

}  // namespace harfact::check::detail
