#include "harfact/core/result.hpp"

#include <fmt/format.h>

namespace harfact {

std::string_view errc_name(errc code) noexcept {
  switch (code) {
    case errc::ok: return "ok";
    case errc::io_open: return "io_open";
    case errc::io_read: return "io_read";
    case errc::io_write: return "io_write";
    case errc::decompress: return "decompress";
    case errc::too_large: return "too_large";
    case errc::unsupported_encoding: return "unsupported_encoding";
    case errc::empty_input: return "empty_input";
    case errc::invalid_json: return "invalid_json";
    case errc::not_a_har: return "not_a_har";
    case errc::truncated: return "truncated";
    case errc::unsupported_format: return "unsupported_format";
    case errc::limit_exceeded: return "limit_exceeded";
    case errc::invalid_argument: return "invalid_argument";
    case errc::internal: return "internal";
  }
  return "unknown";
}

std::string describe(const location& where) {
  std::string out = where.file;
  if (where.line != 0) {
    fmt::format_to(std::back_inserter(out), "{}{}:{}", out.empty() ? "" : ":", where.line,
                   where.column);
  }
  std::string detail;
  auto add = [&detail](std::string_view part) {
    if (!detail.empty()) detail += ", ";
    detail += part;
  };
  if (where.byte_offset != no_offset) add(fmt::format("byte {}", where.byte_offset));
  if (where.entry_index != no_entry) add(fmt::format("entry {}", where.entry_index));
  if (!where.json_pointer.empty()) add(where.json_pointer);
  if (!detail.empty()) {
    if (!out.empty()) out += ' ';
    out += '(';
    out += detail;
    out += ')';
  }
  return out;
}

}  // namespace harfact
