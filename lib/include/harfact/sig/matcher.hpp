// harfact: the signature matcher.
//
// Built once from a database; immutable; safe to share between threads. A
// request is matched by its host first (a walk up the host's suffixes in a hash
// index: "a.b.example.com", "b.example.com", "example.com", "com"), then by path
// and query conditions, with RE2 regular expressions only where a signature
// needs one. Signatures that match on any host (first-party proxies) are
// checked after the host index.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "harfact/sig/database.hpp"

namespace harfact::sig {

struct match {
  const signature* sig = nullptr;
  const vendor* owner = nullptr;
  int specificity = 0;  ///< higher is more specific
};

class matcher {
 public:
  /// `db` must outlive the matcher.
  explicit matcher(const database& db);
  ~matcher();
  matcher(matcher&&) noexcept;
  matcher& operator=(matcher&&) noexcept;

  /// All signatures matching the request, most specific first (ties: database
  /// order). `out` is cleared first. `method` is the HTTP method ("GET").
  void find(std::string_view url, std::string_view method, std::vector<match>& out) const;

  /// True when `sig` alone matches the request.
  bool matches(const signature& sig, std::string_view url, std::string_view method) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace harfact::sig
