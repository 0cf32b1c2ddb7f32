// Benchmark: classification throughput. Reads every request of a capture into
// memory first, then times, on this thread, what `harfact trackers` does per
// request: the signature matcher, and for requests no signature matched the
// broad lists (EasyPrivacy and EasyList from Debian's uBlock Origin package
// when installed, or --list FILE; --no-lists for the matcher alone).
//
// usage: bench_classify [--signatures DIR] [--list FILE]... [--no-lists] FILE.har
//   prints: requests=N signatures=S lists=L db_load_ms=.. list_load_ms=.. seconds=..
//           ns_per_request=.. matched=.. list_blocked=..
//   list_load_ms: reading, parsing and indexing the lists (build() and the wait for it).
// bench_classify --print-default-lists: the default lists' paths, one a line.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "harfact/har/reader.hpp"
#include "harfact/sig/filter_list.hpp"
#include "harfact/sig/matcher.hpp"

int main(int argc, char** argv) {
  using namespace harfact;
  std::string dir = sig::database::default_dir().string();
  std::string file;
  std::vector<std::filesystem::path> list_paths = sig::filter_engine::default_list_paths();
  bool explicit_lists = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--signatures" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--list" && i + 1 < argc) {
      if (!explicit_lists) list_paths.clear();
      explicit_lists = true;
      list_paths.emplace_back(argv[++i]);
    } else if (a == "--print-default-lists") {
      for (const auto& p : list_paths) fmt::print("{}\n", p.string());
      return 0;
    } else if (a == "--no-lists") {
      list_paths.clear();
      explicit_lists = true;
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
  const auto f0 = clock::now();
  sig::filter_engine lists;
  for (const auto& p : list_paths) {
    if (auto added = lists.add_file(p); !added) {
      fmt::print(stderr, "{}\n", added.error().message);
      return 1;
    }
  }
  lists.build();
  (void)lists.lists();  // build() indexes on a thread of its own: wait for it
  const double list_ms = std::chrono::duration<double, std::milli>(clock::now() - f0).count();

  struct request {
    std::string url, method;
    sig::request_type type;
  };
  std::vector<request> requests;
  auto r = har::reader::open(file);
  if (!r) {
    fmt::print(stderr, "{}\n", r.error().message);
    return 1;
  }
  har::entry e;
  while (true) {
    auto more = (*r)->next(e);
    if (!more || !*more) break;
    requests.push_back(
        request{std::string(e.str(e.request.url)), std::string(e.str(e.request.method)),
                sig::infer_request_type(e.str(e.resource_type), e.str(e.response.content.mime_type),
                                        e.str(e.initiator.type))});
  }
  std::vector<sig::match> found;
  std::size_t matched = 0;
  std::size_t blocked = 0;
  const bool use_lists = !list_paths.empty();
  const auto t0 = clock::now();
  for (const auto& q : requests) {
    m.find(q.url, q.method, found);
    if (!found.empty()) {
      ++matched;
    } else if (use_lists &&
               lists.blocks(sig::filter_request{q.url, "bench.example", q.type, true})) {
      ++blocked;
    }
  }
  const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
  fmt::print(
      "requests={} signatures={} lists={} db_load_ms={:.2f} list_load_ms={:.1f} "
      "seconds={:.4f} ns_per_request={:.1f} matched={} list_blocked={}\n",
      requests.size(), db->signatures().size(), list_paths.size(), load_ms, list_ms, seconds,
      seconds * 1e9 / static_cast<double>(requests.size()), matched, blocked);
  return 0;
}
