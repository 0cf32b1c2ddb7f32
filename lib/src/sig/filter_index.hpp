// Internal: the token index of the filter engine.
//
// Every rule is filed under one key: the hash of a whole URL token, or of the first or last
// chunk_size characters of one (see filter_rule.hpp). A URL token is looked up by its whole
// text and, when longer than chunk_size, by its first and last chunk_size characters; the
// position passed with each lookup is where that text is in the URL.
//
// A bucket holds compact records of its rules (block rules, then exceptions), contiguous in
// memory: checking the candidates of a URL token touches a few cache lines instead of one
// scattered rule object each (a record's pattern is read only when its first bytes match
// the URL). A two-bit-per-key filter (26 bits per key) in front of the table rejects almost
// every URL token that is in no rule with one cache line read.
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

namespace hash_detail {

/// The low n bytes of a word, n <= 8.
inline constexpr std::uint64_t k_low_bytes[9] = {  // NOLINT(modernize-avoid-c-arrays)
    0,
    0xFFULL,
    0xFFFFULL,
    0xFFFFFFULL,
    0xFFFFFFFFULL,
    0xFFFFFFFFFFULL,
    0xFFFFFFFFFFFFULL,
    0xFFFFFFFFFFFFFFULL,
    ~std::uint64_t{0}};

inline std::uint64_t word_at(const char* p) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  return w;
}

}  // namespace hash_detail

/// text_key() of p[0..n) when at least 8 bytes from any p + 8k are readable (the engine pads
/// its lowercased URL): whole-word loads, masked.
inline std::uint64_t text_key_padded(const char* p, std::size_t n) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return text_key(std::string_view(p, n));
  } else {
    using namespace hash_detail;  // NOLINT(google-build-using-namespace): local helpers
    if (n == 0) return finish(k_mul1);
    std::uint64_t h = k_mul1 ^ n;
    // The last word (1 to 8 bytes) is masked; the ones before it are whole.
    for (; n > 8; p += 8, n -= 8) h = step(h, word_at(p));
    return finish(step(h, word_at(p) & k_low_bytes[n]));
  }
}

/// text_key_padded(p, chunk_size).
inline std::uint64_t chunk_key_padded(const char* p) noexcept {
  static_assert(chunk_size > 0 && chunk_size <= 8);
  if constexpr (std::endian::native != std::endian::little) {
    return text_key(std::string_view(p, chunk_size));
  } else {
    using namespace hash_detail;  // NOLINT(google-build-using-namespace): local helpers
    return finish(step(k_mul1 ^ chunk_size, word_at(p) & k_low_bytes[chunk_size]));
  }
}

/// The keys of a URL token p[0..n), n >= 1, padded as for text_key_padded(): of the whole
/// token, and of its first chunk_size characters (meaningful when n > chunk_size). One load
/// serves both when the token is short.
struct token_keys {
  std::uint64_t whole;
  std::uint64_t first_chunk;
};
inline token_keys token_keys_padded(const char* p, std::size_t n) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    return {text_key(std::string_view(p, n)), text_key(std::string_view(p, chunk_size))};
  } else {
    using namespace hash_detail;  // NOLINT(google-build-using-namespace): local helpers
    const std::uint64_t w = word_at(p);
    const std::uint64_t first = finish(step(k_mul1 ^ chunk_size, w & k_low_bytes[chunk_size]));
    if (n <= 8) return {finish(step(k_mul1 ^ n, w & k_low_bytes[n])), first};
    return {text_key_padded(p, n), first};
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

/// A two-bit-per-key filter in 64-bit words: false means "surely not a key".
class key_filter {
 public:
  /// Sized for `keys` keys: 26 bits per key at least (about 0.5% false positives).
  void reset(std::size_t keys) {
    std::size_t words = 8;
    while (words * 64 < keys * 26) words *= 2;
    words_.assign(words, 0);
    mask_ = words - 1;
  }
  void add(std::uint64_t key) noexcept { words_[(key >> 40) & mask_] |= bits(key); }
  /// has() is then true for every key (for tests).
  void accept_all() {
    words_.assign(1, ~std::uint64_t{0});
    mask_ = 0;
  }
  bool has(std::uint64_t key) const noexcept {
    const std::uint64_t b = bits(key);
    return (words_[(key >> 40) & mask_] & b) == b;
  }

 private:
  static std::uint64_t bits(std::uint64_t key) noexcept {
    return (std::uint64_t{1} << (key & 63)) | (std::uint64_t{1} << ((key >> 6) & 63));
  }
  std::vector<std::uint64_t> words_ = std::vector<std::uint64_t>(1);  // never empty
  std::size_t mask_ = 0;
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

  /// Files records[i] under keys[i], keeping the order of `records` within a key (rule
  /// order), block rules before exceptions. `chunk_keys`: the keys some rule is filed under
  /// by a prefix or suffix chunk (may repeat).
  void build(const std::vector<std::uint64_t>& keys, const std::vector<hot_rule>& records,
             const std::vector<std::uint64_t>& chunk_keys);

  bool empty() const noexcept { return slots_.empty(); }

  /// False when no rule is filed under `key` (true: maybe).
  bool may_contain(std::uint64_t key) const noexcept { return filter_.has(key); }
  /// The same for the keys of a chunk: only rules filed under a chunk (the first or last
  /// chunk_size characters of a longer URL token) can need them, and their keys have a
  /// filter of their own, small enough to stay in the L1 cache.
  bool may_contain_chunk(std::uint64_t key) const noexcept { return chunk_filter_.has(key); }

  /// The bucket of a whole URL token.
  const bucket* find(std::uint64_t key) const noexcept {
    return filter_.has(key) ? lookup(key) : nullptr;
  }
  /// The bucket of a chunk.
  const bucket* find_chunk(std::uint64_t key) const noexcept {
    return chunk_filter_.has(key) ? lookup(key) : nullptr;
  }
  /// The bucket of a key a filter let through.
  const bucket* lookup(std::uint64_t key) const noexcept {
    if (slots_.empty()) return nullptr;
    for (std::size_t s = (key >> 12) & slot_mask_; slots_[s].key != 0; s = (s + 1) & slot_mask_) {
      if (slots_[s].key == key) return &slots_[s];
    }
    return nullptr;
  }

  std::span<const hot_rule> blocks(const bucket& b) const noexcept {
    return {records_.data() + b.begin, b.block_count};
  }
  std::span<const hot_rule> exceptions(const bucket& b) const noexcept {
    return {records_.data() + b.begin + b.block_count, b.exception_count};
  }

 private:
  std::vector<bucket> slots_;
  std::vector<hot_rule> records_;
  key_filter filter_;        // every key
  key_filter chunk_filter_;  // keys of chunks
  std::size_t slot_mask_ = 0;
};

}  // namespace harfact::sig::detail
