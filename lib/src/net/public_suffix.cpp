#include "harfact/net/public_suffix.hpp"

#include <fmt/format.h>
#include <libpsl.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>

#include "harfact/io/sha256.hpp"
#include "harfact/net/url.hpp"

namespace harfact::net {

namespace {

constexpr const char* k_system_list = "/usr/share/publicsuffix/public_suffix_list.dat";
constexpr const char* k_builtin_source = "libpsl-builtin";
// The real list is about 250 KB; anything far larger is not a suffix list.
constexpr std::size_t k_max_list_bytes = 64u << 20;

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

location where_file(const std::filesystem::path& path) {
  location loc;
  loc.file = path.string();
  return loc;
}

// Reads the whole list, so that the bytes hashed are exactly the bytes parsed.
result<std::string> read_list(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(errc::io_open,
                      fmt::format("cannot open public suffix list '{}': is a directory", name),
                      where_file(path), "pass the path of a public_suffix_list.dat file");
  }
  file_ptr f(std::fopen(name.c_str(), "rb"));
  if (!f) {
    const int err = errno;
    return make_error(errc::io_open,
                      fmt::format("cannot open public suffix list '{}': {}", name, errno_text(err)),
                      where_file(path),
                      "check the path, or omit it to use the system list (Debian package "
                      "publicsuffix)");
  }
  std::string data;
  char buf[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    data.append(buf, n);
    if (data.size() > k_max_list_bytes) {
      return make_error(
          errc::too_large,
          fmt::format("public suffix list '{}' is larger than {} bytes", name, k_max_list_bytes),
          where_file(path));
    }
    if (n < sizeof buf) break;
  }
  if (std::ferror(f.get()) != 0) {
    const int err = errno;
    return make_error(errc::io_read,
                      fmt::format("cannot read public suffix list '{}': {}", name, errno_text(err)),
                      where_file(path));
  }
  return data;
}

}  // namespace

struct public_suffix::impl {
  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl() {
    if (owned != nullptr) psl_free(owned);
  }

  // Lookups only read the context (libpsl binary-searches its sorted rules),
  // and nothing here changes after load(), so const calls need no locking.
  const psl_ctx_t* ctx = nullptr;
  psl_ctx_t* owned = nullptr;  // null for the built-in list, which is static
  std::string source;
  std::string sha256;
};

public_suffix::public_suffix() : impl_(std::make_unique<impl>()) {}
public_suffix::public_suffix(public_suffix&&) noexcept = default;
public_suffix& public_suffix::operator=(public_suffix&&) noexcept = default;
public_suffix::~public_suffix() = default;

result<public_suffix> public_suffix::load(const std::filesystem::path& path) {
  std::filesystem::path chosen = path;
  if (chosen.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(k_system_list, ec)) {
      chosen = k_system_list;
    } else {
      const psl_ctx_t* builtin = psl_builtin();
      if (builtin == nullptr) {
        return make_error(errc::io_open,
                          fmt::format("no public suffix list: '{}' does not exist and this libpsl "
                                      "has no built-in list",
                                      k_system_list),
                          where_file(k_system_list),
                          "install the Debian package publicsuffix or pass a list file");
      }
      public_suffix ps;
      ps.impl_->ctx = builtin;
      ps.impl_->source = k_builtin_source;
      ps.impl_->sha256 =
          io::to_hex(io::sha256::of(fmt::format("{}:{}", k_builtin_source, psl_builtin_sha1sum())));
      return ps;
    }
  }

  auto bytes = read_list(chosen);
  if (!bytes) return std::move(bytes).error();
  std::string& data = *bytes;
  if (data.empty()) {
    return make_error(errc::empty_input,
                      fmt::format("public suffix list '{}' is empty", chosen.string()),
                      where_file(chosen));
  }

  // psl_load_fp on an in-memory stream (rather than psl_load_file) parses the
  // very bytes that were hashed, even if the file changes meanwhile.
  psl_ctx_t* ctx = nullptr;
  {
    file_ptr mem(fmemopen(data.data(), data.size(), "r"));
    if (!mem) {
      const int err = errno;
      return make_error(errc::internal,
                        fmt::format("cannot read public suffix list '{}' from memory: {}",
                                    chosen.string(), errno_text(err)),
                        where_file(chosen));
    }
    ctx = psl_load_fp(mem.get());
  }
  if (ctx == nullptr) {
    return make_error(
        errc::unsupported_format,
        fmt::format("'{}' is not a public suffix list libpsl can load", chosen.string()),
        where_file(chosen), "pass public_suffix_list.dat (text) or a libpsl DAFSA file");
  }

  public_suffix ps;
  ps.impl_->ctx = ctx;
  ps.impl_->owned = ctx;
  ps.impl_->source = chosen.string();
  ps.impl_->sha256 = io::to_hex(io::sha256::of(data));
  return ps;
}

std::string public_suffix::registrable_domain(std::string_view host) const {
  std::string h = normalize_host(host);
  // libpsl reads C strings: an embedded NUL would cut the host short.
  if (h.empty() || is_ip_literal(h) || h.find('\0') != std::string::npos) return h;
  // psl_registrable_domain returns a pointer into `h`, or null for a public
  // suffix (including unlisted single labels such as "localhost").
  const char* rd = psl_registrable_domain(impl_->ctx, h.c_str());
  if (rd == nullptr || rd == h.c_str()) return h;
  return std::string(rd);
}

bool public_suffix::same_site(std::string_view host_a, std::string_view host_b) const {
  const std::string a = registrable_domain(host_a);
  return !a.empty() && a == registrable_domain(host_b);
}

const std::string& public_suffix::source() const noexcept { return impl_->source; }
const std::string& public_suffix::sha256() const noexcept { return impl_->sha256; }

}  // namespace harfact::net
