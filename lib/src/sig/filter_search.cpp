// The filter-list engine: matching a request.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "core/ascii.hpp"
#include "sig/filter_engine.hpp"

namespace harfact::sig {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): the engine's own parts

struct char_set {
  std::array<bool, 256> member{};
  bool test(unsigned char c) const noexcept { return member[c]; }
};

constexpr char_set make_token_chars() {
  char_set s;
  for (unsigned c = 0; c < 256; ++c) s.member[c] = is_token_char(static_cast<unsigned char>(c));
  return s;
}

constexpr char_set k_token_chars = make_token_chars();

// ASCII lowercase, eight bytes at a time (SWAR): 'A'..'Z' get 0x20 added, nothing else
// changes (bytes >= 0x80 included).
void lower_ascii(const char* in, char* out, std::size_t n) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  std::size_t i = 0;
  if constexpr (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, in + i, 8);
      const std::uint64_t low7 = w & (ones * 0x7F);
      const std::uint64_t at_least_a = low7 + ones * (0x80 - 'A');
      const std::uint64_t above_z = low7 + ones * (0x80 - 'Z' - 1);
      const std::uint64_t upper = at_least_a & ~above_z & ~w & (ones * 0x80);
      w |= upper >> 2;
      std::memcpy(out + i, &w, 8);
    }
  }
  for (; i < n; ++i) out[i] = harfact::detail::ascii_lower(in[i]);
}

// A bucket with exceptions met while looking for block rules, kept in case one matches.
struct exception_lookup {
  const token_table* table;
  const token_table::bucket* bucket;
  std::size_t pos;  // where the keyed text starts in the URL
};

bool listed(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& keys,
            const std::vector<std::string>& names, const page_domains& page) {
  for (std::size_t i = 0; i < page.count; ++i) {
    const auto& [key, name] = page.suffixes[i];  // NOLINT: initialised up to count
    auto it = std::lower_bound(keys.begin(), keys.end(), std::make_pair(key, std::uint32_t{0}));
    for (; it != keys.end() && it->first == key; ++it) {
      if (names[it->second] == name) return true;
    }
  }
  return false;
}

bool domains_match(const compiled_rule& cr, const prepared_request& rq) {
  page_domains& page = *rq.page;
  if (!page.ready) page.compute(rq.page_host);
  if (!cr.include_keys.empty() && !listed(cr.include_keys, cr.rule.domains_include, page)) {
    return false;
  }
  return cr.exclude_keys.empty() || !listed(cr.exclude_keys, cr.rule.domains_exclude, page);
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

bool has_network_scheme(std::string_view url) {
  using harfact::detail::istarts_with_ascii;
  return istarts_with_ascii(url, "http://") || istarts_with_ascii(url, "https://") ||
         istarts_with_ascii(url, "ws://") || istarts_with_ascii(url, "wss://");
}

// Host span in a lowercased URL with a network scheme: after "//" and any userinfo, before
// the port, path, query or fragment.
void find_host(std::string_view url, std::size_t& begin, std::size_t& end) {
  const std::size_t authority = url.find("//") + 2;
  std::size_t authority_end = url.find_first_of("/?#", authority);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  begin = authority;
  const std::size_t at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) begin = at + 1;
  end = authority_end;
  if (begin < end && url[begin] == '[') {
    const std::size_t close = url.find(']', begin);
    if (close != std::string_view::npos && close < authority_end) end = close + 1;
  } else {
    const std::size_t colon = url.find(':', begin);
    if (colon != std::string_view::npos && colon < authority_end) end = colon;
  }
}

}  // namespace

void filter_engine::impl::consider(const hot_rule& h, const prepared_request& rq, std::size_t pos,
                                   search_state& st) const {
  if ((h.flags & flag_important) != 0) {
    if (h.id >= st.best_important) return;
  } else if (st.best_important != no_rule || h.id >= st.best) {
    return;  // an important rule already decides, or an earlier rule matched
  }
  if ((h.types & rq.type) == 0) return;
  if (h.applies_to == party::third && !rq.third_party) return;
  if (h.applies_to == party::first && rq.third_party) return;
  if (h.probe_mask != 0 && pos != no_pos) {
    if (pos < static_cast<std::size_t>(h.offset)) return;
    std::uint64_t word = 0;  // the lowercased URL has 8 bytes of padding
    std::memcpy(&word, rq.url.data() + (pos - static_cast<std::size_t>(h.offset)), 8);
    if ((word & h.probe_mask) != h.probe) return;
  }
  if ((h.flags & flag_domains) != 0 && !domains_match(rules[h.id], rq)) return;
  if (pos == no_pos || h.offset < 0) {
    // Not tied to where its text is in the URL: check it once, however often the text occurs.
    auto& checked = *st.floating_checked;
    if (std::find(checked.begin(), checked.end(), h.id) != checked.end()) return;
    checked.push_back(h.id);
  }
  const bool matched =
      (h.flags & flag_regex) != 0
          ? RE2::PartialMatch(rq.raw, *rules[h.id].re)
          : pattern_match(h, std::string_view(patterns).substr(h.pattern_begin, h.pattern_size), rq,
                          pos);
  if (matched) ((h.flags & flag_important) != 0 ? st.best_important : st.best) = h.id;
}

std::optional<filter_hit> filter_engine::match(const filter_request& r) const {
  const impl& d = *impl_;
  if (!d.built || !has_network_scheme(r.url)) return std::nullopt;

  // Per-thread scratch space, so that match() allocates nothing once warm.
  thread_local std::string url_lower;
  thread_local std::string page_lower;
  thread_local std::vector<exception_lookup> exception_lookups;
  thread_local std::vector<std::uint32_t> floating_checked;
  const std::size_t n = r.url.size();
  url_lower.resize(n + 8);                 // 8 bytes of padding for text_key_padded()
  char* const lowered = url_lower.data();  // not url_lower[i]: a char store may alias it
  const char* const raw = r.url.data();
  lower_ascii(raw, lowered, n);
  std::memset(lowered + n, 0, 8);
  page_lower.assign(r.page_host);
  for (char& c : page_lower) c = harfact::detail::ascii_lower(c);
  if (!page_lower.empty() && page_lower.back() == '.') page_lower.pop_back();
  if (page_lower.find(':') != std::string::npos && page_lower.front() != '[') {
    page_lower = '[' + page_lower + ']';  // an IPv6 page host: lists write "domain=~[::1]"
  }

  page_domains page;
  prepared_request rq;
  rq.page = &page;
  rq.raw = r.url;
  rq.url = std::string_view(url_lower).substr(0, n);
  rq.page_host = page_lower;
  rq.type = type_bit(r.type);
  rq.third_party = r.third_party;
  find_host(rq.url, rq.host_begin, rq.host_end);

  impl::search_state blocks;
  floating_checked.clear();
  blocks.floating_checked = &floating_checked;
  exception_lookups.clear();
  const char* u = url_lower.data();
  const auto visit = [&](const token_table& table, const token_table::bucket* b, std::size_t pos) {
    if (b == nullptr) return;
    for (const hot_rule& h : table.blocks(*b)) d.consider(h, rq, pos, blocks);
    if (b->exception_count != 0) exception_lookups.push_back({&table, b, pos});
  };
  // The host and each of its parent domains: "a.b.example.com", "b.example.com", ...
  for (std::size_t s = rq.host_begin; s < rq.host_end;) {
    visit(d.host_index, d.host_index.find(text_key_padded(u + s, rq.host_end - s)), s);
    const void* dot = std::memchr(u + s, '.', rq.host_end - s);
    if (dot == nullptr) break;
    s = static_cast<std::size_t>(static_cast<const char*>(dot) - u) + 1;
  }
  // Every token, and the first and last chunk_size characters of the longer ones. The
  // filters reject most keys; only then is the table probed.
  for (std::size_t i = 0; i < n;) {
    if (!k_token_chars.test(static_cast<unsigned char>(u[i]))) {
      ++i;
      continue;
    }
    const std::size_t b = i;
    // No bound check: the padding after the URL is zeros, which end a token.
    while (k_token_chars.test(static_cast<unsigned char>(u[i]))) ++i;
    const std::size_t len = i - b;
    if (const std::uint64_t key = text_key_padded(u + b, len); d.index.may_contain(key)) {
      visit(d.index, d.index.find(key), b);
    }
    if (len > chunk_size) {
      if (const std::uint64_t key = text_key_padded(u + b, chunk_size);
          d.index.may_contain_chunk(key)) {
        visit(d.index, d.index.find_chunk(key), b);
      }
      if (const std::uint64_t key = text_key_padded(u + i - chunk_size, chunk_size);
          d.index.may_contain_chunk(key)) {
        visit(d.index, d.index.find_chunk(key), i - chunk_size);
      }
    }
  }
  for (const hot_rule& h : d.block_untokenized) d.consider(h, rq, no_pos, blocks);

  const auto hit_of = [&](std::uint32_t id, bool exception) {
    const compiled_rule& cr = d.rules[id];
    return filter_hit{cr.list, cr.line, *cr.text, exception};
  };
  if (blocks.best_important != no_rule) return hit_of(blocks.best_important, false);
  if (blocks.best == no_rule) return std::nullopt;

  impl::search_state exceptions;
  floating_checked.clear();
  exceptions.floating_checked = &floating_checked;
  for (const exception_lookup& e : exception_lookups) {
    for (const hot_rule& h : e.table->exceptions(*e.bucket)) d.consider(h, rq, e.pos, exceptions);
  }
  for (const hot_rule& h : d.exception_untokenized) d.consider(h, rq, no_pos, exceptions);
  if (exceptions.best != no_rule) return hit_of(exceptions.best, true);
  return hit_of(blocks.best, false);
}

}  // namespace harfact::sig
