// The token table of the filter engine (see filter_index.hpp).
#include "sig/filter_index.hpp"

namespace harfact::sig::detail {

namespace {

// 26 bits per key at least (two bits set per key: about 0.5% false positives).
std::vector<std::uint64_t> empty_filter(std::size_t keys) {
  if (keys == 0) return {};
  std::size_t words = 8;
  while (words * 64 < keys * 26) words *= 2;
  return std::vector<std::uint64_t>(words, 0);
}

}  // namespace

void token_table::build(const std::vector<std::pair<std::uint64_t, hot_rule>>& entries,
                        const std::vector<std::uint64_t>& chunk_keys) {
  records_.clear();
  records_.reserve(entries.size());
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    distinct += i == 0 || entries[i].first != entries[i - 1].first ? 1 : 0;
  }
  std::size_t slots = 16;
  while (slots < distinct * 2) slots *= 2;
  slots_.assign(slots, bucket{});
  slot_mask_ = slots - 1;
  filter_ = empty_filter(distinct);
  chunk_filter_ = empty_filter(chunk_keys.size());
  for (const std::uint64_t key : chunk_keys) filter_add(chunk_filter_, key);
  for (std::size_t i = 0; i < entries.size();) {
    const std::uint64_t key = entries[i].first;
    bucket b;
    b.key = key;
    b.begin = static_cast<std::uint32_t>(records_.size());
    for (; i < entries.size() && entries[i].first == key; ++i) {
      const hot_rule& h = entries[i].second;
      ++((h.flags & flag_exception) != 0 ? b.exception_count : b.block_count);
      records_.push_back(h);
    }
    std::size_t s = (key >> 12) & slot_mask_;
    while (slots_[s].key != 0) s = (s + 1) & slot_mask_;
    slots_[s] = b;
    filter_add(filter_, key);
  }
}

}  // namespace harfact::sig::detail
