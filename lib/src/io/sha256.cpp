#include "harfact/io/sha256.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace harfact::io {

namespace {

struct ctx_deleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

}  // namespace

struct sha256::impl {
  std::unique_ptr<EVP_MD_CTX, ctx_deleter> ctx{EVP_MD_CTX_new()};

  impl() {
    // EVP_MD_CTX_new only fails when out of memory.
    if (!ctx) throw std::bad_alloc();
    init();
  }
  void init() {
    // Fails only when libcrypto is misconfigured (e.g. no provider offers SHA-256):
    // an environment bug no caller can handle, hence an exception.
    if (EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL libcrypto cannot initialise SHA-256");
    }
  }
};

sha256::sha256() : impl_(std::make_unique<impl>()) {}
sha256::~sha256() = default;
sha256::sha256(sha256&&) noexcept = default;
sha256& sha256::operator=(sha256&&) noexcept = default;

void sha256::update(const void* data, std::size_t size) {
  if (size == 0) return;
  if (EVP_DigestUpdate(impl_->ctx.get(), data, size) != 1) {
    throw std::runtime_error("OpenSSL libcrypto failed to update a SHA-256 digest");
  }
}

digest256 sha256::finish() {
  digest256 out{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(impl_->ctx.get(), out.data(), &length) != 1 || length != out.size()) {
    throw std::runtime_error("OpenSSL libcrypto failed to finish a SHA-256 digest");
  }
  impl_->init();
  return out;
}

digest256 sha256::of(std::string_view data) {
  sha256 h;
  h.update(data);
  return h.finish();
}

std::string to_hex(const digest256& d) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(d.size() * 2, '0');
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = k_digits[d[i] >> 4];
    out[2 * i + 1] = k_digits[d[i] & 0x0f];
  }
  return out;
}

}  // namespace harfact::io
