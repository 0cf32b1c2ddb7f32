// harfact: reading small inputs whole, with a size limit.
//
// Claims files, filter lists, signature files, manifests and keys are read into
// memory. Each is read through these functions with a limit fitting its kind, so
// a path that names a device or a pipe that never ends (/dev/zero, a FIFO) or a
// file far larger than its kind ever is gets an error, not a hang or an
// exhausted memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

#include "harfact/core/result.hpp"

namespace harfact::io {

/// Reads `path` whole. `what` names the kind in messages ("claims file").
/// Errors (location.file is the path): io_open (with the OS's reason; also for a
/// directory), too_large (more than `max_bytes`: reading stops there), io_read.
result<std::string> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                      std::string_view what);

/// The same for a stream (standard input), called `label` in messages.
result<std::string> read_stream_bounded(std::istream& in, std::uint64_t max_bytes,
                                        std::string_view what, const std::string& label);

}  // namespace harfact::io
