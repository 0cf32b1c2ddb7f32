// Internal: the filter engine's state, shared by loading and building (filter_list.cpp)
// and matching (filter_search.cpp).
#pragma once

#include <re2/re2.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "harfact/sig/filter_list.hpp"
#include "sig/filter_index.hpp"
#include "sig/filter_rule.hpp"

namespace harfact::sig::detail {

inline constexpr std::uint32_t no_rule = static_cast<std::uint32_t>(-1);
inline constexpr std::size_t no_pos = static_cast<std::size_t>(-1);

// A `domain=` entry: its key and its name.
struct domain_entry {
  std::uint64_t key = 0;    // text_key() of the name
  std::uint32_t begin = 0;  // the name, in filter_engine::impl::domain_names
  std::uint32_t size = 0;
};

// A rule as loaded: what only some rules need, or only a hit needs (the text, the list and
// line, the domains, the regex). No allocation of its own: texts, patterns and domain names
// are in the engine's arenas.
struct compiled_rule {
  std::string_view text;            // the rule as written (trimmed), in its list's text
  std::uint32_t pattern_begin = 0;  // the normalised pattern, in impl::rule_patterns
  std::uint32_t pattern_size = 0;
  std::uint32_t domains_begin = 0;  // in impl::domains: the includes, then the excludes,
  std::uint32_t include_count = 0;  // each sorted by key
  std::uint32_t exclude_count = 0;
  std::uint32_t regex = no_rule;  // in impl::regexes
  std::uint32_t list = 0;
  std::uint32_t line = 0;
  std::uint16_t types = default_types_mask;
  left_anchor left = left_anchor::none;
  party applies_to = party::any;
  bool right_anchor = false;
  bool exception = false;
  bool important = false;
  bool match_case = false;
  bool is_regex = false;
  bool badfilter = false;
  bool cancelled = false;  // by a $badfilter rule

  bool has_domains() const noexcept { return include_count + exclude_count != 0; }
};

// The page host and those of its parent domains that some `domain=` option may name, with
// their keys: computed once per request, when a rule with `domain=` is first checked. Most
// pages are named by no rule: their list is then empty, and every rule's check is at once
// "not included, not excluded".
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

  /// `named`: the keys of every domain in a `domain=` option (false positives are harmless).
  void compute(std::string_view host, const key_filter& named) {
    ready = true;
    for (std::size_t labels = 0; !host.empty() && labels < max_labels; ++labels) {
      const std::uint64_t key = text_key(host);
      if (named.has(key)) suffixes[count++] = suffix{key, host};
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
  std::string_view page_host;  // as given (see normalized_page_host() in filter_search.cpp)
  std::string* page_scratch = nullptr;
  std::uint16_t type = 0;
  bool third_party = false;
  party party_excluded = party::any;  // the party a rule must not be limited to
  page_domains* page = nullptr;
};

// The earliest rule (lowest id) among those that match; for blocks, important rules are
// tracked apart, because they win over exceptions.
struct search_state {
  std::uint32_t best = no_rule;
  std::uint32_t best_important = no_rule;
  std::vector<std::uint32_t>* floating_checked = nullptr;  // rules checked wherever they are
};

/// The host name a "||" rule names, when the pattern can only match there as a whole host
/// name or one of its parent domains ("||example.com^", "||example.com/path"); else empty.
std::string_view anchored_host(const compiled_rule& rule, std::string_view pattern);

/// The packed record of a rule, filed with `offset` (of its indexed text in the pattern).
hot_rule hot_of(const compiled_rule& rule, std::string_view pattern, std::uint32_t id,
                std::int32_t offset);

}  // namespace harfact::sig::detail

namespace harfact::sig {

struct filter_engine::impl {
  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl();

  // --- loading (filter_list.cpp) -------------------------------------------------------------
  // A list added and not parsed yet: parsing waits for build() (or lists()).
  struct pending_list {
    std::string name, path;
    const std::string* text = nullptr;  // in texts
  };
  std::deque<std::string> texts;  // the lists as added; a deque never moves its elements
  std::vector<pending_list> pending;
  std::vector<list_stats> parsed_stats;  // as parsed, before $badfilter is applied
  std::vector<list_stats> stats;
  std::vector<detail::compiled_rule> rules;
  std::string rule_patterns;  // compiled_rule::pattern_begin, hot_rule::pattern_begin
  std::string domain_names;   // domain_entry::begin
  std::vector<detail::domain_entry> domains;
  std::vector<std::unique_ptr<RE2>> regexes;

  void parse_pending();
  void build_index();

  // build() does both on a worker thread; whatever needs their result waits for it first
  // (settle()). `settled` is true when no work is in flight.
  std::thread worker;
  std::exception_ptr worker_error;
  std::mutex worker_mutex;
  std::atomic<bool> settled{true};
  void settle();

  // --- the index (filter_list.cpp builds it, filter_search.cpp reads it) -----------------------
  detail::token_table host_index;  // rules anchored to a host name ("||example.com^"), by that name
  detail::token_table index;       // the others, by a token
  detail::key_filter named_domains;  // text_key() of every domain named in a `domain=` option
  std::vector<detail::hot_rule> block_untokenized;
  std::vector<detail::hot_rule> exception_untokenized;
  bool built = false;

  std::string_view pattern_of(const detail::compiled_rule& r) const noexcept {
    return std::string_view(rule_patterns).substr(r.pattern_begin, r.pattern_size);
  }
  std::span<const detail::domain_entry> includes(const detail::compiled_rule& r) const noexcept {
    return {domains.data() + r.domains_begin, r.include_count};
  }
  std::span<const detail::domain_entry> excludes(const detail::compiled_rule& r) const noexcept {
    return {domains.data() + r.domains_begin + r.include_count, r.exclude_count};
  }

  // --- matching (filter_search.cpp) ----------------------------------------------------------
  // Checks a candidate rule and records it in `st` when it matches: consider() makes the
  // cheap checks inline, check() the others (domains, then the pattern or the regex).
  void consider(const detail::hot_rule& h, const detail::prepared_request& rq, std::size_t pos,
                detail::search_state& st) const;
  void check(const detail::hot_rule& h, const detail::prepared_request& rq, std::size_t pos,
             detail::search_state& st) const;
  bool domains_match(const detail::compiled_rule& r, const detail::prepared_request& rq) const;
  bool listed(std::span<const detail::domain_entry> entries,
              const detail::page_domains& page) const;
};

namespace detail {

// For tests: the engine's state, and the verdict of match() found without the index, by
// checking every rule (no offsets, probes or filters: only the rules' semantics).
struct engine_access {
  static const filter_engine::impl& of(const filter_engine& e) { return *e.impl_; }
  static std::vector<std::optional<filter_hit>> match_by_scan(
      const filter_engine& e, const std::vector<filter_request>& requests);
};

}  // namespace detail

}  // namespace harfact::sig
