// Internal: the generic decoders and helpers the vendor decoders share.
#pragma once

#include <string>
#include <string_view>

#include "harfact/decode/decoder.hpp"

namespace harfact::decode::detail {

void query(context& ctx);
void form(context& ctx);
void json(context& ctx);
void text_lines(context& ctx);
void base64(context& ctx);
void gzip(context& ctx);
void websocket(context& ctx);

/// Flattens a JSON text into fields ("a.b.0.c"); false when it is not JSON.
bool parse_json_into(context& ctx, std::string_view text, const std::string& source);
/// Standard or URL-safe base64; false on a character outside both alphabets.
bool base64_decode(std::string_view in, std::string& out);

}  // namespace harfact::decode::detail
