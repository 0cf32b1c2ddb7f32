// The token table of the filter engine (see filter_index.hpp).
#include "sig/filter_index.hpp"

namespace harfact::sig::detail {

void token_table::build(const std::vector<std::uint64_t>& keys,
                        const std::vector<hot_rule>& records,
                        const std::vector<std::uint64_t>& chunk_keys) {
  // Open addressing by key; each slot is one bucket. Counting first (blocks, exceptions),
  // then placing each record at its bucket's cursor: no sort, and the records of a bucket
  // stay in the order given.
  // The table is sized for the distinct keys (twice as many slots): counted first.
  std::size_t distinct = 0;
  {
    std::size_t n = 16;
    while (n < keys.size() * 2) n *= 2;
    std::vector<std::uint64_t> seen(n, 0);
    for (const std::uint64_t key : keys) {
      std::size_t s = (key >> 12) & (n - 1);
      while (seen[s] != 0 && seen[s] != key) s = (s + 1) & (n - 1);
      if (seen[s] == 0) {
        seen[s] = key;
        ++distinct;
      }
    }
  }
  std::size_t slots = 16;
  while (slots < distinct * 2) slots *= 2;
  slots_.assign(slots, bucket{});
  slot_mask_ = slots - 1;
  std::vector<std::uint32_t> slot_of(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t key = keys[i];
    std::size_t s = (key >> 12) & slot_mask_;
    while (slots_[s].key != 0 && slots_[s].key != key) s = (s + 1) & slot_mask_;
    slots_[s].key = key;
    ++((records[i].flags & flag_exception) != 0 ? slots_[s].exception_count
                                                : slots_[s].block_count);
    slot_of[i] = static_cast<std::uint32_t>(s);
  }
  // Buckets in slot order; a cursor per bucket for its blocks and one for its exceptions.
  std::uint32_t next = 0;
  std::vector<std::uint32_t> block_cursor(slots, 0);
  std::vector<std::uint32_t> exception_cursor(slots, 0);
  for (std::size_t s = 0; s < slots; ++s) {
    bucket& b = slots_[s];
    if (b.key == 0) continue;
    b.begin = next;
    block_cursor[s] = next;
    exception_cursor[s] = next + b.block_count;
    next += b.block_count + b.exception_count;
  }
  records_.assign(records.size(), hot_rule{});
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint32_t s = slot_of[i];
    records_[(records[i].flags & flag_exception) != 0 ? exception_cursor[s]++ : block_cursor[s]++] =
        records[i];
  }
  filter_.reset(distinct);
  for (const bucket& b : slots_) {
    if (b.key != 0) filter_.add(b.key);
  }
  chunk_filter_.reset(chunk_keys.size());
  for (const std::uint64_t key : chunk_keys) chunk_filter_.add(key);
}

}  // namespace harfact::sig::detail
