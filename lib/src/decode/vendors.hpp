// Internal: registration of the vendor decoders.
#pragma once

#include "harfact/decode/decoder.hpp"

namespace harfact::decode::detail {
void add_vendor_decoders(registry& r);
}  // namespace harfact::decode::detail
