#include "harfact/core/build_info.hpp"

#include <simdjson.h>

#include "harfact/core/version.hpp"

namespace harfact {

std::string tool_version() { return HARFACT_VERSION_STRING; }

std::string simdjson_implementation() {
  return std::string(simdjson::get_active_implementation()->name());
}

}  // namespace harfact
