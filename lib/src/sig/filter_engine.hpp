// Internal: the filter engine's state, shared by loading and building (filter_list.cpp)
// and matching (filter_search.cpp).
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harfact/sig/filter_list.hpp"
#include "sig/filter_index.hpp"
#include "sig/filter_rule.hpp"

namespace harfact::sig::detail {

inline constexpr std::uint32_t no_rule = static_cast<std::uint32_t>(-1);
inline constexpr std::size_t no_pos = static_cast<std::size_t>(-1);

// What only some rules need, or only a hit needs: the text, the list and line, the domains,
// the compiled regex.
struct compiled_rule {
  network_rule rule;
  // text_key() of each domains_include / domains_exclude entry with its index, by key.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> include_keys;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> exclude_keys;
  std::unique_ptr<RE2> re;
  const std::string* text = nullptr;
  std::uint32_t list = 0;
  std::uint32_t line = 0;
  bool cancelled = false;  // by a $badfilter rule
};

// The page host and its parent domains with their keys, computed once per request when a
// rule with `domain=` is first checked.
struct page_domains {
  static constexpr std::size_t max_labels = 32;
  struct suffix {
    std::uint64_t key;
    std::string_view name;
  };
  union {                         // left uninitialised: most requests never need it
    suffix suffixes[max_labels];  // NOLINT(modernize-avoid-c-arrays)
  };
  std::size_t count = 0;
  bool ready = false;

  page_domains() noexcept {}  // NOLINT(modernize-use-equals-default): keeps the union raw

  void compute(std::string_view host) {
    ready = true;
    while (!host.empty() && count < max_labels) {
      suffixes[count++] = suffix{text_key(host), host};
      const std::size_t dot = host.find('.');
      if (dot == std::string_view::npos) break;
      host.remove_prefix(dot + 1);
    }
  }
};

// The request, prepared once for every rule checked.
struct prepared_request {
  std::string_view raw;
  std::string_view url;  // lowercased
  std::size_t host_begin = 0;
  std::size_t host_end = 0;
  std::string_view page_host;  // lowercased
  std::uint16_t type = 0;
  bool third_party = false;
  page_domains* page = nullptr;
};

/// text_key() of each entry with its index, sorted.
std::vector<std::pair<std::uint64_t, std::uint32_t>> keys_of(const std::vector<std::string>& v);

/// The host name a "||" rule names, when the pattern can only match there as a whole host
/// name or one of its parent domains ("||example.com^", "||example.com/path"); else empty.
std::string_view anchored_host(const network_rule& rule);

/// The packed record of a rule, filed with `offset` (of its indexed text in the pattern).
hot_rule hot_of(const network_rule& rule, std::uint32_t id, std::int32_t offset);

}  // namespace harfact::sig::detail

namespace harfact::sig {

struct filter_engine::impl {
  std::vector<list_stats> parsed_stats;  // as parsed, before $badfilter is applied
  std::vector<list_stats> stats;
  std::deque<std::string> texts;  // rule texts; a deque never moves its elements
  std::vector<detail::compiled_rule> rules;
  std::string patterns;            // the arena hot_rule::pattern_begin points into
  detail::token_table host_index;  // rules anchored to a host name ("||example.com^"), by that name
  detail::token_table index;       // the others, by a token
  std::vector<detail::hot_rule> block_untokenized;
  std::vector<detail::hot_rule> exception_untokenized;
  bool built = false;

  // The earliest rule (lowest id) among those that match; for blocks, important rules are
  // tracked apart, because they win over exceptions.
  struct search_state {
    std::uint32_t best = detail::no_rule;
    std::uint32_t best_important = detail::no_rule;
    std::vector<std::uint32_t>* floating_checked = nullptr;
  };
  void consider(const detail::hot_rule& h, const detail::prepared_request& rq, std::size_t pos,
                search_state& st) const;
};

}  // namespace harfact::sig
