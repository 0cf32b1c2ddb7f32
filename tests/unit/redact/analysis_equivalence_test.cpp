// The key property of a redacted copy: analysing it gives the same vendors,
// hits (entry indexes), consent transitions and findings as the original, on
// the team's scenarios and, when present, on the shared corpus; and verify
// finds nothing on the copy it does not find on the original.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "harfact/check/verify.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/redact/redact.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "harfact/timeline/timeline.hpp"
#include "test_support.hpp"

namespace harfact::redact {
namespace {

namespace fs = std::filesystem;

struct fixture {
  fixture() {
    auto loaded = sig::database::load(fs::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

const fixture& f() {
  static const fixture instance;
  return instance;
}

// What must not change: vendors and their hits, transitions, findings.
std::string facts(const timeline::result& r) {
  std::ostringstream out;
  out << "requests " << r.requests << " gpc " << r.gpc_requests << " region " << r.region << '\n';
  for (const auto& h : r.trackers.hits) {
    out << "hit " << h.entry << ' ' << (h.vendor ? h.vendor->vendor_id : "") << ' '
        << (h.sig ? h.sig->ref() : "") << '\n';
  }
  for (const auto& t : r.transitions) {
    out << "state " << timeline::state_name(t.state) << " at "
        << (t.entry ? std::to_string(*t.entry) : "-") << " gpc " << t.gpc << '\n';
  }
  for (const auto& a : r.hits) {
    out << "annotated " << a.hit << ' ' << timeline::position_name(a.position) << ' '
        << a.restrictions.size() << ' ' << a.chain.size() << '\n';
  }
  for (const auto& fi : r.findings) {
    out << "finding " << timeline::finding_kind_name(fi.kind) << ' ' << fi.vendor_id << ' '
        << timeline::severity_name(fi.severity);
    for (const auto e : fi.entries) out << ' ' << e;
    out << '\n';
  }
  return out.str();
}

std::string statuses(const check::verify_result& r) {
  std::string out;
  for (const auto& c : r.checks)
    out += c.id + "=" + std::string(check::status_name(c.status)) + "\n";
  return out;
}

// Redacts `file` into `dir` and compares the analyses. Returns false when the
// original cannot be read (nothing to compare).
bool same_analysis(const fs::path& file, const test::temp_dir& dir) {
  const auto& fx = f();
  options o;
  o.key = "equivalence";
  auto r = redact_file(file, o, fx.m.get());
  if (!r) return false;
  const fs::path copy = dir / (file.filename().string() + ".redacted.har");
  test::write_file(copy, r->har);
  // verify() reconstructs the timeline too: one pass gives both.
  check::verify_options vo;
  vo.now_us = std::int64_t{1780272000} * 1000000;  // fixed "now": 2026-06-01
  const check::verify_result before = check::verify(file, *fx.m, *fx.psl, {}, nullptr, vo);
  const check::verify_result after = check::verify(copy, *fx.m, *fx.psl, {}, nullptr, vo);
  EXPECT_TRUE(after.timeline.trackers.capture.opened) << file;
  EXPECT_EQ(facts(after.timeline), facts(before.timeline)) << file;
  // The copy shows no sign of editing, or any other integrity problem, that
  // the original does not.
  EXPECT_EQ(statuses(after), statuses(before)) << file;
  // Redacting again changes nothing.
  auto again = redact_file(copy, o, fx.m.get());
  EXPECT_TRUE(again.ok()) << file;
  if (again) {
    const auto diff =
        std::mismatch(again->har.begin(), again->har.end(), r->har.begin(), r->har.end());
    EXPECT_TRUE(again->har == r->har)
        << file << ": differs at byte " << (diff.first - again->har.begin()) << ": "
        << std::string(diff.first, again->har.end()).substr(0, 120);
    EXPECT_TRUE(again->changes.empty()) << file << ": " << again->changes.size()
                                        << " changes, first " << again->changes.front().pointer;
  }
  return true;
}

TEST(RedactEquivalence, Scenarios) {
  test::temp_dir dir;
  std::size_t n = 0;
  for (const auto& item : fs::directory_iterator(test::testdata("scenarios"))) {
    if (item.path().extension() != ".har") continue;
    SCOPED_TRACE(item.path().filename().string());
    EXPECT_TRUE(same_analysis(item.path(), dir));
    ++n;
  }
  EXPECT_EQ(n, 13U);
}

TEST(RedactEquivalence, ScenariosLoseTheirSecrets) {
  // The scenario captures carry identifier cookies: each copy masks some.
  const auto& fx = f();
  options o;
  auto r = redact_file(test::testdata("scenarios") / "accept_then_fire.har", o, fx.m.get());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changes.empty());
}

TEST(RedactEquivalence, Corpus) {
  const auto corpus = test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "no corpus (set HARFACT_CORPUS)";
  test::temp_dir dir;
  std::size_t compared = 0;
  for (const auto& item : fs::recursive_directory_iterator(*corpus)) {
    if (!item.is_regular_file()) continue;
    const auto ext = item.path().extension().string();
    if (ext != ".har" && ext != ".json" && ext != ".xml" && ext != ".gz") continue;
    if (item.path().string().find("jsontestsuite") != std::string::npos) continue;
    SCOPED_TRACE(item.path().string());
    if (same_analysis(item.path(), dir)) ++compared;
  }
  EXPECT_GT(compared, 0U);
}

}  // namespace
}  // namespace harfact::redact
