// The filter-list engine: matching a request.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "core/ascii.hpp"
#include "sig/filter_engine.hpp"
#include "sig/filter_tokens.hpp"

namespace harfact::sig {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the engine's own parts

// A bucket with exceptions met while looking for block rules, kept in case one matches.
struct exception_lookup {
  const token_table* table;
  const token_table::bucket* bucket;
  std::size_t pos;  // where the keyed text starts in the URL
};

// The page host as `domain=` entries are written: lowercase, no trailing dot, an IPv6
// address in brackets.
std::string_view normalized_page_host(std::string_view host, std::string& scratch) {
  scratch.assign(host);
  for (char& c : scratch) c = harfact::detail::ascii_lower(c);
  if (!scratch.empty() && scratch.back() == '.') scratch.pop_back();
  if (scratch.find(':') != std::string::npos && scratch.front() != '[') {
    scratch = '[' + scratch + ']';  // lists write "domain=~[::1]"
  }
  return scratch;
}

bool host_start_ok(const prepared_request& rq, std::size_t start) {
  if (start == rq.host_begin) return rq.host_begin < rq.host_end;
  return start > rq.host_begin && start < rq.host_end && rq.url[start - 1] == '.';
}

// `pos`: where the rule's indexed text occurs in the URL, or no_pos.
bool pattern_match(const hot_rule& h, std::string_view pattern, const prepared_request& rq,
                   std::size_t pos) {
  const std::string_view url = (h.flags & flag_match_case) != 0 ? rq.raw : rq.url;
  const bool right = (h.flags & flag_right_anchor) != 0;
  if (pos != no_pos && h.offset >= 0) {
    const auto offset = static_cast<std::size_t>(h.offset);
    if (pos < offset) return false;
    const std::size_t start = pos - offset;
    if ((h.flags & flag_left_start) != 0 && start != 0) return false;
    if ((h.flags & flag_left_host) != 0 && !host_start_ok(rq, start)) return false;
    return glob_match_at(pattern, url, start, right);
  }
  if ((h.flags & flag_left_start) != 0) return glob_match_at(pattern, url, 0, right);
  if ((h.flags & flag_left_host) != 0) {
    for (std::size_t s = rq.host_begin; s < rq.host_end; ++s) {
      if (host_start_ok(rq, s) && glob_match_at(pattern, url, s, right)) return true;
    }
    return false;
  }
  return glob_match_anywhere(pattern, url, right);
}

// Index just past the "//" of an http, https, ws or wss URL, else 0. `lower`: the URL
// lowercased and zero-padded (the zeros never match).
std::size_t network_authority(const char* lower) {
  if (std::memcmp(lower, "https://", 8) == 0) return 8;
  if (std::memcmp(lower, "http://", 7) == 0) return 7;
  if (std::memcmp(lower, "wss://", 6) == 0) return 6;
  if (std::memcmp(lower, "ws://", 5) == 0) return 5;
  return 0;
}

// A key to look up, and where its text starts in the URL.
struct probe {
  std::uint64_t key;
  std::size_t pos;
};

struct scratch_space {
  std::vector<char> lower;          // the URL lowercased, zero-padded (scan_url())
  std::vector<std::uint64_t> bits;  // its token characters
  std::string page_lower;
  std::vector<probe> probes;
  std::vector<exception_lookup> exception_lookups;
  std::vector<std::uint32_t> floating_checked;
};

}  // namespace

bool filter_engine::impl::listed(std::span<const domain_entry> entries,
                                 const page_domains& page) const {
  const std::size_t n = entries.size();
  for (std::size_t i = 0; i < page.count; ++i) {
    const auto& [key, name] = page.suffixes[i];  // NOLINT: initialised up to count
    // The first entry with this key: a scan for short lists (most have a few entries).
    std::size_t k = 0;
    if (n <= 8) {
      while (k < n && entries[k].key < key) ++k;
    } else {
      std::size_t len = n;
      while (len > 0) {
        const std::size_t half = len / 2;
        if (entries[k + half].key < key) {
          k += half + 1;
          len -= half + 1;
        } else {
          len = half;
        }
      }
    }
    for (; k < n && entries[k].key == key; ++k) {
      if (std::string_view(domain_names).substr(entries[k].begin, entries[k].size) == name) {
        return true;
      }
    }
  }
  return false;
}

bool filter_engine::impl::domains_match(const compiled_rule& r, const prepared_request& rq) const {
  page_domains& page = *rq.page;
  if (!page.ready) {
    page.compute(normalized_page_host(rq.page_host, *rq.page_scratch), named_domains);
  }
  if (r.include_count != 0 && !listed(includes(r), page)) return false;
  return r.exclude_count == 0 || !listed(excludes(r), page);
}

void filter_engine::impl::check(const hot_rule& h, const prepared_request& rq, std::size_t pos,
                                search_state& st) const {
  if ((h.flags & flag_domains) != 0 && !domains_match(rules[h.id], rq)) return;
  if ((pos == no_pos || h.offset < 0) && st.floating_checked != nullptr) {
    // Not tied to where its text is in the URL: check it once, however often the text occurs.
    auto& checked = *st.floating_checked;
    if (std::find(checked.begin(), checked.end(), h.id) != checked.end()) return;
    checked.push_back(h.id);
  }
  const bool matched =
      (h.flags & flag_regex) != 0
          ? RE2::PartialMatch(rq.raw, *regexes[rules[h.id].regex])
          : pattern_match(h,
                          std::string_view(rule_patterns).substr(h.pattern_begin, h.pattern_size),
                          rq, pos);
  if (matched) ((h.flags & flag_important) != 0 ? st.best_important : st.best) = h.id;
}

namespace {

// The checks that reject most candidates, inline and cheapest first: the rule cannot change
// the outcome (an earlier rule matched, or an important one did), its type, its party, and
// when the start of the match is known, its first literal bytes against the URL there.
inline bool may_apply(const hot_rule& h, const prepared_request& rq, std::size_t pos,
                      const search_state& st) noexcept {
  const std::uint32_t bound = (h.flags & flag_important) != 0 ? st.best_important
                              : st.best_important != no_rule  ? 0
                                                              : st.best;
  if (h.id >= bound || (h.types & rq.type) == 0 || h.applies_to == rq.party_excluded) return false;
  if (h.probe_mask != 0 && pos != no_pos) {
    if (pos < static_cast<std::size_t>(h.offset)) return false;
    std::uint64_t word = 0;  // the lowercased URL is zero-padded
    std::memcpy(&word, rq.url.data() + (pos - static_cast<std::size_t>(h.offset)), 8);
    if ((word & h.probe_mask) != h.probe) return false;
  }
  return true;
}

}  // namespace

inline void filter_engine::impl::consider(const hot_rule& h, const prepared_request& rq,
                                          std::size_t pos, search_state& st) const {
  if (may_apply(h, rq, pos, st)) check(h, rq, pos, st);
}

std::optional<filter_hit> filter_engine::match(const filter_request& r) const {
  impl& state = *impl_;
  state.settle();  // build() may still be at work
  const impl& d = state;
  if (!d.built) return std::nullopt;
  // Only http, https, ws and wss URLs (what a browser's content blocker sees): a first look
  // at the scheme before reading the whole URL (a data: URL may be megabytes long).
  if (r.url.empty()) return std::nullopt;
  if (const char c = harfact::detail::ascii_lower(r.url.front()); c != 'h' && c != 'w') {
    return std::nullopt;
  }

  // Per-thread scratch space, so that match() allocates nothing once warm.
  thread_local scratch_space scratch;
  scratch_space& sc = scratch;
  const std::size_t n = r.url.size();
  const std::size_t words = scan_bitmap_words(n);
  if (sc.lower.size() < scan_buffer_size(n)) sc.lower.resize(scan_buffer_size(n));
  if (sc.bits.size() < words) sc.bits.resize(words);
  char* const u = sc.lower.data();
  scan_url(r.url.data(), n, u, sc.bits.data());
  const std::size_t authority = network_authority(u);
  if (authority == 0) return std::nullopt;

  page_domains page;
  prepared_request rq;
  rq.page = &page;
  rq.raw = r.url;
  rq.url = std::string_view(u, n);
  rq.page_host = r.page_host;
  rq.page_scratch = &sc.page_lower;
  rq.type = type_bit(r.type);
  rq.third_party = r.third_party;
  rq.party_excluded = r.third_party ? party::first : party::third;
  const host_span host = find_host_padded(rq.url, authority);
  rq.host_begin = host.begin;
  rq.host_end = host.end;

  search_state blocks;
  sc.floating_checked.clear();
  blocks.floating_checked = &sc.floating_checked;
  sc.exception_lookups.clear();
  const auto visit = [&](const token_table& table, const token_table::bucket* b, std::size_t pos) {
    if (b == nullptr) return;
    for (const hot_rule& h : table.blocks(*b)) d.consider(h, rq, pos, blocks);
    if (b->exception_count != 0) sc.exception_lookups.push_back({&table, b, pos});
  };
  // The host and each of its parent domains: "a.b.example.com", "b.example.com", ...
  if (!d.host_index.empty()) {
    if (host.begin < host.end) {
      visit(d.host_index, d.host_index.find(text_key_padded(u + host.begin, host.end - host.begin)),
            host.begin);
    }
    for_each_dot(u, host.begin, host.end, [&](std::size_t dot) {
      const std::size_t s = dot + 1;
      if (s < host.end)
        visit(d.host_index, d.host_index.find(text_key_padded(u + s, host.end - s)), s);
    });
  }
  // Every token, and the first and last chunk_size characters of the longer ones: their keys
  // first, then the filters (independent loads, and no branch on their outcome), then the
  // table for the few keys that pass.
  if (!d.index.empty()) {
    const std::size_t max_probes = 3 * (n / 2 + 1);
    if (sc.probes.size() < max_probes) sc.probes.resize(max_probes);
    probe* const probes = sc.probes.data();
    std::size_t passed = 0;
    for_each_token(sc.bits.data(), words, [&](std::size_t b, std::size_t e) {
      const std::size_t len = e - b;
      const token_keys keys = token_keys_padded(u + b, len);
      probes[passed] = probe{keys.whole, b};
      passed += d.index.may_contain(keys.whole) ? 1 : 0;
      if (len > chunk_size) {
        probes[passed] = probe{keys.first_chunk, b};
        passed += d.index.may_contain_chunk(keys.first_chunk) ? 1 : 0;
        const std::uint64_t last = chunk_key_padded(u + e - chunk_size);
        probes[passed] = probe{last, e - chunk_size};
        passed += d.index.may_contain_chunk(last) ? 1 : 0;
      }
    });
    for (std::size_t k = 0; k < passed; ++k) {
      const probe& p = probes[k];
      visit(d.index, d.index.lookup(p.key), p.pos);
    }
  }
  for (const hot_rule& h : d.block_untokenized) d.consider(h, rq, no_pos, blocks);

  const auto hit_of = [&](std::uint32_t id, bool exception) {
    const compiled_rule& cr = d.rules[id];
    return filter_hit{cr.list, cr.line, cr.text, exception};
  };
  if (blocks.best_important != no_rule) return hit_of(blocks.best_important, false);
  if (blocks.best == no_rule) return std::nullopt;

  search_state exceptions;
  sc.floating_checked.clear();
  exceptions.floating_checked = &sc.floating_checked;
  for (const exception_lookup& e : sc.exception_lookups) {
    for (const hot_rule& h : e.table->exceptions(*e.bucket)) d.consider(h, rq, e.pos, exceptions);
  }
  for (const hot_rule& h : d.exception_untokenized) d.consider(h, rq, no_pos, exceptions);
  if (exceptions.best != no_rule) return hit_of(exceptions.best, true);
  return hit_of(blocks.best, false);
}

namespace detail {

std::vector<std::optional<filter_hit>> engine_access::match_by_scan(
    const filter_engine& e, const std::vector<filter_request>& requests) {
  const filter_engine::impl& d = *e.impl_;
  (void)e.lists();  // waits for build()
  std::vector<std::optional<filter_hit>> out(requests.size());
  if (!d.built) return out;
  // Every rule in effect, in rule order, with no indexed text (offset -1: checked anywhere).
  std::vector<hot_rule> blocks;
  std::vector<hot_rule> exceptions;
  for (std::size_t i = 0; i < d.rules.size(); ++i) {
    const compiled_rule& cr = d.rules[i];
    if (cr.cancelled || cr.badfilter) continue;
    const std::string_view pattern = cr.is_regex ? std::string_view() : d.pattern_of(cr);
    hot_rule h = hot_of(cr, pattern, static_cast<std::uint32_t>(i), -1);
    h.pattern_begin = cr.pattern_begin;
    h.pattern_size = static_cast<std::uint32_t>(pattern.size());
    (cr.exception ? exceptions : blocks).push_back(h);
  }
  key_filter every_domain;
  every_domain.accept_all();
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const filter_request& r = requests[k];
    std::size_t authority = 0;
    for (const std::string_view scheme : {"http://", "https://", "ws://", "wss://"}) {
      if (harfact::detail::istarts_with_ascii(r.url, scheme)) authority = scheme.size();
    }
    if (authority == 0) continue;
    std::string lower = harfact::detail::to_lower_ascii(r.url);
    lower.append(16, '\0');  // the zero padding match() relies on
    std::string page_scratch;
    page_domains page;
    page.compute(normalized_page_host(r.page_host, page_scratch), every_domain);
    prepared_request rq;
    rq.page = &page;
    rq.raw = r.url;
    rq.url = std::string_view(lower).substr(0, r.url.size());
    rq.page_host = r.page_host;
    rq.page_scratch = &page_scratch;
    rq.type = type_bit(r.type);
    rq.third_party = r.third_party;
    rq.party_excluded = r.third_party ? party::first : party::third;
    const host_span host = find_host(rq.url, authority);
    rq.host_begin = host.begin;
    rq.host_end = host.end;
    const auto scan = [&](const std::vector<hot_rule>& rules) {
      search_state st;  // no floating_checked: every rule is checked once anyway
      for (const hot_rule& h : rules) d.consider(h, rq, no_pos, st);
      return st;
    };
    const auto hit_of = [&](std::uint32_t id, bool exception) {
      const compiled_rule& cr = d.rules[id];
      return filter_hit{cr.list, cr.line, cr.text, exception};
    };
    const search_state b = scan(blocks);
    if (b.best_important != no_rule) {
      out[k] = hit_of(b.best_important, false);
    } else if (b.best != no_rule) {
      const search_state x = scan(exceptions);
      out[k] = x.best != no_rule ? hit_of(x.best, true) : hit_of(b.best, false);
    }
  }
  return out;
}

}  // namespace detail

}  // namespace harfact::sig
