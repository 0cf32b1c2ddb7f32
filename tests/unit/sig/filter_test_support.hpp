// Helpers shared by the filter-list engine tests (filter_syntax_test.cpp and
// filter_list_test.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harfact/sig/filter_list.hpp"
#include "test_support.hpp"

namespace harfact::sig::filter_test {

namespace fs = std::filesystem;
using rt = request_type;

inline constexpr std::string_view k_page = "www.example.com";

inline filter_engine engine_of(std::string_view text) {
  filter_engine e;
  e.add_list("test", "<memory>", text);
  e.build();
  return e;
}

inline std::optional<filter_hit> hit(const filter_engine& e, std::string_view url,
                                     rt type = rt::script, bool third_party = true,
                                     std::string_view page = k_page) {
  return e.match(filter_request{url, page, type, third_party});
}

inline bool blocked(const filter_engine& e, std::string_view url, rt type = rt::script,
                    bool third_party = true, std::string_view page = k_page) {
  return e.blocks(filter_request{url, page, type, third_party});
}

inline fs::path basic_list() { return test::testdata("lists/team_basic.txt"); }

// The team's basic list, loaded once.
inline const filter_engine& basic() {
  static const filter_engine engine = [] {
    filter_engine e;
    const auto r = e.add_file(basic_list());
    if (!r) throw std::runtime_error(r.error().message);
    e.build();
    return e;
  }();
  return engine;
}

// 1-based line of `rule` in a list file (0 when absent).
inline std::uint32_t line_of(const fs::path& list, std::string_view rule) {
  const std::string text = test::read_file(list);
  std::uint32_t line = 1;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    if (std::string_view(text).substr(pos, eol - pos) == rule) return line;
    pos = eol + 1;
    ++line;
  }
  return 0;
}

}  // namespace harfact::sig::filter_test
