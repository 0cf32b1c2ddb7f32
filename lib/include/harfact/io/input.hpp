// harfact: opening capture inputs.
//
// An `input` owns the bytes of one capture as JSON text: a plain file is
// memory-mapped (never copied); gzip, zlib and zstd files and standard input are
// read into memory, decompressed as they are read. The format is decided by
// magic bytes, never by the file name. SHA-256 is computed over the exact input
// bytes (before decompression) and over the decompressed text, in the same pass
// that reads them; for a mapped file the reader drives hashing as it advances
// (see `hash_through`) so no second pass over the file is needed.
//
// Lifetime
// --------
// `text()` stays valid, and unchanged, for the lifetime of the `input`.
//
// Padding
// -------
// `padded_size()` >= `text().size()`: bytes up to `padded_size()` may be read
// (never written). For a mapped file it equals the file size (the bytes after
// the end may not exist, e.g. when the size is a multiple of the page size);
// for an in-memory buffer it is at least size + 64.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "harfact/core/result.hpp"
#include "harfact/io/sha256.hpp"

namespace harfact::io {

enum class compression : std::uint8_t { none, gzip, zlib, zstd };
/// Stable name: "none", "gzip", "zlib", "zstd".
std::string_view compression_name(compression c) noexcept;

/// Text encoding of the (decompressed) input as found.
enum class encoding : std::uint8_t { utf8, utf8_bom, utf16le, utf16be };
/// Stable name: "utf-8", "utf-8-bom", "utf-16le", "utf-16be".
std::string_view encoding_name(encoding e) noexcept;

struct input_options {
  /// Refuse decompressed (or stdin) inputs larger than this (errc::too_large).
  std::uint64_t max_bytes = std::uint64_t{16} << 30;
  /// Refuse compressed inputs that expand more than this ratio, once past 64 MiB.
  /// Real captures compress 3:1 to 30:1 (gzip -9 and zstd -19 on every corpus
  /// capture: at most 26:1); deflate tops out near 1030:1 and zstd far higher,
  /// so 250:1 stops a gzip, zlib or zstd bomb after 64 MiB of output.
  std::uint64_t max_ratio = 250;
  /// Transcode UTF-16 inputs to UTF-8 (otherwise errc::unsupported_encoding).
  bool transcode_utf16 = true;
  /// Memory-map plain files (false: read them into memory).
  bool use_mmap = true;
};

class input {
 public:
  /// Opens `path`; "-" reads standard input. Errors name the path.
  static result<std::unique_ptr<input>> open(const std::filesystem::path& path,
                                             const input_options& options = {});
  /// Wraps a copy of `bytes` as if read from a file called `label` (tests, tools).
  static result<std::unique_ptr<input>> from_memory(std::string_view bytes,
                                                    std::string label = "<memory>",
                                                    const input_options& options = {});
  ~input();
  input(const input&) = delete;
  input& operator=(const input&) = delete;

  /// The JSON text: decompressed, UTF-16 transcoded to UTF-8, BOM still present
  /// (see bom_size()). Offsets reported by harfact are offsets into this text.
  std::string_view text() const noexcept;
  std::size_t padded_size() const noexcept;
  /// 3 when text() starts with a UTF-8 byte order mark, else 0.
  std::size_t bom_size() const noexcept;

  const std::string& label() const noexcept;  ///< path as given, or "-"
  compression compression_kind() const noexcept;
  encoding encoding_kind() const noexcept;
  bool mapped() const noexcept;                ///< true when text() is a memory map
  std::uint64_t input_bytes() const noexcept;  ///< size of the file / stream as read
  std::uint64_t text_bytes() const noexcept;   ///< decompressed size, before transcoding

  /// Mapped files only: hashes the file up to `offset` (monotonic; cheaper than
  /// one big hash at the end because the bytes are still in cache). No-op for
  /// inputs that were hashed while read.
  void hash_through(std::uint64_t offset);
  /// Mapped files only: hashes the whole file on a background thread, now,
  /// while the caller parses it (the file is read once from the page cache by
  /// each). sha256_input()/sha256_text() wait for it. No-op otherwise.
  /// `release_behind`: the thread releases each step it has hashed (see
  /// release()), so hashing a file larger than memory keeps resident memory flat.
  void hash_in_background(bool release_behind = false);
  /// Completes hashing (the rest of a mapped file) and returns the digests.
  /// `sha256_input` covers the exact bytes of the file or stream; `sha256_text`
  /// covers the decompressed bytes before any transcoding (equal to
  /// sha256_input for uncompressed inputs).
  const digest256& sha256_input();
  const digest256& sha256_text();

  /// Advice to the OS that bytes before `offset` will not be needed again
  /// (mapped files: lets the kernel drop them, keeping resident memory flat).
  void release_before(std::uint64_t offset);
  /// Advice that the whole pages inside [begin, end) are not needed for now
  /// (mapped files; any thread). The bytes stay readable: a released page of
  /// the read-only private mapping is read again from the file when touched.
  /// This is how the reader keeps only a window of a large file resident.
  /// Returns where the released pages end (`begin` when none were, and for
  /// inputs held in memory): start the next range there.
  std::uint64_t release(std::uint64_t begin, std::uint64_t end);
  /// Bytes released so far (0 for inputs held in memory).
  std::uint64_t released_bytes() const noexcept;

 private:
  input();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace harfact::io
