// Shared by the allegations tests: the database, matcher and public suffix
// list loaded once; an exhibit's timeline wrapped as a verify_result (check
// reads only the timeline); the claims files of testdata/allegations.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harfact/check/allegations.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "harfact/timeline/timeline.hpp"
#include "test_support.hpp"

namespace harfact::check::allegations_test {

struct fixture {
  fixture() {
    auto loaded = sig::database::load(std::filesystem::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  verify_result exhibit(const std::filesystem::path& file) const {
    verify_result r;
    r.timeline = timeline::reconstruct(file, *m, *psl);
    return r;
  }
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

inline std::filesystem::path claims_file(std::string_view name) {
  return harfact::test::testdata("allegations") / std::string(name);
}

/// The claims of testdata/allegations/NAME; fails the test when they do not load.
inline std::vector<claim> claims_of(std::string_view name) {
  auto c = load_claims(claims_file(name));
  if (!c) {
    ADD_FAILURE() << name << ": " << c.error().message << " at " << c.error().where.json_pointer;
    return {};
  }
  return std::move(*c);
}

/// One claim, built in code.
inline claim make_claim(std::string id, std::string vendor, claim_kind kind,
                        std::string field = {}) {
  claim c;
  c.id = std::move(id);
  c.text = "claim " + c.id;
  c.vendor_id = std::move(vendor);
  c.kind = kind;
  c.field = std::move(field);
  return c;
}

/// Judges one claim against an exhibit.
inline claim_result judge(const claim& c, const verify_result& exhibit) {
  auto r = check_claims({c}, exhibit, f().db.get());
  return r.front();
}

}  // namespace harfact::check::allegations_test
