// harfact: SHA-256 (OpenSSL libcrypto underneath).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace harfact::io {

using digest256 = std::array<std::uint8_t, 32>;

/// Incremental SHA-256. Not thread-safe; one instance per stream.
class sha256 {
 public:
  sha256();
  ~sha256();
  sha256(sha256&&) noexcept;
  sha256& operator=(sha256&&) noexcept;
  sha256(const sha256&) = delete;
  sha256& operator=(const sha256&) = delete;

  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  /// Finishes and returns the digest; the object is reset for reuse.
  digest256 finish();

  /// One-shot convenience.
  static digest256 of(std::string_view data);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Lowercase hex of a digest (64 characters).
std::string to_hex(const digest256& d);

}  // namespace harfact::io
