// verify's renderers: JSON valid against lib/schema/verify.schema.json for
// every team capture and every capture of the corpus (skipped when absent),
// the same bytes on every run, text for people, and the checks block other
// reports embed.
#include "harfact/report/verify_report.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>

#include "harfact/report/json_writer.hpp"
#include "json_schema.hpp"
#include "verify_test_support.hpp"

namespace harfact::check {
namespace {

namespace fs = std::filesystem;
using test_support::f;
using test_support::verify_file;

std::string schema() {
  return harfact::test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/verify.schema.json");
}

std::string violations(const std::string& json) {
  std::string out;
  for (const auto& v : harfact::test::validate_json(schema(), json)) out += v + "\n";
  return out;
}

std::vector<fs::path> team_captures() {
  std::vector<fs::path> out;
  for (const char* dir : {"verify", "scenarios", "sample"}) {
    for (const auto& e : fs::directory_iterator(harfact::test::testdata(dir))) {
      if (e.path().extension() == ".har") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(VerifyJson, EveryTeamCaptureIsValidAgainstTheSchema) {
  const auto files = team_captures();
  ASSERT_GE(files.size(), 24u);
  for (const auto& file : files) {
    const verify_result r = f().run(file);
    const std::string json = report::verify_json(r, f().envelope_for(r));
    EXPECT_EQ(violations(json), "") << file;
  }
}

TEST(VerifyJson, TheSchemaListsEveryCheckIdAndStatus) {
  simdjson::dom::parser parser;
  const std::string text = schema();
  const simdjson::dom::element doc = parser.parse(text);
  const simdjson::dom::array ids = doc["$defs"]["check_id"]["enum"];
  std::vector<std::string> listed;
  for (const auto id : ids) listed.emplace_back(std::string_view(id));
  ASSERT_EQ(listed.size(), check_catalog().size());
  for (std::size_t i = 0; i < listed.size(); ++i) EXPECT_EQ(listed[i], check_catalog()[i].id);
  const simdjson::dom::array statuses = doc["$defs"]["status"]["enum"];
  std::vector<std::string> s;
  for (const auto v : statuses) s.emplace_back(std::string_view(v));
  EXPECT_EQ(s, (std::vector<std::string>{"pass", "warn", "fail", "not_applicable"}));
}

TEST(VerifyJson, StructureEvidenceAndTimes) {
  const verify_result r = f().run(verify_file("edited.har"));
  const std::string json = report::verify_json(r, f().envelope_for(r));
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(std::string_view(doc["command"]), "verify");
  EXPECT_EQ(std::string_view(doc["overall"]), "fail");
  EXPECT_EQ(std::string_view(doc["capture"]["exporter"]), "chrome_devtools");
  EXPECT_TRUE(doc["region"]["region"].is_null());  // the geolocation answer was removed
  EXPECT_EQ(std::string_view(doc["region"]["cmps"].at(0)), "onetrust");
  const simdjson::dom::array checks = doc["checks"];
  ASSERT_EQ(checks.size(), check_catalog().size());
  bool found = false;
  for (const auto c : checks) {
    if (std::string_view(c["id"]) != "cookie_arrays") continue;
    found = true;
    EXPECT_EQ(std::string_view(c["status"]), "fail");
    EXPECT_EQ(std::uint64_t(c["count"]), 1u);
    const auto e = c["evidence"].at(0);
    EXPECT_EQ(std::uint64_t(e["entry"]), 7u);
    EXPECT_EQ(std::string_view(e["time"]["time_original"]), "2026-04-07T16:05:12.106Z");
    EXPECT_EQ(std::string_view(e["time"]["time"]), "2026-04-07T16:05:12.106000Z");
  }
  EXPECT_TRUE(found);
}

TEST(VerifyJson, TheSameInputsGiveTheSameBytes) {
  for (const char* name : {"clean.har", "edited.har", "automated.har", "clock.har"}) {
    const verify_result a = f().run(verify_file(name));
    const verify_result b = f().run(verify_file(name));
    EXPECT_EQ(report::verify_json(a, f().envelope_for(a)),
              report::verify_json(b, f().envelope_for(b)))
        << name;
    EXPECT_EQ(report::verify_text(a, f().envelope_for(a)),
              report::verify_text(b, f().envelope_for(b)))
        << name;
  }
}

TEST(VerifyJson, OtherReportsCanEmbedTheChecks) {
  const verify_result r = f().run(verify_file("clean.har"));
  report::json_writer w;
  w.begin_object();
  w.key("integrity").begin_object();
  report::write_integrity_checks(w, r);
  w.end_object();
  w.end_object();
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(w.str());
  EXPECT_EQ(std::string_view(doc["integrity"]["overall"]), "pass");
  EXPECT_EQ(simdjson::dom::array(doc["integrity"]["checks"]).size(), check_catalog().size());
}

TEST(VerifyText, SaysTheOverallStatusAndEveryCheck) {
  const verify_result r = f().run(verify_file("dirty_profile.har"));
  const std::string text = report::verify_text(r, f().envelope_for(r));
  EXPECT_NE(text.find("Overall: WARN ("), std::string::npos) << text;
  for (const auto& c : check_catalog()) {
    EXPECT_NE(text.find(std::string(c.id) + " "), std::string::npos) << c.id;
  }
  EXPECT_NE(text.find("WARN  clean_profile"), std::string::npos);
  EXPECT_NE(text.find("      - entry 0 2026-04-07T16:05:11.204000Z: document request"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Region the consent platform applied: US-CA"), std::string::npos);
}

// Real captures of the shared corpus (third-party exports of many tools): no
// crash, output valid against the schema, and whatever is found is evidenced.
TEST(Corpus, EveryCaptureVerifiesAndValidates) {
  const auto dir = harfact::test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus not present";
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(*dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    const bool har =
        name.find(".har") != std::string::npos || name.find(".zhar") != std::string::npos;
    if (!har) continue;
    const verify_result r = f().run(e.path());
    ++n;
    ASSERT_EQ(r.checks.size(), check_catalog().size()) << e.path();
    for (const auto& c : r.checks) {
      if (c.status == status::warn || c.status == status::fail) {
        EXPECT_GT(c.count + c.evidence.size(), 0u) << e.path() << " " << c.id << ": " << c.summary;
      }
    }
    const std::string json = report::verify_json(r, f().envelope_for(r));
    EXPECT_EQ(violations(json), "") << e.path();
  }
  EXPECT_GT(n, 30u);
}

}  // namespace
}  // namespace harfact::check
