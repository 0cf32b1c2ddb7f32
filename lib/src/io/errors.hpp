// Internal: building the errors the io module returns.
#pragma once

#include <string>
#include <system_error>
#include <utility>

#include "harfact/core/result.hpp"

namespace harfact::io::detail {

/// The OS's text for an errno value (thread-safe, unlike std::strerror).
inline std::string os_reason(int err) { return std::generic_category().message(err); }

/// An error about the input or output called `file` (always named in location.file).
inline error file_error(errc code, const std::string& file, std::string message, std::string hint) {
  location where;
  where.file = file;
  return make_error(code, std::move(message), std::move(where), std::move(hint));
}

}  // namespace harfact::io::detail
