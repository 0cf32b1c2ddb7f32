// harfact fuzzing: helpers the targets share (tests/fuzz/README.md).
//
// Every target defines LLVMFuzzerTestOneInput (and, where it loads something
// once, LLVMFuzzerInitialize). The same file is linked either with libFuzzer
// (clang, -DHARFACT_FUZZ=ON) or with replay_main.cpp (any compiler, ctest).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "harfact/har/model.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::fuzz {

/// The repository's signature database (the targets' Initialize); aborts when
/// it does not load (a broken checkout, not a finding).
inline sig::database repository_signatures() {
  auto db = sig::database::load(std::string(HARFACT_SOURCE_DIR) + "/signatures");
  if (!db) std::abort();
  return std::move(*db);
}

/// The input as a string_view.
inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

/// A scratch directory of this process (in /dev/shm when there is one: the
/// targets that must hand the library a path write a file per input), removed
/// at exit. Separate per process, so libFuzzer's -jobs/-workers do not collide.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    std::filesystem::path base = "/dev/shm";
    if (!std::filesystem::is_directory(base, ec)) base = std::filesystem::temp_directory_path();
    std::string templ = (base / "harfact-fuzz-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) std::abort();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return std::filesystem::path(templ);
  }();
  return dir;
}

/// Writes `bytes` to `path` (truncating); aborts when it cannot (not a finding).
inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) std::abort();
}

/// Splits `in` at every `sep` byte (at most `max_parts` parts; the last keeps the rest).
inline std::vector<std::string_view> split(std::string_view in, char sep, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const auto at = in.find(sep);
    if (at == std::string_view::npos) break;
    parts.push_back(in.substr(0, at));
    in.remove_prefix(at + 1);
  }
  parts.push_back(in);
  return parts;
}

/// `in` with every byte that does not start a valid UTF-8 sequence replaced by
/// '?': strings the reader delivers are valid UTF-8 (simdjson validates them),
/// so synthetic entries keep that contract.
inline std::string valid_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1FU;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0FU;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07U;
    }
    bool ok = len != 0 && i + len <= in.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(in[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3FU);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
    ok = ok && !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) &&
         !(len == 4 && cp < 0x10000) && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out.push_back('?');
      ++i;
    }
  }
  return out;
}

/// A har::text whose decoded value (entry::str) is exactly `value`: `value` is
/// JSON-escaped into `storage` (which must outlive the entry), as the reader
/// would have found it in a capture.
inline har::text make_text(std::string_view value, std::string& storage) {
  storage.clear();
  bool escaped = false;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      storage.push_back('\\');
      storage.push_back(ch);
      escaped = true;
    } else if (c < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      storage += "\\u00";
      storage.push_back(hex[c >> 4]);
      storage.push_back(hex[c & 0x0F]);
      escaped = true;
    } else {
      storage.push_back(ch);
    }
  }
  har::text t;
  t.raw = storage;
  t.offset = 1;
  t.flags = har::text::k_present;
  if (escaped) t.flags = static_cast<std::uint8_t>(t.flags | har::text::k_escaped);
  return t;
}

}  // namespace harfact::fuzz
