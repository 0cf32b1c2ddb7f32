#include "mapped_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

namespace harfact::io::detail {

namespace {

// Hashing in steps lets the destructor stop a background hash of a huge file early.
constexpr std::size_t k_hash_step = std::size_t{4} << 20;

}  // namespace

std::unique_ptr<mapped_file> mapped_file::map(int fd, std::size_t size) {
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return nullptr;
  // The parser reads front to back: ask for aggressive read-ahead.
  ::madvise(p, size, MADV_SEQUENTIAL);
  return std::unique_ptr<mapped_file>(new mapped_file(static_cast<char*>(p), size));
}

mapped_file::~mapped_file() {
  stop_.store(true, std::memory_order_relaxed);
  if (worker_.joinable()) worker_.join();
  ::munmap(data_, size_);
}

void mapped_file::hash_through(std::uint64_t offset) {
  if (worker_.joinable()) return;
  const std::size_t end = static_cast<std::size_t>(std::min<std::uint64_t>(offset, size_));
  if (end <= hashed_) return;
  hasher_.update(data_ + hashed_, end - hashed_);
  hashed_ = end;
}

void mapped_file::hash_rest() {
  while (hashed_ < size_ && !stop_.load(std::memory_order_relaxed)) {
    const std::size_t n = std::min(k_hash_step, size_ - hashed_);
    hasher_.update(data_ + hashed_, n);
    if (release_hashed_) release(hashed_, hashed_ + n);
    hashed_ += n;
  }
}

void mapped_file::hash_in_background(bool release_behind) {
  if (worker_.joinable() || hashed_ == size_) return;
  release_hashed_ = release_behind;
  try {
    worker_ = std::thread([this] { hash_rest(); });
  } catch (const std::system_error&) {
    // No thread available: finish_hash() will hash on the caller's thread instead.
  }
}

digest256 mapped_file::finish_hash() {
  if (worker_.joinable()) worker_.join();
  hash_rest();
  return hasher_.finish();
}

void mapped_file::release_before(std::uint64_t offset) noexcept {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages only: the page holding `offset` is still in use. A background hash
  // reading a released page simply faults it back in from the page cache.
  const std::size_t end =
      static_cast<std::size_t>(std::min<std::uint64_t>(offset, size_)) / page * page;
  if (end <= released_) return;
  ::madvise(data_ + released_, end - released_, MADV_DONTNEED);
  released_total_.fetch_add(end - released_, std::memory_order_relaxed);
  released_ = end;
}

std::uint64_t mapped_file::release(std::uint64_t begin, std::uint64_t end) noexcept {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages inside the range only: the pages at its edges may still be in use.
  const std::size_t first =
      (static_cast<std::size_t>(std::min<std::uint64_t>(begin, size_)) + page - 1) / page * page;
  const std::size_t last =
      static_cast<std::size_t>(std::min<std::uint64_t>(end, size_)) / page * page;
  if (last <= first) return begin;
  ::madvise(data_ + first, last - first, MADV_DONTNEED);
  released_total_.fetch_add(last - first, std::memory_order_relaxed);
  return last;
}

}  // namespace harfact::io::detail
