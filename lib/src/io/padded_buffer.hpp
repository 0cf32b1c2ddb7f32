// Internal: a growable byte buffer with zeroed padding after its contents, so
// parsers may read a little past the end (see "Padding" in harfact/io/input.hpp).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace harfact::io::detail {

/// Readable zero bytes kept after the contents of every in-memory text.
inline constexpr std::size_t k_text_padding = 64;

/// malloc/realloc-backed so growth can use mremap instead of copying (glibc does
/// this for large blocks). Throws std::bad_alloc when memory runs out.
class padded_buffer {
 public:
  padded_buffer() = default;
  ~padded_buffer();
  padded_buffer(padded_buffer&& other) noexcept;
  padded_buffer& operator=(padded_buffer&& other) noexcept;
  padded_buffer(const padded_buffer&) = delete;
  padded_buffer& operator=(const padded_buffer&) = delete;

  const char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  std::string_view view() const noexcept { return {data_, size_}; }

  /// Makes room for `capacity` bytes of contents (plus padding); never shrinks.
  void reserve(std::size_t capacity);
  /// Writable room between size() and capacity().
  std::span<char> spare() noexcept { return {data_ + size_, capacity_ - size_}; }
  /// Counts `n` bytes written into spare() as contents.
  void commit(std::size_t n) noexcept { size_ += n; }
  void append(std::string_view bytes);

  /// Zeroes the padding after the contents and gives back a large unused tail.
  /// Call once writing is done; afterwards data() has size() + k_text_padding
  /// readable bytes.
  void seal();

 private:
  void reallocate(std::size_t capacity);

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // excluding the padding, which is always allocated too
};

}  // namespace harfact::io::detail
