// Internal: what `diff` reads from one capture (diff_facts.cpp) and from a pair
// of captures (diff_reason.cpp), and the choice of a reason.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harfact/check/diff.hpp"

namespace harfact::check::diff_detail {

/// How far a vendor went in a capture.
enum class level : std::uint8_t { none, loads, sends };

/// One vendor in one capture, over the pages in scope.
struct vendor_facts {
  std::string id, name;
  level lvl = level::none;
  std::vector<std::uint64_t> entries;              ///< every hit, entry order
  std::vector<std::uint64_t> sent_entries;         ///< hits that sent data
  std::vector<timeline::position> sent_positions;  ///< of those hits, same order
  std::optional<std::size_t> first_sent;           ///< index into timeline::result::hits
  /// Event name -> entries, in first-seen order.
  std::vector<std::pair<std::string, std::vector<std::uint64_t>>> events;
  /// What a vendor received of one data class.
  struct data_class {
    std::vector<std::string> names;   ///< field names, first-seen order
    std::vector<std::string> events;  ///< the events that carried it ("" for a hit without one)
  };
  /// Data class (a field kind name, or "personal_data_email", ...), in
  /// first-seen order.
  std::vector<std::pair<std::string, data_class>> data;
};

/// A fact about how a capture was made, with what shows it.
struct condition_fact {
  bool holds = false;
  std::string why;  ///< evidence for people; "" when it does not hold
  std::vector<std::uint64_t> entries;
  /// For a fact of a pair: which capture it makes less representative of a
  /// California visitor's visit (0 the exhibit, 1 ours), -1 neither.
  int against = -1;
};

/// One integrity check as diff compares it.
struct check_fact {
  std::string id;
  std::string title;
  /// "sanitized", "extension", "scanner", "cache", "profile", "region", "other"
  std::string category;
  bool bad = false;  ///< warned or failed
  std::string status;
  std::string summary;
  std::string first_evidence;  ///< "entry 4: chrome-extension://...", "" when none
  std::vector<std::uint64_t> entries;
};

struct capture_facts {
  std::size_t index = 0;
  const verify_result* v = nullptr;
  diff_capture info;
  std::vector<std::string> page_keys;  ///< per capture_summary::pages index ("" unusable)
  std::vector<vendor_facts> vendors;   ///< sorted by id; consent platforms left out
  std::vector<check_fact> checks;      ///< verify's, not_applicable left out
  condition_fact sanitized, extension, scanner, cache, profile;
};

/// Which category an integrity check id belongs to.
std::string_view check_category(std::string_view id) noexcept;

/// Facts of one capture. `scope`: the page keys to count vendors over (null:
/// every page).
capture_facts gather(const verify_result& v, std::size_t index, const std::set<std::string>* scope);

const vendor_facts* find_vendor(const capture_facts& c, std::string_view id) noexcept;

/// "before any consent banner could show", "after consent was given", ...
std::string position_phrase(timeline::position p);
/// How grave a position is from the exhibit's point of view (higher: graver).
int position_gravity(timeline::position p) noexcept;

/// "capture 0 (the exhibit)", "our capture 2".
std::string capture_name(std::size_t index);
/// "entry 4", "entries 4, 9, 12", "entries 4, 9, 12 and 3 more".
std::string entries_text(const std::vector<std::uint64_t>& entries);

// ---------------------------------------------------------------------------
// Reasons (diff_reason.cpp)
// ---------------------------------------------------------------------------

enum class reason : std::uint8_t {
  sanitized_export,
  extension_interference,
  scanner_markers,
  different_consent_state,
  different_region_rule,
  different_browser,
  cache,
  site_changed,
  unknown,
};
std::string_view reason_name(reason r) noexcept;

/// The facts of a pair (exhibit, ours) that reasons rest on.
struct pair_facts {
  const capture_facts* e = nullptr;
  const capture_facts* o = nullptr;
  condition_fact sanitized, extension, scanner, choice, profile, gpc, region, browser, cache,
      site_changed;
  std::optional<std::int64_t> gap_days;  ///< whole days between the first entries
  bool both_have_cmp = false;
};

pair_facts pair_up(const capture_facts& e, const capture_facts& o);

/// What else matters to whether a reason is admissible for a difference.
struct reason_context {
  bool loads_only = false;  ///< a vendor difference where the present side sent no data
};

struct chosen_reason {
  reason code = reason::unknown;
  std::string text;
  std::string certainty;  ///< "likely" or "unknown"
  int against = -1;       ///< as condition_fact::against
};

/// The most likely reason for a difference of `kind` (documented precedence).
chosen_reason choose_reason(std::string_view kind, const pair_facts& p, const reason_context& ctx);

}  // namespace harfact::check::diff_detail
