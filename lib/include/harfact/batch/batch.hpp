// harfact: `batch`, many captures in one run (DESIGN.md: Scale).
//
// A batch takes captures from directories (walked recursively), files and
// manifests, runs verify() on each with a pool of worker threads sharing one
// set of databases, and writes under an output directory:
//
//   results/<sha256>.json   one result per capture, named by the SHA-256 of its
//                           exact bytes: the envelope, the key (below), the
//                           capture's summary and its full report (report_json)
//                           (lib/schema/batch_result.schema.json)
//   summary.ndjson          one line per capture in input order
//                           (lib/schema/batch.schema.json); with a shard K/N:
//                           summary.shard-K-of-N.ndjson
//
// Input order
// -----------
// Inputs in the order given; a directory contributes its capture files sorted
// by their path relative to it (byte order, '/' separators). `index` in a
// summary line is the position in that order before sharding, so the lines of
// the shards of one batch, sorted by index, are the lines of a single run.
//
// Results are content-addressed
// -----------------------------
// A result depends on the capture's bytes, not on where it was found: its
// report names the capture "sha256:<hex>" (the summary line names the path).
// Two files with the same bytes share one result. Same capture, tool version,
// databases and options: the same bytes (verify judges "in the future" against
// the clock, and that appears only when a date in the capture lies beyond it).
//
// Resuming
// --------
// Every result holds a key: SHA-256 over the result format, the capture's
// SHA-256, the tool version, the signature database (version and SHA-256), the
// filter lists (SHA-256 and rule count of each, in order; not their paths), the
// Public Suffix List's SHA-256 and the verify options (result_key()). A rerun
// reuses a result whose key matches (its summary line is rebuilt from it) and
// analyses the capture again otherwise (batch_options::force: always).
//
// Atomic outputs
// --------------
// Every file is written with io::write_file_atomic (temporary file, fsync,
// rename), so a batch killed at any instant leaves only complete files: each
// result is whole or absent, and the summary is rewritten whole, in input
// order, every summary_interval and at the end (the complete lines of the
// captures finished so far). A rerun rebuilds the summary of every capture,
// reusing the results already written. A kill during a write can leave a
// hidden temporary file beside the target (see stale_temp_age), never a
// half-written result or summary.
//
// Sharding
// --------
// shard K/N keeps the captures whose shard_of(relative_path, N) == K: the first
// 8 bytes of SHA-256(relative path, UTF-8, '/' separators), big-endian, modulo
// N. The relative path is taken against the input root: the directory given
// for a file found in a directory, the file's own directory (so: its name) for
// a file named directly or in a manifest. It does not depend on the machine or
// on where the inputs are mounted.
//
// Errors
// ------
// One bad capture never stops a batch: it gets a summary line with its errors
// (unreadable, not a HAR, changed while read, result not written). run() fails
// only when the output directory or the summary cannot be written.
//
// Thread safety: run() starts batch_options::jobs worker threads that share the
// matcher, lists and public suffix list read-only (they are immutable); the
// progress callback is called on the thread that called run(). The library
// never prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/verify.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/sig/filter_list.hpp"
#include "harfact/sig/matcher.hpp"

namespace harfact::batch {

/// One capture of a batch, found by collect().
struct capture_ref {
  std::filesystem::path path;  ///< the file to read (root / relative_path for directories)
  std::string root;            ///< the input root as given: a directory, or a file's directory
  std::string relative_path;   ///< relative to root, '/' separators: the shard key
  /// A problem found while listing (a directory that could not be read); the
  /// capture then gets an error line.
  std::optional<harfact::error> error;
};

struct collect_options {
  /// In directories, take every regular file, not only the capture names
  /// (.har, .har.gz, .har.zst, .zhar, .json, .json.gz, .xml, .chlsx; any
  /// case). Names starting with '.' are always skipped in directories.
  bool all_files = false;
  /// Directories never walked into (the batch's own output directory, when it
  /// lies inside an input directory).
  std::vector<std::filesystem::path> exclude;
};

/// True when a file called `name` is taken from a directory by default.
bool is_capture_name(std::string_view name) noexcept;

/// Expands `inputs` in order: a directory becomes its capture files, sorted by
/// relative path (symbolic links to files are followed, to directories not); any
/// other path is taken as a file (a missing one gets its error when read).
std::vector<capture_ref> collect(const std::vector<std::filesystem::path>& inputs,
                                 const collect_options& options = {});

/// The paths of a manifest: one a line, kept verbatim; blank (or all-space)
/// lines and lines starting with '#' are skipped, a trailing CR is removed.
/// Relative paths are relative to the current directory, as on a command line.
std::vector<std::filesystem::path> parse_manifest(std::string_view text);
/// The largest manifest read (about 2.5 million paths of 100 bytes).
inline constexpr std::uint64_t k_max_manifest_bytes = std::uint64_t{256} << 20;
/// Reads a manifest file (errors: io_open, io_read, too_large past
/// k_max_manifest_bytes, naming the file).
result<std::vector<std::filesystem::path>> read_manifest(const std::filesystem::path& file);

/// A shard K/N of a batch (K from 0).
struct shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};
/// Parses "K/N" (0 <= K < N, N >= 1); errc::invalid_argument with a hint otherwise.
result<shard> parse_shard(std::string_view text);
/// The shard (0 .. count-1) a relative path belongs to (see "Sharding").
std::uint32_t shard_of(std::string_view relative_path, std::uint32_t count);

/// The analysis databases, loaded once and shared read-only by every worker.
struct databases {
  const sig::matcher* matcher = nullptr;      ///< required
  const net::public_suffix* psl = nullptr;    ///< required
  const sig::filter_engine* lists = nullptr;  ///< may be null: no broad lists
  /// What they are, for every result's envelope and the key: db_version,
  /// db_sha256, lists and public_suffix_sha256 (inputs are ignored).
  report::envelope description;
};

/// Progress of a run, reported after every capture finished.
struct progress {
  std::uint64_t total = 0;    ///< captures in this run (after sharding)
  std::uint64_t done = 0;     ///< finished, whatever the outcome (resumed included)
  std::uint64_t resumed = 0;  ///< reused from an existing result
  std::uint64_t failed = 0;   ///< could not be read (or its result not written)
  std::uint64_t partial = 0;  ///< read in part (truncated, salvaged, failed midway)
  std::chrono::steady_clock::duration elapsed{};
};
using progress_fn = std::function<void(const progress&)>;

struct batch_options {
  std::filesystem::path output_dir;  ///< required; created when missing
  unsigned jobs = 0;                 ///< worker threads; 0: the number of cores
  batch::shard shard;                ///< default 0/1: everything
  check::verify_options verify;      ///< now_us empty: the clock, as harfact report
  /// How each capture is read: its limits (max_entries, max_depth, ...) are part
  /// of the resume key. background_hash is ignored: the pool already runs one
  /// capture per core, so each hashes inline.
  har::reader_options reader;
  bool force = false;  ///< analyse again even when a result's key matches
  /// How often the summary is rewritten while the batch runs (it is always
  /// written at the end).
  std::chrono::milliseconds summary_interval{10'000};
  progress_fn on_progress;  ///< may be empty; called on run()'s thread; must not throw
  /// Temporary files left by a killed batch (".NAME.tmp-XXXXXX" beside a result,
  /// never read) are removed when a run starts once they are this old (those of
  /// this shard's summary at any age). Not zero by default: shards sharing an
  /// output directory may be writing their own right now.
  std::chrono::seconds stale_temp_age{3600};
};

/// What a run did.
struct run_summary {
  std::uint64_t inputs = 0;  ///< captures given (before sharding)
  progress counts;           ///< final counts
  std::filesystem::path summary_file;
};

/// The key of a capture's result (64 hex digits; see "Resuming").
std::string result_key(std::string_view capture_sha256, const databases& db,
                       const batch_options& options);
/// The summary file's name: "summary.ndjson", or "summary.shard-K-of-N.ndjson".
std::string summary_name(const shard& s);

/// Runs a batch over `captures` (collect()'s order is the input order).
/// Errors: io_write when the output directory or the summary cannot be
/// written, invalid_argument for missing databases or a bad shard.
result<run_summary> run(const std::vector<capture_ref>& captures, const databases& db,
                        const batch_options& options);

}  // namespace harfact::batch
