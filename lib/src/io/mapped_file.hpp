// Internal: a read-only private mapping of a whole file, and the SHA-256 of it,
// computed as the parser advances or on a background thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>

#include "harfact/io/sha256.hpp"

namespace harfact::io::detail {

class mapped_file {
 public:
  /// Maps `size` (> 0) bytes of `fd`; nullptr when the file cannot be mapped
  /// (the caller then reads it instead). The descriptor may be closed afterwards.
  static std::unique_ptr<mapped_file> map(int fd, std::size_t size);
  ~mapped_file();  ///< stops and joins the background hash, then unmaps
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;

  std::string_view bytes() const noexcept { return {data_, size_}; }

  /// Hashes up to `offset` (monotonic; no-op while a background hash runs).
  void hash_through(std::uint64_t offset);
  /// Hashes the rest on a new thread; no-op when already running or done.
  /// `release_behind`: the thread hands each hashed step back to the kernel
  /// (large files read window by window).
  void hash_in_background(bool release_behind = false);
  /// Waits for or completes the hash and returns it.
  digest256 finish_hash();
  /// MADV_DONTNEED on the whole pages before `offset`.
  void release_before(std::uint64_t offset) noexcept;
  /// MADV_DONTNEED on the whole pages inside [begin, end). Any thread; the
  /// bytes stay readable (a private, unmodified mapping refaults from the file).
  /// Returns where the released pages end (`begin` when none were): the next
  /// range should start there, so no page is left behind between two calls.
  std::uint64_t release(std::uint64_t begin, std::uint64_t end) noexcept;
  /// Bytes handed back so far, counted per call (tests, benchmarks).
  std::uint64_t released_bytes() const noexcept {
    return released_total_.load(std::memory_order_relaxed);
  }

 private:
  mapped_file(char* data, std::size_t size) noexcept : data_(data), size_(size) {}
  void hash_rest();

  char* data_;  // never written: PROT_READ
  std::size_t size_;
  sha256 hasher_;
  std::size_t hashed_ = 0;    // owned by the worker while it runs
  std::size_t released_ = 0;  // pages before this were handed back to the kernel
  std::thread worker_;
  std::atomic<bool> stop_{false};
  bool release_hashed_ = false;  // the worker releases what it hashed
  std::atomic<std::uint64_t> released_total_{0};
};

}  // namespace harfact::io::detail
