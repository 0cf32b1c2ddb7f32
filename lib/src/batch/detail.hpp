// Internal: one capture of a batch (capture.cpp), used by the pool (run.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "harfact/batch/batch.hpp"

namespace harfact::batch::detail {

/// What processing one capture gave: its summary line and how it went.
struct outcome {
  std::string line;  ///< one NDJSON line, without the newline
  bool resumed = false;
  bool failed = false;   ///< unreadable, or an error of the batch (changed, not written)
  bool partial = false;  ///< truncated, salvaged or failed midway
};

/// Hashes, resumes or analyses one capture, writes its result into
/// `results_dir` and returns its summary line. Never throws for a capture's
/// problems; they go into the line.
outcome process_capture(const capture_ref& ref, std::uint64_t index, const databases& db,
                        const batch_options& options, const std::filesystem::path& results_dir);

/// The line of a capture whose processing threw (a bug or out of memory).
outcome internal_error_outcome(const capture_ref& ref, std::uint64_t index, std::string_view what);

}  // namespace harfact::batch::detail
