// Helpers shared by the vendor decoder table tests: one-entry HARs in the
// vendors' documented formats, decoded with the decoders their signature names.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/decode/decoder.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::decode::vendor_test {

inline std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A one-entry HAR around a request; `request_extra` and `entry_extra` are JSON
// members appended to the request and the entry.
inline std::string har_with(const std::string& method, const std::string& url,
                            const std::string& request_extra = "",
                            const std::string& entry_extra = "") {
  return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{)"
         R"("startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{"method":")" +
         method + R"(","url":)" + json_string(url) +
         R"(,"httpVersion":"h","cookies":[],"headers":[],"queryString":[],"headersSize":-1,)"
         R"("bodySize":-1)" +
         request_extra +
         R"(},"response":{"status":200,"statusText":"","httpVersion":"h","cookies":[],"headers":[],)"
         R"("content":{"size":0,"mimeType":"x"},"redirectURL":"","headersSize":-1,"bodySize":-1},)"
         R"("cache":{},"timings":{"send":0,"wait":0,"receive":0})" +
         entry_extra + "}]}}";
}

inline std::string post_data(std::string_view mime, std::string_view text) {
  return R"(,"postData":{"mimeType":)" + json_string(mime) + R"(,"text":)" + json_string(text) +
         "}";
}

inline std::string get(const std::string& url) { return har_with("GET", url); }
inline std::string post(const std::string& url, std::string_view mime, std::string_view body) {
  return har_with("POST", url, post_data(mime, body));
}
inline std::string post_json(const std::string& url, std::string_view body) {
  return post(url, "application/json", body);
}
inline std::string post_form(const std::string& url, std::string_view body) {
  return post(url, "application/x-www-form-urlencoded", body);
}

inline std::string base64(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const auto byte = [&](std::size_t j) -> std::uint32_t {
      return j < in.size() ? static_cast<unsigned char>(in[j]) : 0u;
    };
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

inline std::string percent_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

inline const sig::database& db() {
  static const sig::database d = [] {
    auto r = sig::database::load(HARFACT_SOURCE_DIR "/signatures");
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return d;
}

inline const sig::signature& signature(std::string_view id) {
  for (const auto& s : db().signatures()) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no signature " + std::string(id));
}

struct decoded_entry {
  std::unique_ptr<har::reader> reader;
  har::entry e;
  decoded out;
};

// Decodes the HAR's one entry with the decoders signature `sig_id` names.
inline decoded_entry run(const std::string& har, std::string_view sig_id) {
  decoded_entry d;
  auto r = har::reader::open_memory(har, "test");
  if (!r) throw std::runtime_error(r.error().message);
  d.reader = std::move(*r);
  if (!d.reader->next(d.e).value()) throw std::runtime_error("no entry");
  d.out = decode_hit(d.e, signature(sig_id));
  return d;
}

inline const field& at(const decoded& d, std::string_view name) {
  for (const auto& f : d.fields) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no field " << name;
  static const field none{};
  return none;
}

inline field_kind kind(const decoded& d, std::string_view name) { return at(d, name).kind; }

using events = std::vector<std::string>;
using k = field_kind;
inline const std::string k_sha256 =
    "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

}  // namespace harfact::decode::vendor_test
