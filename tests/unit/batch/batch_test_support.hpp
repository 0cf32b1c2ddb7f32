// Shared by the batch tests: the databases loaded once, capture trees built in
// temporary directories, and the summary lines read back.
#pragma once

#include <simdjson.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "harfact/batch/batch.hpp"
#include "harfact/report/trackers_report.hpp"
#include "harfact/sig/database.hpp"
#include "test_support.hpp"

namespace harfact::batch::test_support {

namespace fs = std::filesystem;

struct fixture {
  fixture() {
    auto loaded = sig::database::load(fs::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  /// The databases without broad lists.
  databases dbs() const {
    databases d;
    d.matcher = m.get();
    d.psl = psl.get();
    report::describe_database(d.description, *db);
    d.description.public_suffix_sha256 = psl->sha256();
    return d;
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

inline const fixture& f() {
  static const fixture instance;
  return instance;
}

/// `n` distinct captures under `dir` in five subfolders: copies of the
/// scenario captures, each with its own number of trailing newlines (so each
/// has its own SHA-256). Returns the relative paths in collect() order.
inline std::vector<std::string> make_tree(const fs::path& dir, int n) {
  static const char* const k_sources[] = {"no_cmp.har", "gpc_ignored.har", "accept_then_fire.har",
                                          "reject_then_fire.har", "sanitized_export.har"};
  std::vector<std::string> rel;
  for (int i = 0; i < n; ++i) {
    const std::string text =
        harfact::test::read_file(harfact::test::testdata("scenarios") / k_sources[i % 5]);
    const std::string r = "d" + std::to_string(i % 5) + "/c" + std::to_string(1000 + i) + ".har";
    harfact::test::write_file(dir / r, text + std::string(static_cast<std::size_t>(i + 1), '\n'));
    rel.push_back(r);
  }
  std::sort(rel.begin(), rel.end());
  return rel;
}

/// The lines of a file (without their newlines); every line must end with one.
inline std::vector<std::string> lines_of(const fs::path& file) {
  const std::string text = harfact::test::read_file(file);
  if (!text.empty() && text.back() != '\n')
    throw std::runtime_error("last line cut: " + file.string());
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

/// One member of a JSON line, as text ("" when absent).
inline std::string member(const std::string& json, const char* pointer) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(json).get(doc) != simdjson::SUCCESS) throw std::runtime_error("not JSON: " + json);
  simdjson::dom::element e;
  if (doc.at_pointer(pointer).get(e) != simdjson::SUCCESS) return "";
  if (e.is_string()) return std::string(e.get_string().value());
  return simdjson::minify(e);
}

/// The files in `dir` (recursively) whose names start with '.'.
inline std::vector<std::string> hidden_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') out.push_back(e.path().string());
  }
  return out;
}

}  // namespace harfact::batch::test_support
