// Internal: the reader's first pass. Finds the HAR's skeleton (the members of
// `log`, the span of every entry) with the scanner, without parsing values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "har/scan.hpp"
#include "harfact/core/diagnostic.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/reader.hpp"

namespace harfact::har::detail {

/// What the first pass found.
struct layout {
  bool jsonp = false;
  std::optional<span> version, creator, browser, pages, comment;
  std::vector<std::pair<std::string, span>> extras;  // {pointer, value span}
  std::vector<std::string> member_order;             // members of log, in order
  bool has_entries = false;
  std::size_t entries_open = 0;  // offset of '['
  std::vector<span> entries;
  std::uint64_t entries_over_limit = 0;  // found past max_entries, not kept
  /// The problem that ended the entries early (truncated / invalid), delivered
  /// by next() after the entries before it.
  std::optional<harfact::error> pending;
  read_status status = read_status::complete;
  std::uint64_t cut_offset = no_offset;
};

/// Releases pages of a mapped text behind a reader (see reader_options::
/// window_bytes): given the release point and the reading position, returns
/// the new release point. Empty: nothing is released.
using release_fn = std::function<std::uint64_t(std::uint64_t from, std::uint64_t to)>;

/// A position in a text with its line (1-based) and the offset its line starts at.
struct line_cursor {
  std::uint64_t line = 1;
  std::size_t line_start = 0;
  std::size_t pos = 0;
  std::uint64_t released = 0;
};

/// Moves `c` forward to `target` (clamped to the text), counting lines; reads
/// in steps so `release` can hand back what is behind.
void advance_lines(std::string_view text, line_cursor& c, std::size_t target,
                   const release_fn& release);

/// Line and column (1-based) of `offset` in `text`.
std::pair<std::uint32_t, std::uint32_t> line_column(std::string_view text, std::uint64_t offset,
                                                    const release_fn& release = {});

/// Runs the first pass over `text` (the whole decompressed input; `begin` skips
/// a byte order mark). `hash_progress` is called with increasing offsets as the
/// scan advances (for inline hashing and releasing pages behind); `release`
/// serves the line counting of error messages. Fails only when no entry can be read:
/// empty, invalid JSON before log.entries, or not a HAR.
result<layout> scan_document(std::string_view text, std::size_t begin, const std::string& label,
                             const reader_options& options, diagnostics& diags,
                             const std::function<void(std::uint64_t)>& hash_progress,
                             const release_fn& release = {});

}  // namespace harfact::har::detail
