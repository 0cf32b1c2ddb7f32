// Internal: masking one entry, as replacements of its strings and numbers in
// the capture's text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harfact/har/model.hpp"
#include "harfact/redact/redact.hpp"
#include "harfact/sig/matcher.hpp"
#include "redact/rules.hpp"

namespace harfact::redact::detail {

/// Bytes [begin, end) of the capture's text replaced by `text`.
struct splice {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::string text;
};

/// What was left alone, counted over the capture (for the notes).
struct counters {
  std::uint64_t base64_bodies = 0;    ///< text-like bodies sent or kept as base64: not scanned
  std::uint64_t consent_entries = 0;  ///< consent-platform entries: only cookies and credentials
  std::uint64_t sizes_kept = 0;       ///< sizes that did not match their body before: not updated
};

/// Masks entry `e`: appends replacements (absolute offsets in the text the
/// reader reads) and changes.
void redact_entry(har::entry& e, rules& r, const sig::matcher* matcher, std::vector<splice>& out,
                  std::vector<change>& changes, counters& count);

/// Records `found` as changes of the string at `pointer` (merging repeats).
void record(std::vector<change>& changes, std::optional<std::uint64_t> entry,
            const std::string& pointer, const masked_list& found);

}  // namespace harfact::redact::detail
