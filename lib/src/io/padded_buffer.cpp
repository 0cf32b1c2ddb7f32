#include "padded_buffer.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace harfact::io::detail {

padded_buffer::~padded_buffer() { std::free(data_); }

padded_buffer::padded_buffer(padded_buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

padded_buffer& padded_buffer::operator=(padded_buffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void padded_buffer::reallocate(std::size_t capacity) {
  void* p = std::realloc(data_, capacity + k_text_padding);
  if (p == nullptr) throw std::bad_alloc();
  data_ = static_cast<char*>(p);
  capacity_ = capacity;
}

void padded_buffer::reserve(std::size_t capacity) {
  if (capacity > capacity_ || data_ == nullptr)
    reallocate(capacity > capacity_ ? capacity : capacity_);
}

void padded_buffer::append(std::string_view bytes) {
  if (bytes.size() > capacity_ - size_) {
    // Geometric growth keeps appends amortised O(1).
    const std::size_t needed = size_ + bytes.size();
    reserve(needed > 2 * capacity_ ? needed : 2 * capacity_);
  }
  if (!bytes.empty()) std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
}

void padded_buffer::seal() {
  // Shrinking only pays off for a big tail; small slack is cheaper to keep than to move.
  constexpr std::size_t k_keep_slack = std::size_t{1} << 20;
  if (data_ == nullptr || capacity_ - size_ > k_keep_slack) reallocate(size_);
  std::memset(data_ + size_, 0, k_text_padding);
}

}  // namespace harfact::io::detail
