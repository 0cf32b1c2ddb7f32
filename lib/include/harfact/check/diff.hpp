// harfact: `diff`, a semantic comparison of the exhibit with the defendant's
// own captures.
//
// Not a URL diff: captures are aligned by page (path), vendor, event and
// consent state; every difference says what it is and its most likely reason
// (a different consent state, a different region rule, scanner markers in the
// exhibit, cache, the site changed since the exhibit's date), as a
// point-by-point rebuttal list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/verify.hpp"

namespace harfact::check {

/// One side of a difference: which capture (0 = the exhibit, 1.. = ours in
/// order) and the entries that show it.
struct diff_side {
  std::size_t capture = 0;
  std::vector<std::uint64_t> entries;
  std::string detail;  ///< "PageView at entry 10, state banner_shown"
};

struct difference {
  std::string id;    ///< stable within a run of the same inputs: "D1", "D2", ...
  std::string kind;  ///< snake_case: "vendor_only_in_exhibit", "consent_state_differs", ...
  std::string vendor_id;  ///< "" when not about one vendor
  std::string page;       ///< the page path it concerns, "" for the whole capture
  std::vector<diff_side> sides;
  std::string what;            ///< the difference, for people
  std::string reason;          ///< snake_case code of the most likely reason
  std::string reason_text;     ///< the reason, for people, citing the evidence for it
};

struct diff_result {
  std::vector<difference> differences;  ///< in rebuttal order (most significant first)
  std::vector<std::string> notes;       ///< what could not be compared, and why
};

/// Compares the exhibit with one or more captures of our own.
diff_result diff(const verify_result& exhibit, const std::vector<const verify_result*>& ours);

}  // namespace harfact::check
