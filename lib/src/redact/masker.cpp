#include "redact/masker.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace harfact::redact::detail {

namespace {

constexpr std::size_t k_min_known = 8;
constexpr std::string_view k_hex = "0123456789abcdef";

bool is_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

masker::masker(std::string key) : key_(std::move(key)) {
  if (key_.empty()) {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
      throw std::runtime_error("no random bytes for the redaction key");
    }
    key_.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
}

std::string masker::digest_hex(std::string_view value, std::size_t digits) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac.data(), &len);
  std::string out;
  for (unsigned int i = 0; i < len && out.size() < digits; ++i) {
    out += k_hex[mac[i] >> 4];
    out += k_hex[mac[i] & 15];
  }
  out.resize(std::min(out.size(), digits));
  return out;
}

std::string masker::mask(value_kind kind, std::string_view value) {
  if (is_placeholder(value)) return std::string(value);
  if (auto it = known_.find(std::string(value));
      it != known_.end() && kind == value_kind::known_secret) {
    return it->second;
  }
  const std::string h = digest_hex(value);
  std::string out;
  switch (kind) {
    case value_kind::email: out = "redacted-" + h + "@example.invalid"; break;
    case value_kind::phone: {
      // Same punctuation and length; digits "000" (no real number starts so),
      // then hash digits, so that the decoders still read a phone number.
      const std::string more = digest_hex(value, 64);
      std::size_t d = 0;
      out.assign(value);
      for (char& c : out) {
        if (!is_digit(c)) continue;
        c = d < 3 ? '0' : static_cast<char>('0' + (k_hex.find(more[d % more.size()]) % 10));
        ++d;
      }
      break;
    }
    case value_kind::person_name: {
      out = "Redacted ";
      for (const char c : h)
        out += static_cast<char>((out.size() == 9 ? 'A' : 'a') + k_hex.find(c));
      break;
    }
    case value_kind::hashed_user_data: {
      const bool hex_digest = value.size() >= 32 && value.size() <= 128 &&
                              std::all_of(value.begin(), value.end(), is_hex);
      if (hex_digest) {
        out = "00000000" + digest_hex(value, 128);
        out.resize(value.size(), '0');
        break;
      }
      out = "REDACTED-" + std::string(value_kind_name(kind)) + "-" + h;
      break;
    }
    default:
      out = "REDACTED-" + std::string(value_kind_name(kind)) + "-" + h;
      // Text of several words stays several words (decoders tell typed text
      // from tokens that way: decode/vendors_replay.cpp, chat_text).
      if (value.find(' ') != std::string_view::npos) out += " (words masked)";
      break;
  }
  // Secrets and identifiers are found again anywhere; typed text, names and
  // labels are not (a form's "First name" label would be masked in every key).
  const bool secret = kind != value_kind::form_value && kind != value_kind::typed_content &&
                      kind != value_kind::user_data && kind != value_kind::person_name &&
                      kind != value_kind::phone;
  // Only token-like values (letters and digits): a bare number such as a
  // session id that is a timestamp would be found inside unrelated numbers.
  const bool letters = std::any_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  const bool digits = std::any_of(value.begin(), value.end(), is_digit);
  if (secret && letters && digits && value.size() >= k_min_known) {
    known_.emplace(std::string(value), out);
    if (shortest_known_ == 0 || value.size() < shortest_known_) shortest_known_ = value.size();
  }
  return out;
}

bool masker::is_placeholder(std::string_view v) noexcept {
  // REDACTED-<kind>-<8 hex>, possibly inside a longer string (a scheme kept).
  if (const auto p = v.find("REDACTED-"); p != std::string_view::npos) {
    const auto dash = v.find('-', p + 9);
    if (dash != std::string_view::npos && v.size() >= dash + 9 &&
        std::all_of(v.begin() + static_cast<std::ptrdiff_t>(dash + 1),
                    v.begin() + static_cast<std::ptrdiff_t>(dash + 9), is_hex)) {
      return true;
    }
  }
  if (v.size() == 33 && v.substr(0, 9) == "redacted-" && v.substr(17) == "@example.invalid") {
    return true;
  }
  if (v.size() > 9 && v.substr(0, 9) == "Redacted ") return true;
  if (v.size() >= 32 && v.substr(0, 8) == "00000000" && std::all_of(v.begin(), v.end(), is_hex)) {
    return true;
  }
  // A phone placeholder: digits begin with 000.
  std::size_t digits = 0;
  for (const char c : v) {
    if (is_digit(c)) {
      if (c != '0' && digits < 3) return false;
      if (++digits == 3)
        return v.size() >= 8 && v.find_first_not_of("+0123456789 ().-") == std::string_view::npos;
    }
  }
  return false;
}

std::size_t masker::replace_known(std::string& text) const {
  if (known_.empty() || text.size() < shortest_known_) return 0;
  std::size_t n = 0;
  for (const auto& [value, placeholder] : known_) {
    if (value.size() > text.size()) continue;
    for (std::size_t at = text.find(value); at != std::string::npos;
         at = text.find(value, at + placeholder.size())) {
      text.replace(at, value.size(), placeholder);
      ++n;
    }
  }
  return n;
}

}  // namespace harfact::redact::detail
