// Internal: vendor decoders as tables. A vendor decoder classifies the fields
// the generic decoders found: each parameter name is looked up in the vendor's
// table (exact name, or a prefix ending in '*'), which says what it is.
#pragma once

#include <span>
#include <string_view>

#include "harfact/decode/decoder.hpp"

namespace harfact::decode::detail {

struct param_rule {
  std::string_view pattern;  ///< "ev", or a prefix "cd[*"
  field_kind kind;
  std::string_view meaning;
  bool event = false;      ///< the value is an event name
  bool uncertain = false;  ///< the sources mark the meaning uncertain
};

/// Classifies every unclassified field of ctx.out by the first rule that
/// matches its name; event values are added to ctx.out.events in order.
void classify(context& ctx, std::span<const param_rule> rules);

}  // namespace harfact::decode::detail
