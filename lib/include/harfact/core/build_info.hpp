// harfact: facts about this build, reported in every output's envelope.
#pragma once

#include <string>

namespace harfact {

/// The library version ("0.1.0").
std::string tool_version();
/// The simdjson kernel chosen at run time ("haswell", "icelake", "fallback", ...).
std::string simdjson_implementation();

}  // namespace harfact
