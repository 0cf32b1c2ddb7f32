// Shared by the verify tests: the database, matcher and public suffix list
// loaded once, verify() with a fixed "now", and lookups into a result.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harfact/check/verify.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "test_support.hpp"

namespace harfact::check::test_support {

/// The instant the golden cases use (--now 2026-06-01T00:00:00Z).
inline std::int64_t fixed_now() { return har::parse_timestamp("2026-06-01T00:00:00Z")->us; }

struct fixture {
  fixture() {
    auto loaded = sig::database::load(std::filesystem::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  verify_result run(const std::filesystem::path& file) const {
    verify_options o;
    o.now_us = fixed_now();
    return verify(file, *m, *psl, {}, nullptr, o);
  }
  report::envelope envelope_for(const verify_result& r) const {
    report::envelope env;
    env.inputs = report::inspect_inputs({r.timeline.trackers.capture});
    report::describe_database(env, *db);
    env.public_suffix_sha256 = psl->sha256();
    return env;
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

inline const fixture& f() {
  static const fixture instance;
  return instance;
}

inline std::filesystem::path verify_file(std::string_view name) {
  return harfact::test::testdata("verify") / std::string(name);
}

inline std::filesystem::path scenario(std::string_view name) {
  return harfact::test::testdata("scenarios") / std::string(name);
}

/// The check with this id; throws when absent (every check is always present).
inline const integrity_check& check_of(const verify_result& r, std::string_view id) {
  const integrity_check* c = find_check(r, id);
  if (c == nullptr) throw std::runtime_error("no check " + std::string(id));
  return *c;
}

/// True when some evidence item names `entry` and its detail contains `text`.
inline bool has_evidence(const integrity_check& c, std::optional<std::uint64_t> entry,
                         std::string_view text) {
  for (const auto& e : c.evidence) {
    if ((!entry || e.entry == entry) && e.detail.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace harfact::check::test_support
