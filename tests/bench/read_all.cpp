// bench_read_all: reads every field of every entry of one HAR with harfact's
// streaming reader and prints one line of key=value pairs:
//
//   file_bytes=N entries=N seconds=S gb_per_s=G checksum=HEX sha256=HEX status=NAME
//
// `seconds` is wall time (steady_clock) from reader::open() to after the last
// next() and reader.finish(), so it includes mapping the file and SHA-256.
// The checksum folds in (sizes of) every modelled field so that the work of
// filling the model cannot be optimised away and so that two runs can be
// compared.
//
// usage: bench_read_all [--inline-hash | --no-hash] [--window BYTES] FILE.har
//   --inline-hash  reader_options.background_hash = false (hash on this thread)
//   --no-hash      reader_options.hash = false (parsing alone, for comparison)
//   --window N     reader_options.window_bytes = N (0: keep the whole file mapped)
#include <fmt/core.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "harfact/core/result.hpp"
#include "harfact/har/model.hpp"
#include "harfact/har/reader.hpp"

namespace {

namespace har = harfact::har;

// A cheap, order-sensitive 64-bit mix (splitmix64 finaliser over a running sum).
class checksum {
 public:
  void add(std::uint64_t v) noexcept {
    state_ += v + 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    state_ = z ^ (z >> 31);
  }
  void add(const har::text& t) noexcept {
    add((static_cast<std::uint64_t>(t.raw.size()) << 8) | t.flags);
  }
  void add(std::string_view s) noexcept { add(static_cast<std::uint64_t>(s.size())); }
  void add(const std::optional<std::int64_t>& v) noexcept {
    add(v ? static_cast<std::uint64_t>(*v) : 0xfeedfacecafebeefULL);
  }
  void add(const std::optional<double>& v) noexcept {
    add(v ? std::bit_cast<std::uint64_t>(*v) : 0xfeedfacecafebeefULL);
  }
  void add(const std::optional<bool>& v) noexcept { add(std::uint64_t{v ? (*v ? 1U : 2U) : 3U}); }
  std::uint64_t value() const noexcept { return state_; }

 private:
  std::uint64_t state_ = 0;
};

void add_name_values(checksum& c, const std::vector<har::name_value>& list) {
  c.add(static_cast<std::uint64_t>(list.size()));
  for (const auto& nv : list) {
    c.add(nv.name);
    c.add(nv.value);
    c.add(nv.comment);
  }
}

void add_cookies(checksum& c, const std::vector<har::cookie>& list) {
  c.add(static_cast<std::uint64_t>(list.size()));
  for (const auto& k : list) {
    c.add(k.name);
    c.add(k.value);
    c.add(k.path);
    c.add(k.domain);
    c.add(k.expires);
    c.add(k.comment);
    c.add(k.http_only);
    c.add(k.secure);
    c.add(k.same_site);
  }
}

void add_cache_item(checksum& c, const har::cache_item& item) {
  c.add(std::uint64_t{item.present ? 1U : 0U});
  c.add(item.expires);
  c.add(item.last_access);
  c.add(item.etag);
  c.add(item.comment);
  c.add(item.hit_count);
}

void add_entry(checksum& c, const har::entry& e) {
  c.add(e.index);
  c.add(e.offset);
  c.add(e.raw_json);
  c.add(e.pageref);
  c.add(e.started_text);
  c.add(static_cast<std::uint64_t>(e.started.us));
  c.add(static_cast<std::uint64_t>(e.started.valid ? 1U : 0U));
  c.add(e.time);

  const har::request& rq = e.request;
  c.add(rq.method);
  c.add(rq.url);
  c.add(rq.http_version);
  c.add(rq.comment);
  add_cookies(c, rq.cookies);
  add_name_values(c, rq.headers);
  add_name_values(c, rq.query_string);
  c.add(std::uint64_t{rq.post.present ? 1U : 0U});
  c.add(rq.post.mime_type);
  c.add(rq.post.body);
  c.add(rq.post.comment);
  c.add(rq.post.encoding);
  c.add(static_cast<std::uint64_t>(rq.post.params.size()));
  for (const auto& p : rq.post.params) {
    c.add(p.name);
    c.add(p.value);
    c.add(p.file_name);
    c.add(p.content_type);
    c.add(p.comment);
  }
  c.add(rq.headers_size);
  c.add(rq.body_size);

  const har::response& rs = e.response;
  c.add(rs.status);
  c.add(rs.status_text);
  c.add(rs.http_version);
  c.add(rs.redirect_url);
  c.add(rs.comment);
  add_cookies(c, rs.cookies);
  add_name_values(c, rs.headers);
  c.add(rs.content.size);
  c.add(rs.content.compression);
  c.add(rs.content.mime_type);
  c.add(rs.content.body);
  c.add(rs.content.encoding);
  c.add(rs.content.comment);
  c.add(rs.headers_size);
  c.add(rs.body_size);
  c.add(rs.transfer_size);
  c.add(rs.error);
  c.add(rs.fetched_via_service_worker);

  add_cache_item(c, e.cache.before_request);
  add_cache_item(c, e.cache.after_request);
  c.add(e.cache.comment);

  const har::timings& t = e.timings;
  c.add(t.blocked);
  c.add(t.dns);
  c.add(t.connect);
  c.add(t.send);
  c.add(t.wait);
  c.add(t.receive);
  c.add(t.ssl);
  c.add(t.comment);

  c.add(e.server_ip_address);
  c.add(e.connection);
  c.add(e.comment);

  const har::initiator& in = e.initiator;
  c.add(std::uint64_t{in.present ? 1U : 0U});
  c.add(in.type);
  c.add(in.url);
  c.add(in.request_id);
  c.add(in.line_number);
  c.add(in.column_number);
  c.add(static_cast<std::uint64_t>(static_cast<std::int64_t>(in.stack)));
  c.add(static_cast<std::uint64_t>(e.stacks.size()));
  for (const auto& s : e.stacks) {
    c.add(s.description);
    c.add(s.parent_id);
    c.add(std::uint64_t{s.first_frame});
    c.add(std::uint64_t{s.frame_count});
    c.add(static_cast<std::uint64_t>(static_cast<std::int64_t>(s.parent)));
  }
  c.add(static_cast<std::uint64_t>(e.call_frames.size()));
  for (const auto& f : e.call_frames) {
    c.add(f.function_name);
    c.add(f.script_id);
    c.add(f.url);
    c.add(f.line_number);
    c.add(f.column_number);
  }

  c.add(e.resource_type);
  c.add(e.priority);
  c.add(e.from_cache);
  c.add(e.from_cache_flag);
  c.add(e.from_service_worker);

  c.add(static_cast<std::uint64_t>(e.websocket_messages.size()));
  for (const auto& m : e.websocket_messages) {
    c.add(m.type);
    c.add(m.time);
    c.add(m.opcode);
    c.add(m.data);
  }

  const har::security_details& sd = e.security_details;
  c.add(std::uint64_t{sd.present ? 1U : 0U});
  c.add(sd.protocol);
  c.add(sd.key_exchange);
  c.add(sd.key_exchange_group);
  c.add(sd.cipher);
  c.add(sd.mac);
  c.add(sd.subject_name);
  c.add(sd.issuer);
  c.add(sd.certificate_id);
  c.add(sd.valid_from);
  c.add(sd.valid_to);
  c.add(static_cast<std::uint64_t>(sd.san_list.size()));
  for (const auto& san : sd.san_list) c.add(san);
  c.add(sd.raw_json);

  c.add(static_cast<std::uint64_t>(e.extras.size()));
}

int usage() {
  std::fputs("usage: bench_read_all [--inline-hash | --no-hash] [--window BYTES] FILE.har\n",
             stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  har::reader_options options;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--inline-hash") {
      options.background_hash = false;
    } else if (arg == "--no-hash") {
      options.hash = false;
    } else if (arg == "--window" && i + 1 < argc) {
      options.window_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "-h" || arg == "--help") {
      usage();
      return 0;
    } else if (!arg.empty() && arg.front() == '-' && arg != "-") {
      fmt::print(stderr, "bench_read_all: unknown option {}\n", arg);
      return usage();
    } else if (path.empty()) {
      path = arg;
    } else {
      return usage();
    }
  }
  if (path.empty()) return usage();

  std::error_code ec;
  const std::uintmax_t file_bytes = std::filesystem::file_size(path, ec);
  if (ec) {
    fmt::print(stderr, "bench_read_all: {}: {}\n", path, ec.message());
    return 1;
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto opened = har::reader::open(path, options);
  if (!opened) {
    const harfact::error& err = opened.error();
    fmt::print(stderr, "bench_read_all: open failed: {} ({}): {}\n", err.message,
               harfact::errc_name(err.code), harfact::describe(err.where));
    return 1;
  }
  har::reader& reader = **opened;

  checksum sum;
  har::entry entry;
  std::uint64_t entries = 0;
  while (true) {
    auto more = reader.next(entry);
    if (!more) {
      const harfact::error& err = more.error();
      fmt::print(stderr, "bench_read_all: read failed after {} entries: {} ({}): {}\n", entries,
                 err.message, harfact::errc_name(err.code), harfact::describe(err.where));
      return 1;
    }
    if (!*more) break;
    add_entry(sum, entry);
    ++entries;
  }
  reader.finish();
  const auto t1 = std::chrono::steady_clock::now();

  const har::read_summary& summary = reader.summary();
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  const double gb_per_s = static_cast<double>(file_bytes) / seconds / 1e9;
  fmt::print(
      "file_bytes={} entries={} seconds={:.6f} gb_per_s={:.4f} checksum={:016x} "
      "sha256={} status={}\n",
      file_bytes, entries, seconds, gb_per_s, sum.value(), summary.sha256,
      har::read_status_name(summary.status));
  return 0;
}
