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
};

struct integrity_check {
  std::string id;     ///< stable snake_case id: "sanitized_export", "headless_browser", ...
  std::string title;  ///< for people: "Cookies stripped by a sanitizing export"
  check::status status = status::pass;
  std::string summary;                  ///< one or two sentences: what was found and why it matters
  std::vector<check_evidence> evidence;  ///< at most 20 listed
  std::uint64_t count = 0;              ///< instances found (evidence may list fewer)
};

struct verify_result {
  timeline::result timeline;  ///< the analysis of the same pass (capture summary inside)
  std::vector<integrity_check> checks;  ///< fixed order, every check present
};

/// Reads one capture and checks its integrity. Never fails: read problems are
/// themselves findings (and are in timeline.trackers.capture).
verify_result verify(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options = {},
                     const sig::filter_engine* lists = nullptr);

/// The worst status among the checks (not_applicable counts as pass).
status overall(const verify_result& r) noexcept;

}  // namespace harfact::check
