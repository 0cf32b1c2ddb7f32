// Shared by the timeline tests: the database, matcher and public suffix list
// loaded once, and a reconstruct() on a team HAR.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "harfact/net/public_suffix.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "harfact/timeline/timeline.hpp"
#include "test_support.hpp"

namespace harfact::timeline::test_support {

struct fixture {
  fixture() {
    auto loaded = sig::database::load(std::filesystem::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  result run(const std::filesystem::path& file) const { return reconstruct(file, *m, *psl); }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

inline const fixture& f() {
  static const fixture instance;
  return instance;
}

inline std::filesystem::path scenario(std::string_view name) {
  return harfact::test::testdata("scenarios") / std::string(name);
}

}  // namespace harfact::timeline::test_support
