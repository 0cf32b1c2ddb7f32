// The claims file: every member read, every malformed file refused with the
// file, the JSON pointer (and for broken JSON the byte, line and column), the
// vendor ids checked against the database, and every committed claims file
// valid against lib/schema/allegations.schema.json.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "allegations_test_support.hpp"
#include "json_schema.hpp"

namespace harfact::check {
namespace {

namespace fs = std::filesystem;
using allegations_test::f;

std::string wrap(std::string_view claims) {
  return std::string(R"({"format_version": 1, "claims": [)") + std::string(claims) + "]}";
}

constexpr std::string_view k_ok =
    R"({"id": "A1", "text": "It fired.", "vendor_id": "meta_pixel", "kind": "tracker_present"})";

harfact::error parse_error(std::string_view json) {
  auto r = parse_claims(json, "claims.json");
  EXPECT_FALSE(r.ok()) << json;
  if (r) return {};
  return r.error();
}

TEST(ClaimKinds, NamesRoundTrip) {
  for (int i = 0; i < claim_kind_count; ++i) {
    const auto k = static_cast<claim_kind>(i);
    ASSERT_EQ(parse_claim_kind(claim_kind_name(k)), k);
  }
  EXPECT_FALSE(parse_claim_kind("fired_before_consent_ui").has_value());
  EXPECT_EQ(verdict_name(verdict::not_evidenced), "not_evidenced");
  EXPECT_EQ(verdict_name(verdict::indeterminate), "indeterminate");
}

TEST(ClaimsFile, ReadsEveryMember) {
  const auto r = parse_claims(R"({
    "$schema": "../../lib/schema/allegations.schema.json",
    "format_version": 1,
    "description": "a letter",
    "claims": [
      {"id": "A1", "text": "Meta got the email.", "vendor_id": "meta_pixel",
       "kind": "transmitted_field", "field": "email", "page": "https://www.x.test/checkout",
       "time": "2026-03-12T12:31:33-07:00"},
      {"id": "A2", "text": "TikTok was there.", "vendor_id": "tiktok_pixel", "kind": "tracker_present",
       "time": "2026-03-12T19:31:33.250Z"}
    ]})",
                              "letter.json");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  const claim& a = (*r)[0];
  EXPECT_EQ(a.id, "A1");
  EXPECT_EQ(a.text, "Meta got the email.");
  EXPECT_EQ(a.vendor_id, "meta_pixel");
  EXPECT_EQ(a.kind, claim_kind::transmitted_field);
  EXPECT_EQ(a.field, "email");
  EXPECT_EQ(a.page, "https://www.x.test/checkout");
  ASSERT_TRUE(a.time_us.has_value());
  EXPECT_EQ(*a.time_us, 1773343893000000);  // 19:31:33Z
  EXPECT_EQ(a.time_precision_us, 1000000);
  EXPECT_EQ(a.time_original, "2026-03-12T12:31:33-07:00");
  const claim& b = (*r)[1];
  EXPECT_EQ(b.kind, claim_kind::tracker_present);
  EXPECT_TRUE(b.field.empty());
  EXPECT_TRUE(b.page.empty());
  EXPECT_EQ(b.time_precision_us, 1000);
}

TEST(ClaimsFile, AByteOrderMarkIsAccepted) {
  EXPECT_TRUE(parse_claims("\xEF\xBB\xBF" + wrap(k_ok), "bom.json").ok());
}

TEST(ClaimsFile, BrokenJsonNamesByteLineAndColumn) {
  const auto e = parse_error("{\"format_version\": 1,\n  \"claims\": [}\n");
  EXPECT_EQ(e.code, errc::invalid_json);
  EXPECT_EQ(e.where.file, "claims.json");
  EXPECT_EQ(e.where.byte_offset, 35u);
  EXPECT_EQ(e.where.line, 2u);
  EXPECT_EQ(e.where.column, 14u);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(e.hint.empty());
}

struct bad_case {
  const char* name;
  std::string json;
  const char* pointer;
  const char* message;  // a part of it
  errc code = errc::invalid_argument;
};

class ClaimsFileRefuses : public ::testing::TestWithParam<bad_case> {};

TEST_P(ClaimsFileRefuses, NamingThePointer) {
  const bad_case& c = GetParam();
  const auto e = parse_error(c.json);
  EXPECT_EQ(e.code, c.code);
  EXPECT_EQ(e.where.file, "claims.json");
  EXPECT_EQ(e.where.json_pointer, c.pointer) << e.message;
  EXPECT_NE(e.message.find(c.message), std::string::npos) << e.message;
  EXPECT_NE(e.hint.find("allegations"), std::string::npos);
}

const std::string k_claim_no_id =
    R"({"text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present"})";

INSTANTIATE_TEST_SUITE_P(
    Malformed, ClaimsFileRefuses,
    ::testing::Values(
        bad_case{"array_root", "[]", "", "must be a JSON object"},
        bad_case{"unknown_top", R"({"format_version": 1, "claims": [], "letter": "x"})", "/letter",
                 "unknown member 'letter'"},
        bad_case{"no_version", R"({"claims": []})", "", "format_version"},
        bad_case{"string_version", R"({"format_version": "1", "claims": []})", "/format_version",
                 "integer"},
        bad_case{"newer_version", R"({"format_version": 2, "claims": []})", "/format_version",
                 "newer", errc::unsupported_format},
        bad_case{"zero_version", R"({"format_version": 0, "claims": []})", "/format_version",
                 "must be 1"},
        bad_case{"no_claims", R"({"format_version": 1})", "", "'claims'"},
        bad_case{"claims_object", R"({"format_version": 1, "claims": {}})", "/claims", "array"},
        bad_case{"empty_claims", R"({"format_version": 1, "claims": []})", "/claims", "no claim"},
        bad_case{"duplicate_top", R"({"format_version": 1, "format_version": 1, "claims": []})",
                 "/format_version", "duplicate member"},
        bad_case{"description_number", R"({"format_version": 1, "description": 3, "claims": []})",
                 "/description", "string"},
        bad_case{"claim_not_object", wrap(std::string(k_ok) + ", 7"), "/claims/1", "object"},
        bad_case{"missing_id", wrap(k_claim_no_id), "/claims/0", "'id'"},
        bad_case{
            "empty_text",
            wrap(
                R"({"id": "A", "text": "", "vendor_id": "meta_pixel", "kind": "tracker_present"})"),
            "/claims/0/text", "must not be empty"},
        bad_case{"number_vendor",
                 wrap(R"({"id": "A", "text": "t", "vendor_id": 5, "kind": "tracker_present"})"),
                 "/claims/0/vendor_id", "string"},
        bad_case{
            "unknown_kind",
            wrap(R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "fired_early"})"),
            "/claims/0/kind", "unknown kind 'fired_early'"},
        bad_case{
            "unknown_member",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "vendor": "x"})"),
            "/claims/0/vendor", "unknown member 'vendor'"},
        bad_case{
            "duplicate_member",
            wrap(
                R"({"id": "A", "id": "B", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present"})"),
            "/claims/0/id", "duplicate member"},
        bad_case{
            "field_missing",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "transmitted_field"})"),
            "/claims/0", "needs 'field'"},
        bad_case{
            "field_on_other_kind",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "field": "em"})"),
            "/claims/0/field", "only to transmitted_field"},
        bad_case{
            "bad_time",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "time": "March 12"})"),
            "/claims/0/time", "not an RFC 3339"},
        bad_case{
            "time_without_zone",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "time": "2026-03-12T19:31:33"})"),
            "/claims/0/time", "no time zone"},
        bad_case{"duplicate_id", wrap(std::string(k_ok) + ", " + std::string(k_ok)), "/claims/1/id",
                 "duplicate id 'A1' (first at /claims/0/id)"},
        bad_case{
            "pointer_escapes",
            wrap(
                R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "a/b~c": 1})"),
            "/claims/0/a~1b~0c", "unknown member"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ClaimsFile, LoadNamesAnUnreadableFile) {
  const auto missing = load_claims("/nonexistent/claims.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::io_open);
  EXPECT_EQ(missing.error().where.file, "/nonexistent/claims.json");
  const test::temp_dir dir;
  const auto directory = load_claims(dir.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().code, errc::io_open);
}

TEST(ClaimsFile, LoadReadsAFileAndNamesItInErrors) {
  const test::temp_dir dir;
  test::write_file(dir / "good.json", wrap(k_ok));
  const auto good = load_claims(dir / "good.json");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->front().id, "A1");
  test::write_file(dir / "bad.json", wrap(R"({"id": "A"})"));
  const auto bad = load_claims(dir / "bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where.file, (dir / "bad.json").string());
  EXPECT_EQ(bad.error().where.json_pointer, "/claims/0");
}

TEST(VendorIds, UnknownVendorNamesThePointerAndNearNames) {
  auto claims = parse_claims(
      wrap(std::string(k_ok) +
           R"(, {"id": "A2", "text": "t", "vendor_id": "metapixel", "kind": "tracker_present"})"),
      "letter.json");
  ASSERT_TRUE(claims.ok());
  const auto r = check_vendor_ids(*claims, *f().db, "letter.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.file, "letter.json");
  EXPECT_EQ(r.error().where.json_pointer, "/claims/1/vendor_id");
  EXPECT_NE(r.error().message.find("'metapixel'"), std::string::npos);
  EXPECT_NE(r.error().hint.find("'meta_pixel'"), std::string::npos) << r.error().hint;
  // Without a database no vendor can be recognised.
  const auto none = check_vendor_ids(*claims, sig::database::empty(), "letter.json");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().where.json_pointer, "/claims/0/vendor_id");
  EXPECT_NE(none.error().hint.find("--no-signatures"), std::string::npos);
}

TEST(VendorIds, EveryCommittedClaimNamesAKnownVendor) {
  for (const auto& e : fs::directory_iterator(test::testdata("allegations"))) {
    const auto name = e.path().filename().string();
    if (e.path().extension() != ".json") continue;
    auto claims = load_claims(e.path());
    if (name.rfind("invalid_", 0) == 0) {
      // The intentionally invalid examples fail one way or the other.
      EXPECT_TRUE(!claims.ok() || !check_vendor_ids(*claims, *f().db, name).ok()) << name;
      continue;
    }
    ASSERT_TRUE(claims.ok()) << name << ": " << claims.error().message;
    EXPECT_TRUE(check_vendor_ids(*claims, *f().db, name).ok()) << name;
  }
}

std::string allegations_schema() {
  return test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/allegations.schema.json");
}

TEST(AllegationsSchema, EveryCommittedClaimsFileIsValid) {
  const std::string schema = allegations_schema();
  int files = 0;
  for (const auto& e : fs::directory_iterator(test::testdata("allegations"))) {
    if (e.path().extension() != ".json") continue;
    const auto name = e.path().filename().string();
    const auto violations = test::validate_json(schema, test::read_file(e.path()));
    if (name == "invalid_kind.json") {
      EXPECT_FALSE(violations.empty()) << name;
      continue;
    }
    EXPECT_TRUE(violations.empty()) << name << ": " << (violations.empty() ? "" : violations[0]);
    ++files;
  }
  EXPECT_GE(files, 12);
}

TEST(AllegationsSchema, AgreesWithTheReaderOnMalformedClaims) {
  const std::string schema = allegations_schema();
  for (
      const std::string& json :
      {wrap(k_claim_no_id),
       wrap(R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "transmitted_field"})"),
       wrap(
           R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present", "field": "em"})"),
       wrap(R"({"id": "A", "text": "t", "vendor_id": "meta_pixel", "kind": "fired_early"})"),
       wrap(R"({"id": "", "text": "t", "vendor_id": "meta_pixel", "kind": "tracker_present"})"),
       std::string(R"({"format_version": 2, "claims": [)") + std::string(k_ok) + "]}",
       std::string(R"({"format_version": 1, "claims": []})")}) {
    EXPECT_FALSE(test::validate_json(schema, json).empty()) << json;
    EXPECT_FALSE(parse_claims(json, "x.json").ok()) << json;
  }
  EXPECT_TRUE(test::validate_json(schema, wrap(k_ok)).empty());
}

}  // namespace
}  // namespace harfact::check
