// Benchmark: signature classification throughput. Reads every request of a
// capture into memory first (URLs and methods), then times the matcher alone
// over them, on this thread.
//
// usage: bench_classify [--signatures DIR] FILE.har
//   prints: requests=N load_ms=L seconds=S ns_per_request=X matched=M
#include <fmt/format.h>

#include <chrono>
#include <string>
#include <vector>

#include "harfact/har/reader.hpp"
#include "harfact/sig/matcher.hpp"

int main(int argc, char** argv) {
  using namespace harfact;
  std::string dir = sig::database::default_dir().string();
  std::string file;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--signatures" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      file = a;
    }
  }
  if (file.empty()) {
    fmt::print(stderr, "usage: bench_classify [--signatures DIR] FILE.har\n");
    return 2;
  }
  using clock = std::chrono::steady_clock;
  const auto l0 = clock::now();
  auto db = sig::database::load(dir);
  if (!db) {
    fmt::print(stderr, "{}\n", db.error().message);
    return 1;
  }
  const sig::matcher m(*db);
  const double load_ms = std::chrono::duration<double, std::milli>(clock::now() - l0).count();

  std::vector<std::pair<std::string, std::string>> requests;
  auto r = har::reader::open(file);
  if (!r) {
    fmt::print(stderr, "{}\n", r.error().message);
    return 1;
  }
  har::entry e;
  while (true) {
    auto more = (*r)->next(e);
    if (!more || !*more) break;
    requests.emplace_back(e.str(e.request.url), e.str(e.request.method));
  }
  std::vector<sig::match> found;
  std::size_t matched = 0;
  const auto t0 = clock::now();
  for (const auto& [url, method] : requests) {
    m.find(url, method, found);
    matched += found.empty() ? 0 : 1;
  }
  const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
  fmt::print("requests={} signatures={} load_ms={:.2f} seconds={:.4f} ns_per_request={:.1f} "
             "matched={}\n",
             requests.size(), db->signatures().size(), load_ms, seconds,
             seconds * 1e9 / static_cast<double>(requests.size()), matched);
  return 0;
}
