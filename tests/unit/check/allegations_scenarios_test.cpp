// Every committed claims file (testdata/allegations) against its scenario
// capture: the verdict, the rule that decided it and whether the claim is
// wrong on the facts, as the scenario README's facts say; the evidence of the
// decisive claims; every verdict and every kind covered; the same bytes twice;
// the JSON against lib/schema/check.schema.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "allegations_test_support.hpp"
#include "harfact/report/check_report.hpp"
#include "json_schema.hpp"

namespace harfact::check {
namespace {

namespace fs = std::filesystem;
using allegations_test::claims_of;
using allegations_test::f;

struct expected {
  const char* file;  // testdata/allegations/<file>.json
  const char* id;
  const char* verdict;
  const char* basis;
  bool wrong;
};

// The exhibit each claims file is written against.
fs::path exhibit_of(std::string_view file) {
  if (file == "truncated_exhibit") return test::testdata("har/truncated.har");
  if (file == "sample_exhibit") return test::testdata("sample/exhibit.har");
  return allegations_test::scenario(std::string(file) + ".har");
}

// What a correct check derives, claim by claim (testdata/allegations/README.md
// explains each; the facts are those of testdata/scenarios/README.md).
const expected k_expected[] = {
    {"accept_then_fire", "A1", "contradicted", "fired_only_with_consent", true},
    {"accept_then_fire", "A2", "supported", "fired_before_choice", false},
    {"accept_then_fire", "A3", "supported", "vendor_contacted", false},
    {"accept_then_fire", "A4", "contradicted", "field_not_sent", true},
    {"accept_then_fire", "A5", "supported", "sent_in_clear", false},
    {"accept_then_fire", "A6", "contradicted", "choice_granted", true},
    {"accept_then_fire", "A7", "contradicted", "no_gpc_sent", true},
    {"accept_then_fire", "A8", "contradicted", "never_contacted", true},
    {"accept_then_fire", "A9", "not_evidenced", "no_hit_near_time", false},
    {"accept_then_fire", "A10", "not_evidenced", "page_not_in_capture", false},
    {"accept_then_fire", "A11", "not_evidenced", "time_not_in_capture", false},
    {"accept_then_fire", "A12", "supported", "vendor_contacted", false},
    {"cookiebot_accept", "K1", "indeterminate", "content_not_decoded", false},
    {"cookiebot_accept", "K2", "contradicted", "fired_only_with_consent", true},
    {"cookiebot_accept", "K3", "supported", "vendor_contacted", false},
    {"cookiebot_accept", "K4", "supported", "sent_in_clear", false},
    {"fired_before_banner", "B1", "supported", "fired_before_consent_ui", false},
    {"fired_before_banner", "B2", "not_evidenced", "no_opt_out_recorded", false},
    {"gpc_ignored", "G1", "supported", "fired_despite_gpc", false},
    {"gpc_ignored", "G2", "supported", "fired_despite_gpc", false},
    {"gpc_ignored", "G3", "not_evidenced", "no_opt_out_recorded", false},
    {"gpc_ignored", "G4", "supported", "fired_before_choice", false},
    {"iab_strings", "I1", "contradicted", "restricted_after_opt_out", false},
    {"iab_strings", "I2", "supported", "fired_after_opt_out", false},
    {"iab_strings", "I3", "contradicted", "restricted_after_opt_out", false},
    {"iab_strings", "I4", "supported", "sent_in_clear", false},
    {"iab_strings", "I5", "contradicted", "fired_only_before_opt_out", true},
    {"indeterminate_order", "O1", "indeterminate", "order_indeterminate", false},
    {"indeterminate_order", "O2", "indeterminate", "order_indeterminate", false},
    {"indeterminate_order", "O3", "supported", "fired_before_choice", false},
    {"indeterminate_order_chrome", "C1", "indeterminate", "order_indeterminate", false},
    {"indeterminate_order_chrome", "C2", "contradicted", "fired_only_with_consent", true},
    {"navigation_persisted", "V1", "contradicted", "fired_only_with_consent", true},
    {"navigation_persisted", "V2", "supported", "vendor_contacted", false},
    {"navigation_persisted", "V3", "supported", "fired_before_choice", false},
    {"navigation_persisted", "V4", "contradicted", "never_contacted", true},
    {"no_cmp", "N1", "supported", "fired_before_consent_ui", false},
    {"no_cmp", "N2", "supported", "sent_in_clear", false},
    {"no_cmp", "N3", "contradicted", "never_fired", true},
    {"no_cmp", "N4", "contradicted", "field_not_sent", true},
    {"partial_consent", "P1", "supported", "fired_after_opt_out", false},
    {"partial_consent", "P2", "contradicted", "choice_granted", true},
    {"partial_consent", "P3", "supported", "fired_after_refusal", false},
    {"reject_then_fire", "R1", "supported", "fired_after_opt_out", false},
    {"reject_then_fire", "R2", "supported", "fired_after_opt_out", false},
    {"reject_then_fire", "R3", "contradicted", "restricted_after_opt_out", false},
    {"reject_then_fire", "R4", "supported", "fired_before_choice", false},
    {"reject_then_fire", "R5", "contradicted", "no_gpc_sent", true},
    {"sample_exhibit", "12", "supported", "fired_after_opt_out", false},
    {"sample_exhibit", "13", "contradicted", "never_fired", true},
    {"sample_exhibit", "14", "indeterminate", "content_not_decoded", false},
    {"sample_exhibit", "15", "contradicted", "field_not_sent", true},
    {"sanitized_export", "Z1", "indeterminate", "cookies_stripped", false},
    {"sanitized_export", "Z2", "contradicted", "fired_only_with_consent", true},
    {"sanitized_export", "Z3", "indeterminate", "body_not_captured", false},
    {"sanitized_export", "Z4", "indeterminate", "cookies_stripped", false},
    {"sanitized_export", "Z5", "supported", "fired_before_choice", false},
    {"sensitive_form_chat", "S1", "contradicted", "field_not_sent", true},
    {"sensitive_form_chat", "S2", "supported", "sent_in_clear", false},
    {"sensitive_form_chat", "S3", "contradicted", "form_structure_only", true},
    {"sensitive_form_chat", "S4", "supported", "form_values_sent", false},
    {"sensitive_form_chat", "S5", "supported", "chat_text_sent", false},
    {"sensitive_form_chat", "S6", "indeterminate", "body_not_captured", false},
    {"sensitive_form_chat", "S7", "indeterminate", "body_not_captured", false},
    {"sensitive_form_chat", "S8", "contradicted", "no_chat_text", true},
    {"sensitive_form_chat", "S9", "supported", "fired_before_consent_ui", false},
    {"sensitive_form_chat", "S10", "not_evidenced", "no_consent_platform", false},
    {"sensitive_form_chat", "S11", "contradicted", "no_form_content", true},
    {"sensitive_form_chat", "S12", "supported", "sent_in_clear", false},
    {"sensitive_form_chat", "S13", "supported", "typed_content_sent", false},
    {"truncated_exhibit", "T1", "indeterminate", "capture_partial", false},
};

// Results per claims file, computed once.
const std::map<std::string, std::vector<claim_result>>& results() {
  static const auto all = [] {
    std::map<std::string, std::vector<claim_result>> out;
    for (const auto& x : k_expected) {
      if (out.count(x.file) != 0U) continue;
      const auto exhibit = f().exhibit(exhibit_of(x.file));
      out[x.file] = check_claims(claims_of(std::string(x.file) + ".json"), exhibit, f().db.get());
    }
    return out;
  }();
  return all;
}

const claim_result* find(std::string_view file, std::string_view id) {
  const auto it = results().find(std::string(file));
  if (it == results().end()) return nullptr;
  for (const auto& r : it->second) {
    if (r.c.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::uint64_t> entries(const claim_result& r) {
  std::vector<std::uint64_t> out;
  for (const auto& e : r.evidence) out.push_back(e.entry);
  return out;
}

class Claim : public ::testing::TestWithParam<expected> {};

TEST_P(Claim, GetsTheVerdictTheCaptureSupports) {
  const expected& x = GetParam();
  const claim_result* r = find(x.file, x.id);
  ASSERT_NE(r, nullptr) << x.file << " " << x.id;
  EXPECT_EQ(verdict_name(r->verdict), x.verdict) << r->reason;
  EXPECT_EQ(r->basis, x.basis) << r->reason;
  EXPECT_EQ(r->wrong_on_facts, x.wrong) << r->reason;
  EXPECT_FALSE(r->reason.empty());
  EXPECT_EQ(r->reason.find('\n'), std::string::npos) << "one paragraph";
  EXPECT_LE(r->evidence.size(), 20u);
  EXPECT_GE(r->evidence_total, r->evidence.size());
  // Evidence in time order, every item with a URL or a detail.
  for (std::size_t i = 1; i < r->evidence.size(); ++i) {
    EXPECT_LE(r->evidence[i - 1].time.us.value_or(0), r->evidence[i].time.us.value_or(0));
  }
  for (const auto& e : r->evidence) EXPECT_FALSE(e.detail.empty());
}

INSTANTIATE_TEST_SUITE_P(Allegations, Claim, ::testing::ValuesIn(k_expected), [](const auto& p) {
  return std::string(p.param.file) + "_" + p.param.id;
});

TEST(ClaimsFiles, EveryClaimOfEveryFileIsExpected) {
  for (const auto& [file, rs] : results()) {
    for (const auto& r : rs) {
      const bool listed =
          std::any_of(std::begin(k_expected), std::end(k_expected),
                      [&](const expected& x) { return x.file == file && x.id == r.c.id; });
      EXPECT_TRUE(listed) << file << " " << r.c.id << " has no expectation";
    }
  }
  // And every committed file (but the invalid examples) is checked here.
  for (const auto& e : fs::directory_iterator(test::testdata("allegations"))) {
    if (e.path().extension() != ".json") continue;
    const auto stem = e.path().stem().string();
    if (stem.rfind("invalid_", 0) == 0) continue;
    EXPECT_EQ(results().count(stem), 1U) << stem << ".json is not in the table";
  }
}

TEST(ClaimsFiles, CoverEveryVerdictEveryKindAndWrongClaims) {
  std::set<std::string> verdicts, kinds, bases;
  int wrong = 0;
  for (const auto& [file, rs] : results()) {
    for (const auto& r : rs) {
      verdicts.insert(std::string(verdict_name(r.verdict)));
      kinds.insert(std::string(claim_kind_name(r.c.kind)));
      bases.insert(r.basis);
      wrong += r.wrong_on_facts ? 1 : 0;
    }
  }
  EXPECT_EQ(verdicts.size(), static_cast<std::size_t>(verdict_count));
  EXPECT_EQ(kinds.size(), static_cast<std::size_t>(claim_kind_count));
  EXPECT_GE(bases.size(), 30u);
  EXPECT_GE(wrong, 15);
}

TEST(Evidence, TikTokFiredOnlyAfterAcceptNamesTheReceiptAndTheHit) {
  const claim_result* r = find("accept_then_fire", "A1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(entries(*r), (std::vector<std::uint64_t>{15, 21}));
  EXPECT_NE(r->evidence[0].detail.find("consent state accepted"), std::string::npos);
  EXPECT_EQ(r->evidence[0].signature, "onetrust.consent_receipt@1");
  EXPECT_EQ(r->evidence[1].signature, "tiktok_pixel.event@1");
  EXPECT_EQ(r->evidence[1].url, "https://analytics.tiktok.com/api/v2/pixel");
  EXPECT_EQ(r->evidence[1].time.original, "2026-03-12T19:31:33.632Z");
  EXPECT_NE(r->reason.find("entry 21 at 2026-03-12T19:31:33.632Z"), std::string::npos) << r->reason;
  EXPECT_NE(r->reason.find("entry 15"), std::string::npos);
  EXPECT_NE(r->reason.find("entries 17 and 19"), std::string::npos) << "the loads sent no data";
  EXPECT_EQ(r->vendor_name, "TikTok Pixel");
  EXPECT_EQ(r->vendor_hits, 3u);
  EXPECT_EQ(r->firing_hits, 1u);
}

TEST(Evidence, TheCookielessPingBeforeTheChoiceIsReportedWithItsRestriction) {
  const claim_result* r = find("accept_then_fire", "A2");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(entries(*r), (std::vector<std::uint64_t>{11}));
  EXPECT_NE(r->evidence[0].detail.find("gcs=G100"), std::string::npos);
  EXPECT_NE(r->reason.find("gcs=G100"), std::string::npos);
  EXPECT_NE(r->reason.find("entry 23"), std::string::npos) << "the later consented hit";
}

TEST(Evidence, AfterTheRejectionMetaAndTikTokFiredAndGa4WasRestricted) {
  const claim_result* meta = find("reject_then_fire", "R1");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(entries(*meta), (std::vector<std::uint64_t>{21, 22}));  // the rejection, ViewContent
  const claim_result* ga4 = find("reject_then_fire", "R3");
  ASSERT_NE(ga4, nullptr);
  EXPECT_EQ(entries(*ga4), (std::vector<std::uint64_t>{21, 24}));
  EXPECT_NE(ga4->reason.find("gcs=G100"), std::string::npos);
  EXPECT_NE(ga4->reason.find("legal question"), std::string::npos);
  const claim_result* before = find("reject_then_fire", "R4");
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(entries(*before), (std::vector<std::uint64_t>{18, 21, 22}));
  EXPECT_NE(before->reason.find("defaults granted advertising"), std::string::npos)
      << before->reason;
}

TEST(Evidence, LimitedDataUseAndRdpAreRestrictionsNotViolations) {
  const claim_result* meta = find("iab_strings", "I1");
  ASSERT_NE(meta, nullptr);
  EXPECT_NE(meta->reason.find("dpo=LDU"), std::string::npos) << meta->reason;
  EXPECT_NE(std::find(entries(*meta).begin(), entries(*meta).end(), 20u), entries(*meta).end());
  const claim_result* gam = find("iab_strings", "I3");
  ASSERT_NE(gam, nullptr);
  EXPECT_NE(gam->reason.find("rdp=1"), std::string::npos) << gam->reason;
  const claim_result* ttd = find("iab_strings", "I2");
  ASSERT_NE(ttd, nullptr);
  EXPECT_EQ(entries(*ttd), (std::vector<std::uint64_t>{18, 22}));
  // The time filter keeps Meta's PageView alone: it came before the opt-out.
  const claim_result* timed = find("iab_strings", "I5");
  ASSERT_NE(timed, nullptr);
  EXPECT_EQ(timed->vendor_hits, 1u);
  EXPECT_NE(timed->reason.find("entry 15"), std::string::npos) << timed->reason;
}

TEST(Evidence, GpcHitsAreTheOnesSentWithTheHeader) {
  const claim_result* meta = find("gpc_ignored", "G1");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(entries(*meta), (std::vector<std::uint64_t>{15}));
  EXPECT_NE(meta->evidence[0].detail.find("Sec-GPC: 1"), std::string::npos);
  const claim_result* ga4 = find("gpc_ignored", "G2");
  ASSERT_NE(ga4, nullptr);
  EXPECT_EQ(entries(*ga4), (std::vector<std::uint64_t>{10, 17}));
  EXPECT_NE(ga4->reason.find("analytics"), std::string::npos);
}

TEST(Evidence, MetaNeverReceivedTheEmailItsFormFeaturesOnlyNameTheInput) {
  const claim_result* r = find("sensitive_form_chat", "S1");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->reason.find("cd[formFeatures]"), std::string::npos) << r->reason;
  EXPECT_NE(r->reason.find("structure"), std::string::npos);
  // HubSpot did, in clear: both the contact field and the form value.
  const claim_result* hs = find("sensitive_form_chat", "S2");
  ASSERT_NE(hs, nullptr);
  EXPECT_EQ(entries(*hs), (std::vector<std::uint64_t>{21, 21}));
  EXPECT_NE(hs->reason.find("contactFields.email"), std::string::npos);
  EXPECT_NE(hs->reason.find("formValues.Email address"), std::string::npos);
  EXPECT_NE(hs->reason.find("in clear"), std::string::npos);
  // Values are not repeated: the evidence names the field, not the address.
  for (const auto& e : hs->evidence) EXPECT_EQ(e.detail.find("jane.doe"), std::string::npos);
  EXPECT_EQ(hs->reason.find("jane.doe"), std::string::npos);
}

TEST(Evidence, ChatTextWentToLiveChatNotMeta) {
  const claim_result* lc = find("sensitive_form_chat", "S5");
  ASSERT_NE(lc, nullptr);
  EXPECT_EQ(entries(*lc), (std::vector<std::uint64_t>{25, 26}));
  EXPECT_NE(lc->reason.find("inferred"), std::string::npos);
  const claim_result* meta = find("sensitive_form_chat", "S8");
  ASSERT_NE(meta, nullptr);
  EXPECT_NE(meta->reason.find("went to LiveChat (entries 25 and 26)"), std::string::npos)
      << meta->reason;
  const claim_result* clarity = find("sensitive_form_chat", "S7");
  ASSERT_NE(clarity, nullptr);
  EXPECT_EQ(entries(*clarity), (std::vector<std::uint64_t>{19, 24, 27}));
}

TEST(Evidence, HotjarsKeyInputFrameHasNoTextButOneFrameIsUndecoded) {
  const claim_result* r = find("cookiebot_accept", "K1");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->reason.find("binary WebSocket frame"), std::string::npos) << r->reason;
  EXPECT_NE(r->reason.find("len"), std::string::npos) << "the readable frames are listed";
  EXPECT_EQ(entries(*r), (std::vector<std::uint64_t>{15}));
}

TEST(Evidence, SanitizedExportSaysWhatCookiesWouldHaveShown) {
  const claim_result* r = find("sanitized_export", "Z1");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->reason.find("removed every Cookie"), std::string::npos);
  // The acceptance itself stands: proven by the consent receipt.
  const claim_result* z2 = find("sanitized_export", "Z2");
  ASSERT_NE(z2, nullptr);
  EXPECT_EQ(entries(*z2), (std::vector<std::uint64_t>{15, 20}));
  EXPECT_NE(z2->reason.find("without them"), std::string::npos);
}

TEST(Evidence, TiesAtThePrecisionAreIndeterminate) {
  const claim_result* r = find("indeterminate_order", "O1");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->reason.find("the second"), std::string::npos) << r->reason;
  EXPECT_NE(std::find(entries(*r).begin(), entries(*r).end(), 19u), entries(*r).end());
  EXPECT_NE(std::find(entries(*r).begin(), entries(*r).end(), 21u), entries(*r).end());
  const claim_result* c = find("indeterminate_order_chrome", "C1");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->reason.find("the millisecond"), std::string::npos) << c->reason;
}

TEST(Evidence, PagesAndTimesRestrictTheHits) {
  const claim_result* p2 = find("navigation_persisted", "V2");
  ASSERT_NE(p2, nullptr);
  EXPECT_EQ(entries(*p2), (std::vector<std::uint64_t>{29, 30, 32}));
  EXPECT_NE(p2->reason.find("on page https://www.fernwood-apparel.test/collections/outerwear"),
            std::string::npos);
  // "https://www.fernwood-apparel.test/" is page 1 exactly, not a prefix of page 2 too.
  const claim_result* home = find("navigation_persisted", "V3");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(entries(*home), (std::vector<std::uint64_t>{11}));
  const claim_result* near = find("accept_then_fire", "A9");
  ASSERT_NE(near, nullptr);
  EXPECT_NE(near->reason.find("1368 ms away"), std::string::npos) << near->reason;
  const claim_result* second = find("accept_then_fire", "A12");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->vendor_hits, 3u);  // 19:31:33.282, .432 and .496 are in 19:31:33Z
}

std::string check_schema() {
  return test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema/check.schema.json");
}

report::envelope envelope_for(const std::string& file) {
  report::envelope env;
  report::input_ref claims;
  claims.label = "claims";
  claims.path = "testdata/allegations/" + file + ".json";
  claims.bytes = 1;
  claims.sha256 = std::string(64, 'a');
  env.inputs.push_back(claims);
  env.db_version = f().db->version();
  env.db_sha256 = f().db->sha256();
  return env;
}

TEST(CheckJson, EveryFileValidatesAgainstTheSchemaAndIsDeterministic) {
  const std::string schema = check_schema();
  for (const auto& [file, rs] : results()) {
    const auto exhibit = f().exhibit(exhibit_of(file));
    const std::string a = report::check_json(rs, exhibit.timeline, envelope_for(file));
    const auto violations = test::validate_json(schema, a);
    EXPECT_TRUE(violations.empty()) << file << ": " << (violations.empty() ? "" : violations[0]);
    // A second run from scratch gives the same bytes.
    const auto again = f().exhibit(exhibit_of(file));
    const auto rs2 = check_claims(claims_of(file + ".json"), again, f().db.get());
    EXPECT_EQ(a, report::check_json(rs2, again.timeline, envelope_for(file))) << file;
    EXPECT_EQ(report::check_text(rs, exhibit.timeline, envelope_for(file)),
              report::check_text(rs2, again.timeline, envelope_for(file)));
  }
}

TEST(CheckJson, TheSchemaRefusesAVerdictWithAnotherVerdictsBasis) {
  const std::string schema = check_schema();
  const auto exhibit = f().exhibit(exhibit_of("accept_then_fire"));
  auto rs = results().at("accept_then_fire");
  rs[0].verdict = verdict::supported;  // basis fired_only_with_consent, wrong_on_facts
  EXPECT_FALSE(test::validate_json(schema, report::check_json(rs, exhibit.timeline,
                                                              envelope_for("accept_then_fire")))
                   .empty());
}

TEST(CheckText, ClaimsWrongOnTheFactsComeFirst) {
  const auto exhibit = f().exhibit(exhibit_of("accept_then_fire"));
  const std::string t = report::check_text(results().at("accept_then_fire"), exhibit.timeline,
                                           envelope_for("accept_then_fire"));
  const auto wrong = t.find("Claims wrong on the facts (5)");
  const auto all = t.find("Claims in the letter's order");
  ASSERT_NE(wrong, std::string::npos) << t;
  ASSERT_NE(all, std::string::npos);
  EXPECT_LT(wrong, all);
  EXPECT_LT(t.find("!! [A1]"), all);
  EXPECT_NE(t.find("12 claims: 4 supported, 5 contradicted, 3 not evidenced, 0 indeterminate; 5 "
                   "wrong on the facts"),
            std::string::npos);
  EXPECT_NE(t.find("[A1] CONTRADICTED (WRONG ON THE FACTS)"), std::string::npos);
}

TEST(WriteClaimResults, WritesAnArrayTheReportCanEmbed) {
  report::json_writer w;
  w.begin_object();
  w.key("claims");
  report::write_claim_results(w, results().at("no_cmp"));
  w.key("summary");
  report::write_claims_summary(w, results().at("no_cmp"));
  w.end_object();
  const std::string doc = w.take();
  EXPECT_NE(doc.find("\"claims\": ["), std::string::npos);
  EXPECT_NE(doc.find("\"wrong_on_facts\": [\n      \"N3\",\n      \"N4\"\n    ]"),
            std::string::npos)
      << doc;
}

}  // namespace
}  // namespace harfact::check
