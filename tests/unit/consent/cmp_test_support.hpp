// Helpers for the Google, CMP and Clarity decoder tests: reading a decoded
// node tree and building inputs (base64, hostile values).
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "harfact/consent/signal.hpp"

namespace harfact::consent::test {

/// The member `name` of object `n`, or nullptr.
inline const member* member_of(const node& n, std::string_view name) {
  for (const member& m : n.members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

/// The node at a path of member names ("geolocation", "country") or array
/// indexes written as "#0"; nullptr when any step is missing.
inline const node* at(const node& root, std::initializer_list<std::string_view> path) {
  const node* cur = &root;
  for (const std::string_view step : path) {
    if (!step.empty() && step.front() == '#') {
      const std::size_t i = std::stoul(std::string(step.substr(1)));
      if (i >= cur->items.size()) return nullptr;
      cur = &cur->items[i];
    } else {
      cur = cur->find(step);
      if (cur == nullptr) return nullptr;
    }
  }
  return cur;
}

inline std::string str_at(const node& root, std::initializer_list<std::string_view> path) {
  const node* n = at(root, path);
  return n != nullptr && n->t == node::type::string ? n->s : std::string("<missing>");
}

inline std::int64_t int_at(const node& root, std::initializer_list<std::string_view> path) {
  const node* n = at(root, path);
  return n != nullptr && n->t == node::type::integer ? n->i : -999'999;
}

/// -1 when missing or not a boolean, else 0/1.
inline int bool_at(const node& root, std::initializer_list<std::string_view> path) {
  const node* n = at(root, path);
  return n != nullptr && n->t == node::type::boolean ? (n->b ? 1 : 0) : -1;
}

inline grant purpose_of(const signal& s, purpose p) { return s.sum.purposes[static_cast<int>(p)]; }
inline const std::string& source_of(const signal& s, purpose p) {
  return s.sum.purpose_source[static_cast<int>(p)];
}

/// True when some note of the summary or the signal contains `text`.
inline bool has_note(const signal& s, std::string_view text) {
  for (const auto& n : s.sum.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  for (const auto& n : s.notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

inline std::string base64(std::string_view in, bool url = false) {
  static constexpr std::string_view std_alpha =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static constexpr std::string_view url_alpha =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string_view a = url ? url_alpha : std_alpha;
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                       static_cast<unsigned char>(in[i + 1]) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out += a[v >> 18 & 63];
    out += a[v >> 12 & 63];
    out += a[v >> 6 & 63];
    out += a[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest == 1) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += a[v >> 18 & 63];
    out += a[v >> 12 & 63];
    if (!url) out += "==";
  } else if (rest == 2) {
    const unsigned v =
        static_cast<unsigned char>(in[i]) << 16 | static_cast<unsigned char>(in[i + 1]) << 8;
    out += a[v >> 18 & 63];
    out += a[v >> 12 & 63];
    out += a[v >> 6 & 63];
    if (!url) out += '=';
  }
  return out;
}

/// Percent-encodes every byte outside [A-Za-z0-9-_.~] (encodeURIComponent-like).
inline std::string url_encode(std::string_view in) {
  std::string out;
  for (const char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      static constexpr char hex[] = "0123456789ABCDEF";
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

/// "[[[[...]]]]" nested `depth` deep.
inline std::string deep_json(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

/// Bytes that are not UTF-8.
inline std::string invalid_utf8() { return std::string("\xff\xfe\xc3\x28\xa0\xa1", 6); }

/// Every decoder must survive these without crashing; `check` may assert more.
template <typename Fn>
void expect_survives_hostile(Fn decode, std::string_view label) {
  const std::string inputs[] = {
      "",
      "   ",
      "garbage",
      "%",
      "%%%%",
      "%ZZ",
      "=",
      "==&&;;",
      "{",
      "}",
      "{'",
      "{\"a\":",
      "[",
      deep_json(100'000),
      std::string(1 << 20, 'A'),
      std::string(200'000, '{'),
      invalid_utf8(),
      std::string("a\0b", 3),
      "\"unterminated",
  };
  for (const auto& in : inputs) {
    SCOPED_TRACE(std::string(label) + ": input of " + std::to_string(in.size()) + " bytes");
    const signal s = decode(in);
    if (!s.ok) {
      EXPECT_FALSE(s.error.empty());
    }
  }
}

}  // namespace harfact::consent::test
