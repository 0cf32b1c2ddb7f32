// diff's renderings: the JSON document against lib/schema/diff.schema.json
// (its enumerations equal to the library's vocabulary), the same bytes for the
// same inputs, write_differences for the lead's report, and the text form.
#include "harfact/report/diff_report.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "diff_test_support.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "json_schema.hpp"

namespace harfact::check {
namespace {

using diff_test::checks;
using diff_test::make_check;
using diff_test::recapture;
using diff_test::scenario;
using diff_test::with_checks;

std::string schema() {
  return harfact::test::read_file(std::filesystem::path(HARFACT_SOURCE_DIR) /
                                  "lib/schema/diff.schema.json");
}

report::envelope envelope_for(const std::vector<const verify_result*>& all) {
  report::envelope env;
  std::vector<inspect::capture_summary> caps;
  for (const auto* v : all) caps.push_back(v->timeline.trackers.capture);
  env.inputs = report::inspect_inputs(caps);
  report::describe_database(env, *diff_test::f().db);
  env.public_suffix_sha256 = diff_test::f().psl->sha256();
  return env;
}

std::string json_of(const verify_result& e, const std::vector<const verify_result*>& ours) {
  std::vector<const verify_result*> all{&e};
  all.insert(all.end(), ours.begin(), ours.end());
  return report::diff_json(diff(e, ours), envelope_for(all));
}

TEST(DiffReport, JsonIsValidAgainstTheSchemaAndStable) {
  const std::string s = schema();
  const verify_result scanner = with_checks(
      recapture("pacific_ledger_scanner"),
      checks({make_check("headless_browser", status::warn, "HeadlessChrome", 0),
              make_check("cache_disabled", status::warn, "no-cache", 1),
              make_check("extension_traffic", status::warn, "chrome-extension://", 4)}));
  const verify_result clean = with_checks(scenario("fired_before_banner"), checks());
  const std::vector<std::pair<const verify_result*, std::vector<const verify_result*>>> cases = {
      {&scenario("accept_then_fire"), {&scenario("reject_then_fire")}},
      {&scenario("no_cmp"), {&scenario("fired_before_banner")}},
      {&scenario("gpc_ignored"), {&scenario("fired_before_banner")}},
      {&scenario("sanitized_export"), {&scenario("accept_then_fire")}},
      {&scenario("accept_then_fire"), {&scenario("accept_then_fire")}},
      {&scenario("accept_then_fire"),
       {&recapture("lumen_home_recapture"), &scenario("accept_then_fire")}},
      {&scenario("reject_then_fire"), {&recapture("goldenstate_recapture_ny")}},
      {&scanner, {&clean}},
  };
  for (const auto& [e, ours] : cases) {
    SCOPED_TRACE(e->timeline.trackers.capture.path);
    const std::string json = json_of(*e, ours);
    EXPECT_EQ(harfact::detail::validate_json(s, json), std::vector<std::string>{});
    EXPECT_EQ(json, json_of(*e, ours));  // same inputs, same bytes
  }
}

TEST(DiffReport, SchemaEnumerationsAreTheLibrarysVocabulary) {
  simdjson::dom::parser parser;
  const std::string text = schema();
  const simdjson::dom::element doc = parser.parse(text);
  const auto list = [&](const char* def) {
    std::vector<std::string_view> out;
    for (simdjson::dom::element v : doc["$defs"][def]["enum"].get_array()) {
      out.push_back(std::string_view(v));
    }
    return out;
  };
  EXPECT_EQ(list("kind"), difference_kinds());
  EXPECT_EQ(list("reason"), difference_reasons());
}

TEST(DiffReport, JsonHoldsTheCapturesDifferencesAndRules) {
  const auto& e = scenario("reject_then_fire");
  const auto& o = recapture("goldenstate_recapture_ny");
  const std::string json = json_of(e, {&o});
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(std::string_view(doc["command"]), "diff");
  EXPECT_EQ(int64_t(doc["rules"]["time_gap_days"]), time_gap_days);
  EXPECT_EQ(std::string_view(doc["captures"].at(0)["role"]), "exhibit");
  EXPECT_EQ(std::string_view(doc["captures"].at(0)["region"]), "US-CA");
  EXPECT_EQ(std::string_view(doc["captures"].at(1)["region"]), "US-NY");
  EXPECT_EQ(std::string_view(doc["captures"].at(1)["choice"]), "rejected");
  EXPECT_EQ(int64_t(doc["summary"]["differences"]), 3);
  const auto first = doc["differences"].at(0);
  EXPECT_EQ(std::string_view(first["id"]), "D1");
  EXPECT_EQ(std::string_view(first["kind"]), "region_differs");
  EXPECT_TRUE(first["vendor_id"].is_null());
  EXPECT_EQ(std::string_view(first["sides"].at(1)["role"]), "ours");
}

TEST(DiffReport, WriteDifferencesIsTheSameArray) {
  const auto& e = scenario("accept_then_fire");
  const auto& o = recapture("lumen_home_recapture");
  const diff_result d = diff(e, {&o});
  report::json_writer w;
  w.begin_object();
  report::write_differences(w.key("differences"), d);
  w.end_object();
  simdjson::dom::parser parser;
  const simdjson::dom::element mine = parser.parse(w.str());
  ASSERT_EQ(mine["differences"].get_array().size(), d.differences.size());
  simdjson::dom::parser parser2;
  const std::string whole = json_of(e, {&o});
  const simdjson::dom::element doc = parser2.parse(whole);
  const simdjson::dom::element a = mine["differences"];
  const simdjson::dom::element b = doc["differences"];
  EXPECT_EQ(simdjson::minify(a), simdjson::minify(b));
}

TEST(DiffReport, TextListsCapturesDifferencesAndNotes) {
  const auto& e = scenario("accept_then_fire");
  const auto& o = recapture("lumen_home_recapture");
  const std::string text = report::diff_text(diff(e, {&o}), envelope_for({&e, &o}));
  EXPECT_NE(text.find("Captures (0 is the exhibit)"), std::string::npos);
  EXPECT_NE(text.find("  [0] exhibit"), std::string::npos);
  EXPECT_NE(text.find("  [1] ours"), std::string::npos);
  EXPECT_NE(text.find("Differences (4), most significant for the rebuttal first"),
            std::string::npos);
  EXPECT_NE(text.find("D2 [medium] vendor_only_in_exhibit tiktok_pixel"), std::string::npos);
  EXPECT_NE(text.find("reason: site_changed (likely)"), std::string::npos);
  EXPECT_NE(text.find("\nNotes\n"), std::string::npos);
  const std::string same = report::diff_text(diff(e, {&e}), envelope_for({&e, &e}));
  EXPECT_NE(same.find("No differences:"), std::string::npos);
}

}  // namespace
}  // namespace harfact::check
