// Internal: recognising the text encoding of an input and transcoding UTF-16.
#pragma once

#include <cstdint>
#include <string_view>

#include "padded_buffer.hpp"

namespace harfact::io::detail {

enum class text_form : std::uint8_t { utf8, utf8_bom, utf16le, utf16be, utf32le, utf32be };

/// Decides by byte order mark or, without one, by how the first `{` is encoded
/// (after optional whitespace): `{` 00 is UTF-16LE, 00 `{` UTF-16BE, and the
/// 4-byte forms UTF-32. Anything else is taken as UTF-8.
text_form detect_text_form(std::string_view text) noexcept;

/// Size of the byte order mark `form` was recognised by at the start of `text`
/// (0 when there is none).
std::size_t bom_length(std::string_view text, text_form form) noexcept;

/// UTF-16 (without its BOM) to UTF-8, in a sealed padded buffer. Unpaired
/// surrogates and a final odd byte become U+FFFD.
padded_buffer transcode_utf16(std::string_view units, bool big_endian);

}  // namespace harfact::io::detail
