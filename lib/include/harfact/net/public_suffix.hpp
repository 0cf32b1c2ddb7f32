// harfact: registrable domains (eTLD+1) from the Public Suffix List, via libpsl.
//
// First- versus third-party is decided by registrable domain: www.example.co.uk
// and cdn.example.co.uk share "example.co.uk". The list file used is reported
// (path and SHA-256) in every output, so a result can be reproduced with the
// same list.
//
// Thread safety: a loaded `public_suffix` is immutable; its const members may be
// called from any number of threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "harfact/core/result.hpp"

namespace harfact::net {

class public_suffix {
 public:
  /// Loads the list from `path`; with an empty path, from the system copy
  /// (/usr/share/publicsuffix/public_suffix_list.dat, Debian's publicsuffix
  /// package), falling back to libpsl's built-in list when that is absent.
  static result<public_suffix> load(const std::filesystem::path& path = {});

  public_suffix(public_suffix&&) noexcept;
  public_suffix& operator=(public_suffix&&) noexcept;
  ~public_suffix();

  /// Registrable domain of a host ("www.bbc.co.uk" -> "bbc.co.uk"). The host is
  /// normalised first. IP literals, single labels ("localhost") and public
  /// suffixes themselves are returned as the normalised host.
  std::string registrable_domain(std::string_view host) const;

  /// True when both hosts have the same registrable domain.
  bool same_site(std::string_view host_a, std::string_view host_b) const;

  /// Where the list came from: a path, or "libpsl-builtin".
  const std::string& source() const noexcept;
  /// SHA-256 (hex) of the list file; for the built-in list, of the string
  /// "libpsl-builtin:" followed by libpsl's own SHA-1 of it.
  const std::string& sha256() const noexcept;

 private:
  public_suffix();
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace harfact::net
