#include "sig/url_query.hpp"

namespace harfact::sig::detail {

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

void percent_decode(std::string_view s, std::string& out, bool plus) {
  out.reserve(out.size() + s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int a = hex(s[i + 1]);
      const int b = hex(s[i + 2]);
      if (a >= 0 && b >= 0) {
        out += static_cast<char>(a * 16 + b);
        i += 2;
        continue;
      }
    }
    out += (plus && c == '+') ? ' ' : c;
  }
}

void query_params::parse(std::string_view query) {
  if (parsed_) return;
  parsed_ = true;
  std::size_t i = 0;
  while (i <= query.size()) {
    std::size_t amp = query.find('&', i);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(i, amp - i);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      std::string name, value;
      percent_decode(pair.substr(0, eq), name);
      if (eq != std::string_view::npos) percent_decode(pair.substr(eq + 1), value);
      params_.emplace_back(std::move(name), std::move(value));
    }
    i = amp + 1;
  }
}

const std::string* query_params::find(std::string_view name) const {
  for (const auto& [n, v] : params_) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace harfact::sig::detail
