// The consent-signal model: node helpers, names, percent-decoding.
#include "harfact/consent/signal.hpp"

#include <algorithm>

#include "sig/url_query.hpp"

namespace harfact::consent {

node node::boolean(bool v) {
  node n;
  n.t = type::boolean;
  n.b = v;
  return n;
}

node node::integer(std::int64_t v) {
  node n;
  n.t = type::integer;
  n.i = v;
  return n;
}

node node::string(std::string v) {
  node n;
  n.t = type::string;
  n.s = std::move(v);
  return n;
}

node node::int_set(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  node n;
  n.t = type::int_set;
  n.ints = std::move(v);
  return n;
}

node node::object() {
  node n;
  n.t = type::object;
  return n;
}

node node::array() {
  node n;
  n.t = type::array;
  return n;
}

node& node::add(std::string name, node value, std::string meaning, bool uncertain) {
  members.push_back(member{std::move(name), std::move(value), std::move(meaning), uncertain});
  return members.back().value;
}

const node* node::find(std::string_view name) const noexcept {
  for (const member& m : members)
    if (m.name == name) return &m.value;
  return nullptr;
}

std::string_view purpose_name(purpose p) noexcept {
  switch (p) {
    case purpose::necessary: return "necessary";
    case purpose::functional: return "functional";
    case purpose::analytics: return "analytics";
    case purpose::advertising: return "advertising";
    case purpose::sale_share: return "sale_share";
  }
  return "unknown";
}

std::string_view grant_name(grant g) noexcept {
  switch (g) {
    case grant::unknown: return "unknown";
    case grant::granted: return "granted";
    case grant::denied: return "denied";
  }
  return "unknown";
}

std::string percent_decode_stable(std::string_view v) {
  std::string cur(v);
  for (int round = 0; round < 4; ++round) {
    if (cur.find('%') == std::string::npos) break;
    std::string next;
    sig::detail::percent_decode(cur, next, /*plus=*/false);
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}

}  // namespace harfact::consent
