// harfact: atomic output files.
//
// Outputs are written to a temporary file in the target's directory, flushed
// to disk, then renamed over the target, so a reader (or a crash) never sees a
// half-written file and an existing file is replaced in one step.
#pragma once

#include <filesystem>
#include <string_view>

#include "harfact/core/result.hpp"

namespace harfact::io {

/// Writes `content` to `path` atomically (temp file + fsync + rename + fsync of
/// the directory). On failure the target is untouched and no temp file is left.
/// A target that exists and is not a regular file (a device such as /dev/null,
/// a FIFO) is opened and written in place instead: renaming over it would
/// replace the device node.
result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace harfact::io
