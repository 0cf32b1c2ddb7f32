// bench_bare_walk: the reference for bench_read_all. A bare simdjson On-Demand
// walk over the whole file as ONE document: log.entries and, per entry,
// request.url (get_string, unescaped) and every request header's name and value
// (get_raw_json_string: validated as strings, not unescaped). Nothing else is
// visited, so this is about the least work simdjson can do to "read" the
// entries. Prints one line of key=value pairs:
//
//   file_bytes=N entries=N seconds=S gb_per_s=G checksum=HEX
//
// `seconds` is wall time (steady_clock) from padded_string::load to the end of
// the walk (load included, as bench_read_all includes mapping the file).
//
// usage: bench_bare_walk FILE.har
#include <fmt/core.h>
#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace {

namespace od = simdjson::ondemand;

class checksum {
 public:
  void add(std::uint64_t v) noexcept {
    state_ += v + 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    state_ = z ^ (z >> 31);
  }
  std::uint64_t value() const noexcept { return state_; }

 private:
  std::uint64_t state_ = 0;
};

int fail(std::string_view what, simdjson::error_code err, std::uint64_t entries) {
  fmt::print(stderr, "bench_bare_walk: {} failed after {} entries: {}\n", what, entries,
             simdjson::error_message(err));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: bench_bare_walk FILE.har\n", stderr);
    return 2;
  }
  const char* path = argv[1];

  const auto t0 = std::chrono::steady_clock::now();
  simdjson::padded_string json;
  if (auto err = simdjson::padded_string::load(path).get(json); err) {
    fmt::print(stderr, "bench_bare_walk: {}: {}\n", path, simdjson::error_message(err));
    return 1;
  }
  // simdjson 3.0.1 does not skip a UTF-8 byte order mark: start after it.
  const std::size_t bom = std::string_view(json).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const simdjson::padded_string_view text(json.data() + bom, json.size() - bom,
                                          json.size() - bom + simdjson::SIMDJSON_PADDING);
  const char* const base = json.data();

  od::parser parser;
  od::document doc;
  std::uint64_t entries = 0;
  checksum sum;
  if (auto err = parser.iterate(text).get(doc); err) return fail("iterate", err, entries);
  od::array list;
  if (auto err = doc["log"]["entries"].get_array().get(list); err) {
    return fail("log.entries", err, entries);
  }
  for (auto element : list) {
    od::object entry;
    if (auto err = element.get_object().get(entry); err) return fail("entry", err, entries);
    od::object request;
    if (auto err = entry["request"].get_object().get(request); err) {
      return fail("request", err, entries);
    }
    std::string_view url;
    auto err = request["url"].get_string().get(url);
    if (err && err != simdjson::NO_SUCH_FIELD) return fail("url", err, entries);
    sum.add(static_cast<std::uint64_t>(url.size()));

    od::array headers;
    err = request["headers"].get_array().get(headers);
    if (err == simdjson::NO_SUCH_FIELD) {
      ++entries;
      continue;
    }
    if (err) return fail("request.headers", err, entries);
    for (auto h : headers) {
      od::object header;
      if (auto e2 = h.get_object().get(header); e2) return fail("header", e2, entries);
      simdjson::ondemand::raw_json_string name;
      simdjson::ondemand::raw_json_string value;
      if (auto e2 = header["name"].get_raw_json_string().get(name); e2) {
        return fail("header name", e2, entries);
      }
      if (auto e2 = header["value"].get_raw_json_string().get(value); e2) {
        return fail("header value", e2, entries);
      }
      sum.add(static_cast<std::uint64_t>(name.raw() - base));
      sum.add(static_cast<std::uint64_t>(value.raw() - base));
    }
    ++entries;
  }
  const auto t1 = std::chrono::steady_clock::now();

  const std::uint64_t file_bytes = json.size();
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  const double gb_per_s = static_cast<double>(file_bytes) / seconds / 1e9;
  fmt::print("file_bytes={} entries={} seconds={:.6f} gb_per_s={:.4f} checksum={:016x}\n",
             file_bytes, entries, seconds, gb_per_s, sum.value());
  return 0;
}
