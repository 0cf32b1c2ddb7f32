// harfact: `verify`, the integrity of a capture itself (DESIGN.md: check).
//
// Each check passes, warns or fails, with evidence (entries, values): who
// exported the capture and how, whether it was sanitized, truncated, started
// mid-page, reordered, edited by hand, made by an automated browser, with the
// cache disabled or extensions running, with a clock that disagrees with the
// servers', in a browser profile that was not clean; and which region the
// consent platform decided the visitor was in.
//
// verify() reads the capture once: it runs the timeline reconstruction (whose
// result it keeps, so a report needs no second pass) with its own per-entry
// hook for the integrity facts.
//
// Statuses
// --------
// pass: nothing found that weakens the capture as evidence. warn: something a
// reader of the exhibit must know (the data is intact, but limited or made in
// a particular way: a sanitized export, a headless browser, a pause). fail: the
// capture is damaged, inconsistent or altered (cut off, edited, copied, dated
// impossibly). not_applicable: the capture lacks what the check needs. The
// checks, their order and what each looks at: check_catalog() and the README
// ("harfact verify").
//
// Reproducibility: the result depends only on the capture, the databases and
// verify_options; "now" is the one input from outside, and it appears in the
// result only when a date lies beyond it (set it for identical bytes).
//
// Thread safety: verify() may run concurrently on different captures with the
// same matcher, lists and public suffix list.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/timeline/timeline.hpp"

namespace harfact::check {

enum class status : std::uint8_t { pass, warn, fail, not_applicable };
/// "pass", "warn", "fail", "not_applicable".
std::string_view status_name(status s) noexcept;

/// One piece of evidence of a check: an entry (when one is concerned) and what
/// was seen there.
struct check_evidence {
  std::optional<std::uint64_t> entry;
  std::string detail;
  timeline::time_point time;  ///< the entry's startedDateTime (us empty when none)
};

struct integrity_check {
  std::string id;     ///< stable snake_case id: "sanitized_export", "headless_browser", ...
  std::string title;  ///< for people: "Cookies stripped by a sanitizing export"
  check::status status = status::pass;
  std::string summary;  ///< one or two sentences: what was found and why it matters
  std::vector<check_evidence> evidence;  ///< at most 20 listed
  std::uint64_t count = 0;               ///< instances found (evidence may list fewer)
};

struct verify_result {
  timeline::result timeline;            ///< the analysis of the same pass (capture summary inside)
  std::vector<integrity_check> checks;  ///< fixed order, every check present
};

/// What verify() compares against. Output depends on nothing else than the
/// capture, the databases and these values.
struct verify_options {
  /// The instant "in the future" is judged against, in microseconds since the
  /// epoch (UTC). Empty: the system clock when verify() is called. Reproducible
  /// runs (tests, reports that must give the same bytes) set it; the result
  /// mentions it only when a date lies beyond it.
  std::optional<std::int64_t> now_us;
  /// A stretch with no request in flight at least this long is a time gap.
  std::int64_t gap_us = std::int64_t{300} * 1'000'000;
  /// How far the servers' Date headers may disagree with startedDateTime (the
  /// median over the responses) before the capturing clock is reported as off.
  std::int64_t clock_skew_us = std::int64_t{120} * 1'000'000;
};

/// Reads one capture and checks its integrity. Never fails: read problems are
/// themselves findings (and are in timeline.trackers.capture).
verify_result verify(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options = {},
                     const sig::filter_engine* lists = nullptr);

/// The same with explicit verify options (a fixed `now`, thresholds).
verify_result verify(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options,
                     const sig::filter_engine* lists, const verify_options& verify_opts);

/// The worst status among the checks (not_applicable counts as pass).
status overall(const verify_result& r) noexcept;

/// The id and title of every check, in the fixed order of verify_result::checks
/// (README, "harfact verify"). Ids are stable; new checks are appended.
struct check_info {
  std::string_view id;
  std::string_view title;
};
const std::vector<check_info>& check_catalog();

/// The check with this id in `r`, or nullptr.
const integrity_check* find_check(const verify_result& r, std::string_view id) noexcept;

}  // namespace harfact::check
