// Internal: the parameters of a URL query, percent-decoded ('+' as a space, as
// browsers encode forms), parsed on first use.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harfact::sig::detail {

/// Appends the percent-decoding of `s` to `out`; '+' becomes ' ' when `plus`.
/// Malformed escapes are kept as written.
void percent_decode(std::string_view s, std::string& out, bool plus = true);

class query_params {
 public:
  /// Parses once; later calls are no-ops.
  void parse(std::string_view query);
  /// The first value of `name`, or nullptr.
  const std::string* find(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return params_; }

 private:
  bool parsed_ = false;
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace harfact::sig::detail
