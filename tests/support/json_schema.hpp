// The tests use the library's internal JSON Schema validator.
#pragma once

#include "core/json_schema.hpp"

namespace harfact::test {
using harfact::detail::validate_json;
}  // namespace harfact::test
