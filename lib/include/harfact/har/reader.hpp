// harfact: the streaming HAR reader.
//
//   auto r = har::reader::open("exhibit.har");
//   if (!r) { report(r.error()); return; }
//   const har::log_info& info = (*r)->info();   // complete before any entry
//   har::entry e;
//   while (true) {
//     auto more = (*r)->next(e);
//     if (!more) { report(more.error()); break; }  // truncated or invalid: entries
//     if (!*more) break;                          //   before it were delivered
//     use(e);
//   }
//   auto& s = (*r)->summary();  // hashes, counts, diagnostics
//
// How it reads
// ------------
// The input is mapped (or decompressed into memory). A first pass splits the
// document with a quote- and escape-aware scanner: it finds the members of
// `log` wherever they are (some exporters write `entries` before `creator` or
// `pages`) and the byte span of every entry, without building a DOM. `info()`
// is therefore complete before the first entry. Each entry is then parsed on
// its own with simdjson On-Demand, so memory stays bounded by the largest
// entry, not by the document.
//
// Files larger than memory, and over 4 GiB
// ---------------------------------------
// simdjson parses documents of at most 4 GiB; the reader never gives it the
// document, only one entry at a time, so the file's size is not limited by it.
// A mapped file over 1 GiB (`reader_options::window_from_bytes`) is read window
// by window (`reader_options::window_bytes`): the
// split, the background hash, the entry pass and locate() each release the
// pages behind them, so resident memory stays about two windows plus the
// largest entry and the entry spans (24 bytes an entry). Compressed inputs and
// standard input are decompressed into memory (limit `input.max_bytes`):
// decompress a larger capture to a file first.
//
// Burp Suite and Charles XML exports
// ----------------------------------
// An input whose root element is Burp's `<items burpVersion=...>` or Charles's
// `<charles-session>` is converted to HAR 1.2 text first (one entry per item or
// transaction, creator "Burp Suite" or "Charles Proxy"), then read as a HAR. The
// summary's hashes are those of the file; `summary().source` and the
// diag::converted_from_xml diagnostic say that it was converted, and byte offsets
// in diagnostics then refer to the converted text (each entry's `_xml.offset` is
// its element's offset in the file). Malformed XML after the root element
// delivers the complete items before the fault, then `next()` returns the error.
//
// Errors and diagnostics
// ----------------------
// `open()` fails for unreadable input, invalid JSON before the first entry, and
// JSON that is not a HAR. A problem inside `log.entries` does not fail `open()`:
// the entries before it are delivered, then `next()` returns the error
// (errc::truncated with the count of entries recovered and the cut offset, or
// errc::invalid_json with offset and line:column). A malformed entry whose end
// can still be found is skipped with a diagnostic (diag::invalid_entry) and
// reading goes on. Every deviation from HAR 1.2 is a diagnostic; see
// `diagnostics()`.
//
// Lifetime
// --------
// The reader owns the input buffer. `info()` and `summary()` live as long as the
// reader; an entry's views until the next `next()` on it (see model.hpp).
//
// Thread safety
// -------------
// A reader is used by one thread at a time. Independent readers may run
// concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "harfact/core/diagnostic.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/model.hpp"
#include "harfact/io/input.hpp"

namespace harfact::har {

struct reader_options {
  io::input_options input;
  /// Entries larger than this are skipped (diag::limit_exceeded).
  std::uint64_t max_entry_bytes = std::uint64_t{1} << 30;
  /// Entries nested deeper than this are skipped, and members of log (or of
  /// the top level) nested deeper are ignored (diag::limit_exceeded).
  std::uint32_t max_depth = 512;
  /// Entries past this many are counted, not read: one diag::limit_exceeded
  /// (error) names the total, and the status is `salvaged`. It bounds memory
  /// too: the reader keeps 24 bytes per entry it will read.
  std::uint64_t max_entries = 10'000'000;
  /// Diagnostics kept per code (all are counted).
  std::size_t diagnostics_per_code = 100;
  /// Compute SHA-256 of mapped files (compressed and standard input are always
  /// hashed as they are read). false leaves read_summary::sha256 empty: only for
  /// callers that already hold the hash, never for evidence.
  bool hash = true;
  /// Hash mapped files on a second thread while parsing (else inline).
  bool background_hash = true;
  /// Timings above this many milliseconds are flagged (diag::absurd_value).
  double absurd_timing_ms = 24.0 * 3600.0 * 1000.0;
  /// Mapped files are read window by window: each pass over the file (the
  /// split, the hash, the entries, locating diagnostics) hands the pages more
  /// than this many bytes behind it back to the kernel, so resident memory
  /// stays flat whatever the file's size (files over 4 GiB included). Results
  /// do not depend on it. 0: keep every page mapped until the reader closes.
  std::uint64_t window_bytes = std::uint64_t{64} << 20;
  /// Files up to this size are kept mapped whole (no window): releasing and
  /// faulting pages back costs each pass time (about 10-20% of the read on a
  /// 400 MB file), and their pages are the page cache's anyway.
  std::uint64_t window_from_bytes = std::uint64_t{1} << 30;
  /// Burp Suite and Charles XML exports are converted in memory (the XML's tree
  /// and the HAR text): larger ones are refused (errc::too_large).
  std::uint64_t max_xml_bytes = std::uint64_t{1} << 30;
};

/// How reading ended.
enum class read_status : std::uint8_t {
  complete = 0,   ///< every entry read
  salvaged = 1,   ///< some malformed parts skipped; results cover what was read
  truncated = 2,  ///< input ends inside the document; entries before the cut read
  failed = 3,     ///< invalid JSON inside log.entries stopped reading
};
/// Stable name: "complete", "salvaged", "truncated", "failed".
std::string_view read_status_name(read_status s) noexcept;

/// What the input was before the reader saw HAR text.
enum class source_format : std::uint8_t {
  har = 0,          ///< a HAR (JSON) file
  burp_xml = 1,     ///< a Burp Suite XML item export, converted to HAR
  charles_xml = 2,  ///< a Charles Proxy XML session, converted to HAR
};
/// Stable name: "har", "burp_xml", "charles_xml".
std::string_view source_format_name(source_format f) noexcept;

/// Facts about the input and how reading went.
struct read_summary {
  std::string label;              ///< path as given, or "-"
  std::uint64_t input_bytes = 0;  ///< bytes of the file or stream
  std::uint64_t text_bytes = 0;   ///< decompressed bytes (JSON, or the XML converted)
  std::string sha256;             ///< hex, of the exact input bytes
  std::string sha256_text;        ///< hex, of the decompressed bytes
  io::compression compression = io::compression::none;
  io::encoding encoding = io::encoding::utf8;
  bool jsonp_wrapped = false;
  std::uint64_t entries_declared = 0;  ///< entries found by the first pass
  std::uint64_t entries_read = 0;      ///< entries delivered by next()
  std::uint64_t entries_skipped = 0;   ///< malformed entries skipped
  /// Entries found past reader_options::max_entries: counted, never delivered
  /// (not in entries_declared).
  std::uint64_t entries_over_limit = 0;
  read_status status = read_status::complete;
  std::uint64_t cut_offset = no_offset;  ///< where a truncated/failed input stops
  /// Not har: the input was an XML export, converted to HAR text before reading
  /// (diag::converted_from_xml says so too). Hashes and sizes above are still those
  /// of the input; byte offsets in diagnostics refer to the converted text (see
  /// text()); cut_offset is an offset in the XML.
  source_format source = source_format::har;
  std::uint64_t converted_bytes = 0;  ///< size of the converted HAR text (0 for har)
  /// Bytes of the mapped file handed back to the kernel while reading, window
  /// by window (reader_options::window_bytes); 0 for inputs held in memory.
  /// Final after next() has returned false or an error.
  std::uint64_t released_bytes = 0;
};

class reader {
 public:
  /// Opens a capture file; "-" reads standard input.
  static result<std::unique_ptr<reader>> open(const std::filesystem::path& path,
                                              const reader_options& options = {});
  /// Reads a capture held in memory (copied). `label` names it in messages.
  static result<std::unique_ptr<reader>> open_memory(std::string_view bytes,
                                                     std::string label = "<memory>",
                                                     const reader_options& options = {});
  /// Reads an already opened input.
  static result<std::unique_ptr<reader>> open_input(std::unique_ptr<io::input> in,
                                                    const reader_options& options = {});
  ~reader();
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  /// Log information; complete before the first entry.
  const log_info& info() const noexcept;

  /// Fills `e` with the next entry. true: an entry; false: no more entries.
  /// An error ends reading (entries before it were delivered).
  result<bool> next(entry& e);

  /// Hashes, counts and status. Hashes are final once next() has returned false
  /// or an error (or after finish()).
  const read_summary& summary() const noexcept;
  /// Diagnostics so far.
  const harfact::diagnostics& diagnostics() const noexcept;

  /// Completes hashing without reading further entries (for callers that stop early).
  void finish();

  /// The JSON text being read (offsets in diagnostics point into it): the
  /// input, or the HAR text converted from an XML export.
  std::string_view text() const noexcept;

  /// Line and column (1-based) of a byte offset in text(): computed on demand.
  std::pair<std::uint32_t, std::uint32_t> line_column(std::uint64_t offset) const;
  /// Fills line and column of each diagnostic from its byte offset, in one
  /// pass over the text (cheaper than line_column() for many).
  void locate(std::vector<diagnostic>& diagnostics) const;

 private:
  reader();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace harfact::har
