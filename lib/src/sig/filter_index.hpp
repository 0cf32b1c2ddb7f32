// Internal: the token index of the filter engine.
//
// Every rule is filed under one key: the hash of a whole URL token, or of the first or last
// chunk_size characters of one (see filter_rule.hpp). A URL token is looked up by its whole
// text and, when longer than chunk_size, by its first and last chunk_size characters; the
// position passed with each lookup is where that text is in the URL.
//
// A bucket holds compact records of its rules (block rules, then exceptions), contiguous in
// memory, and their patterns are stored one after another in an arena in the same order:
// checking the candidates of a URL token touches a few cache lines instead of one
// scattered rule object each. A two-bit-per-key filter (26 bits per key) in front of the
// table rejects almost every URL token that is in no rule with one cache line read.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "sig/filter_rule.hpp"

namespace harfact::sig::detail {

namespace hash_detail {

inline constexpr std::uint64_t k_mul1 = 0x9E3779B97F4A7C15ULL;
inline constexpr std::uint64_t k_mul2 = 0xFF51AFD7ED558CCDULL;

// One multiply per 8 characters (URL tokens are short), and a shift to mix the high bits
// down: the table and the filter take their bits from all over the key.
constexpr std::uint64_t step(std::uint64_t h, std::uint64_t word) noexcept {
  h = (h ^ word) * k_mul2;
  return h ^ (h >> 29);
}

constexpr std::uint64_t finish(std::uint64_t h) noexcept {
  return h | 1;  // 0 marks an empty slot
}

// Little-endian word of p[0..n), n <= 8.
inline std::uint64_t load(const char* p, std::size_t n) noexcept {
  std::uint64_t w = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&w, p, n);
  } else {
    for (std::size_t i = n; i-- > 0;) w = (w << 8) | static_cast<unsigned char>(p[i]);
  }
  return w;
}

}  // namespace hash_detail

/// Key of a lowercase text: a rule's indexed text or a URL token. Never 0.
inline std::uint64_t text_key(std::string_view text) noexcept {
  std::uint64_t h = hash_detail::k_mul1 ^ text.size();
  const char* p = text.data();
  std::size_t n = text.size();
  for (; n >= 8; p += 8, n -= 8) h = hash_detail::step(h, hash_detail::load(p, 8));
  if (n != 0) h = hash_detail::step(h, hash_detail::load(p, n));
  return hash_detail::finish(h);
}

/// text_key() of p[0..n) when at least 8 bytes from any p + 8k are readable (the engine pads
/// its lowercased URL): whole-word loads, masked.
inline std::uint64_t text_key_padded(const char* p, std::size_t n) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return text_key(std::string_view(p, n));
  } else {
    std::uint64_t h = hash_detail::k_mul1 ^ n;
    for (; n >= 8; p += 8, n -= 8) h = hash_detail::step(h, hash_detail::load(p, 8));
    if (n != 0) {
      std::uint64_t w = 0;
      std::memcpy(&w, p, 8);
      h = hash_detail::step(h, w & ((std::uint64_t{1} << (8 * n)) - 1));
    }
    return hash_detail::finish(h);
  }
}

enum hot_flag : std::uint8_t {
  flag_left_start = 1,
  flag_left_host = 2,
  flag_right_anchor = 4,
  flag_match_case = 8,
  flag_important = 16,
  flag_domains = 32,
  flag_regex = 64,
  flag_exception = 128,
};

/// What matching needs of a rule to reject it, packed.
struct hot_rule {
  /// The first (up to) 8 bytes of the pattern where they are literal, and which bytes those
  /// are: when the start of the match is known, one compare rejects most candidates
  /// without reading the pattern.
  std::uint64_t probe = 0;
  std::uint64_t probe_mask = 0;
  std::uint32_t id = 0;             ///< index of the rule in the engine
  std::uint32_t pattern_begin = 0;  ///< in the engine's pattern arena
  std::uint32_t pattern_size = 0;
  std::int32_t offset = -1;  ///< of the indexed text in the pattern, or -1 (not fixed)
  std::uint16_t types = 0;
  party applies_to = party::any;
  std::uint8_t flags = 0;
};

/// Key -> the block rules and the exceptions filed under it, in rule order.
class token_table {
 public:
  struct bucket {
    std::uint64_t key = 0;
    std::uint32_t begin = 0;        ///< first record
    std::uint32_t block_count = 0;  ///< block records, then exception records
    std::uint32_t exception_count = 0;
  };

  /// `entries` (key, record) sorted by key, then block rules before exceptions, then id.
  /// `chunk_keys`: the keys some rule is filed under by a prefix or suffix chunk.
  void build(const std::vector<std::pair<std::uint64_t, hot_rule>>& entries,
             const std::vector<std::uint64_t>& chunk_keys);

  /// False when no rule is filed under `key` (true: maybe).
  bool may_contain(std::uint64_t key) const noexcept { return filter_has(filter_, key); }
  bool may_contain_chunk(std::uint64_t key) const noexcept {
    return filter_has(chunk_filter_, key);
  }

  /// The bucket of a whole URL token.
  const bucket* find(std::uint64_t key) const noexcept { return find(key, filter_); }
  /// The bucket of the first or last chunk_size characters of a longer URL token: only
  /// rules filed under a chunk can need it, and their keys have a filter of their own,
  /// small enough to stay in the L1 cache.
  const bucket* find_chunk(std::uint64_t key) const noexcept { return find(key, chunk_filter_); }

  std::span<const hot_rule> blocks(const bucket& b) const noexcept {
    return {records_.data() + b.begin, b.block_count};
  }
  std::span<const hot_rule> exceptions(const bucket& b) const noexcept {
    return {records_.data() + b.begin + b.block_count, b.exception_count};
  }

 private:
  static bool filter_has(const std::vector<std::uint64_t>& filter, std::uint64_t key) noexcept {
    if (filter.empty()) return false;
    const std::uint64_t word = filter[(key >> 40) & (filter.size() - 1)];
    const std::uint64_t bits =
        (std::uint64_t{1} << (key & 63)) | (std::uint64_t{1} << ((key >> 6) & 63));
    return (word & bits) == bits;
  }
  static void filter_add(std::vector<std::uint64_t>& filter, std::uint64_t key) noexcept {
    filter[(key >> 40) & (filter.size() - 1)] |=
        (std::uint64_t{1} << (key & 63)) | (std::uint64_t{1} << ((key >> 6) & 63));
  }
  const bucket* find(std::uint64_t key, const std::vector<std::uint64_t>& filter) const noexcept {
    if (slots_.empty() || !filter_has(filter, key)) return nullptr;
    for (std::size_t s = (key >> 12) & slot_mask_; slots_[s].key != 0; s = (s + 1) & slot_mask_) {
      if (slots_[s].key == key) return &slots_[s];
    }
    return nullptr;
  }

  std::vector<bucket> slots_;
  std::vector<hot_rule> records_;
  std::vector<std::uint64_t> filter_;        // every key
  std::vector<std::uint64_t> chunk_filter_;  // keys of chunks
  std::size_t slot_mask_ = 0;
};

}  // namespace harfact::sig::detail
