// Fuzz target: the signature loader. The input is one vendor file's JSON text.
//
// sig::database::load reads a directory (MANIFEST.json and the files it lists)
// and has no parse-from-memory entry point, so each input is written as the
// one vendor file of a database in this process's scratch directory (the
// manifest is written once). What loads is then checked (`signatures check`)
// and its matcher built and run on every sample, as `harfact trackers` would.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "harfact/sig/check.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"

using namespace harfact;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto dir = [] {
    const auto d = fuzz::scratch_dir() / "signatures";
    std::filesystem::create_directories(d);
    // check_database reads the schemas again from the database's directory.
    std::filesystem::copy(std::string(HARFACT_SOURCE_DIR) + "/signatures/schema", d / "schema",
                          std::filesystem::copy_options::recursive);
    fuzz::write_file(d / "MANIFEST.json",
                     R"({"format_version": 1, "db_version": "2026.01.01.1",)"
                     R"( "files": ["vendor.json"], "retired_ids": ["retired.old"]})");
    return d;
  }();
  fuzz::write_file(dir / "vendor.json", fuzz::as_view(data, size));
  auto db = sig::database::load(dir);
  if (!db) return 0;
  static volatile std::size_t sink = 0;
  const auto report = sig::check_database(*db);
  sink = sink + report.problems.size();
  const sig::matcher m(*db);
  std::vector<sig::match> found;
  for (const auto& s : db->signatures()) {
    for (const auto* samples : {&s.match_samples, &s.no_match_samples}) {
      for (const auto& sample : *samples) {
        m.find(sample.url, sample.method, found);
        sink = sink + found.size() + (m.matches(s, sample.url, sample.method) ? 1U : 0U);
      }
    }
  }
  return 0;
}
