// The rules no committed scenario reaches on its own, on real captures made
// partial, unreadable or changed in one respect: a truncated exhibit, a choice
// that cannot be read, GPC hits that were restricted or absent, a vendor on
// another page, the cap of 20 evidence items, page and time matching.
#include <gtest/gtest.h>

#include <string>

#include "allegations_test_support.hpp"
#include "harfact/report/check_report.hpp"
#include "json_schema.hpp"

namespace harfact::check {
namespace {

using allegations_test::f;
using allegations_test::judge;
using allegations_test::make_claim;
using allegations_test::scenario;

TEST(CaptureRead, AnUnreadableExhibitMakesEveryClaimIndeterminate) {
  const test::temp_dir dir;
  test::write_file(dir / "not.har", "this is not a capture");
  const auto exhibit = f().exhibit(dir / "not.har");
  ASSERT_FALSE(exhibit.timeline.trackers.capture.opened);
  const auto r = judge(make_claim("A", "meta_pixel", claim_kind::tracker_present), exhibit);
  EXPECT_EQ(r.verdict, verdict::indeterminate);
  EXPECT_EQ(r.basis, "capture_unreadable");
  EXPECT_FALSE(r.wrong_on_facts);
  EXPECT_NE(r.reason.find("could not be read"), std::string::npos);
  // The document still validates: capture status unreadable, with its error.
  const std::string json = report::check_json({r}, exhibit.timeline, report::envelope{});
  const auto violations = test::validate_json(
      test::read_file(std::filesystem::path(HARFACT_SOURCE_DIR) / "lib/schema/check.schema.json"),
      json);
  EXPECT_TRUE(violations.empty()) << (violations.empty() ? "" : violations[0]);
  EXPECT_NE(json.find("\"status\": \"unreadable\""), std::string::npos);
}

// accept_then_fire cut inside entry 22: TikTok's hit (21) and the consent
// receipt (15) are in the part read; GA4's consented hit (23) is not.
verify_result truncated_accept() {
  static const test::temp_dir dir;
  const std::string text = test::read_file(scenario("accept_then_fire.har"));
  std::size_t at = text.find("\"entries\"");
  for (int i = 0; i <= 22; ++i) at = text.find("\"startedDateTime\"", at + 1);
  test::write_file(dir / "cut.har", text.substr(0, at + 30));
  return f().exhibit(dir / "cut.har");
}

TEST(CaptureRead, APartialCaptureTurnsContradictionsIntoIndeterminate) {
  const auto exhibit = truncated_accept();
  ASSERT_EQ(exhibit.timeline.trackers.capture.read.status, har::read_status::truncated);
  // Contradicted on the complete capture (A1 of accept_then_fire.json) ...
  const auto tiktok =
      judge(make_claim("A1", "tiktok_pixel", claim_kind::fired_before_consent), exhibit);
  EXPECT_EQ(tiktok.verdict, verdict::indeterminate);
  EXPECT_EQ(tiktok.basis, "capture_partial");
  EXPECT_FALSE(tiktok.wrong_on_facts);
  EXPECT_NE(tiktok.reason.find("fired only after the visitor consented"), std::string::npos);
  EXPECT_NE(tiktok.reason.find("read only in part (truncated"), std::string::npos) << tiktok.reason;
  EXPECT_EQ(tiktok.evidence.size(), 2u);  // the evidence of the part read stays
  // ... a vendor absent from the part read is not "never contacted" ...
  const auto hotjar = judge(make_claim("A8", "hotjar", claim_kind::tracker_present), exhibit);
  EXPECT_EQ(hotjar.verdict, verdict::indeterminate);
  EXPECT_EQ(hotjar.basis, "capture_partial");
  // ... while what the part read shows stands.
  const auto ga4 =
      judge(make_claim("A2", "google_analytics_4", claim_kind::fired_before_consent), exhibit);
  EXPECT_EQ(ga4.verdict, verdict::supported);
  EXPECT_EQ(ga4.basis, "fired_before_choice");
}

TEST(Consent, AChoiceThatCannotBeReadIsIndeterminate) {
  auto exhibit = f().exhibit(scenario("accept_then_fire.har"));
  auto& tl = exhibit.timeline;
  // The acceptance becomes a choice whose content is unknown (OptanonAlertBoxClosed alone).
  for (auto& t : tl.transitions) {
    if (t.state == timeline::state::accepted) {
      t.state = timeline::state::unknown;
      t.purposes.fill(consent::grant::unknown);
    }
  }
  for (auto& a : tl.hits) {
    if (a.position == timeline::position::granted) a.position = timeline::position::unknown;
  }
  const auto before =
      judge(make_claim("A", "tiktok_pixel", claim_kind::fired_before_consent), exhibit);
  EXPECT_EQ(before.verdict, verdict::indeterminate);
  EXPECT_EQ(before.basis, "choice_unreadable");
  EXPECT_NE(before.reason.find("entry 21"), std::string::npos);
  const auto after =
      judge(make_claim("B", "tiktok_pixel", claim_kind::fired_after_opt_out), exhibit);
  EXPECT_EQ(after.verdict, verdict::not_evidenced);
  EXPECT_EQ(after.basis, "no_opt_out_recorded");
}

TEST(Gpc, RestrictedHitsWithGpcContradictWithoutBeingWrongOnTheFacts) {
  auto exhibit = f().exhibit(scenario("gpc_ignored.har"));
  for (auto& a : exhibit.timeline.hits) {
    if (exhibit.timeline.trackers.hits[a.hit].vendor->vendor_id == "meta_pixel" && a.fires) {
      a.restrictions.push_back("dpo=LDU (Meta Limited Data Use)");
    }
  }
  const auto r = judge(make_claim("G", "meta_pixel", claim_kind::fired_despite_gpc), exhibit);
  EXPECT_EQ(r.verdict, verdict::contradicted);
  EXPECT_EQ(r.basis, "restricted_with_gpc");
  EXPECT_FALSE(r.wrong_on_facts);
  EXPECT_NE(r.reason.find("dpo=LDU"), std::string::npos);
}

TEST(Gpc, HitsSentWithoutTheHeaderContradict) {
  auto exhibit = f().exhibit(scenario("gpc_ignored.har"));
  for (auto& a : exhibit.timeline.hits) {
    if (exhibit.timeline.trackers.hits[a.hit].vendor->vendor_id == "meta_pixel") a.gpc = false;
  }
  const auto r = judge(make_claim("G", "meta_pixel", claim_kind::fired_despite_gpc), exhibit);
  EXPECT_EQ(r.verdict, verdict::contradicted);
  EXPECT_EQ(r.basis, "fired_only_without_gpc");
  EXPECT_TRUE(r.wrong_on_facts);
  EXPECT_NE(r.reason.find("Sec-GPC: 1 on 18 of the capture's 18 requests"), std::string::npos)
      << r.reason;
}

TEST(Pages, AVendorOnlyOnAnotherPageContradicts) {
  auto exhibit = f().exhibit(scenario("navigation_persisted.har"));
  for (auto& h : exhibit.timeline.trackers.hits) {
    if (h.vendor->vendor_id == "meta_pixel") h.page = 0;  // as if Meta were on page 1 only
  }
  auto c = make_claim("V", "meta_pixel", claim_kind::tracker_present);
  c.page = "/collections/outerwear";
  const auto r = judge(c, exhibit);
  EXPECT_EQ(r.verdict, verdict::contradicted);
  EXPECT_EQ(r.basis, "not_on_page");
  EXPECT_TRUE(r.wrong_on_facts);
  EXPECT_NE(r.reason.find("on page https://www.fernwood-apparel.test/collections/outerwear"),
            std::string::npos)
      << r.reason;
}

TEST(Pages, APrefixMatchesEveryPageUnderIt) {
  const auto exhibit = f().exhibit(scenario("navigation_persisted.har"));
  auto c = make_claim("V", "meta_pixel", claim_kind::tracker_present);
  c.page = "https://www.fernwood-apparel.test/coll";  // a prefix of page 2 only
  auto r = judge(c, exhibit);
  EXPECT_EQ(r.vendor_hits, 3u);
  c.page = "www.fernwood-apparel.test";  // without the scheme: exactly page 1 ("/" added)
  r = judge(c, exhibit);
  EXPECT_EQ(r.vendor_hits, 3u);
  c.page = "www.fernwood-apparel";  // a prefix of both pages
  r = judge(c, exhibit);
  EXPECT_EQ(r.vendor_hits, 6u);
  EXPECT_NE(r.reason.find("on pages"), std::string::npos);
  c.page = "/";  // the path of page 1 exactly
  r = judge(c, exhibit);
  EXPECT_EQ(r.vendor_hits, 3u);
}

TEST(Times, TheClaimsPrecisionAndTheCapturesBothCount) {
  const auto exhibit = f().exhibit(scenario("indeterminate_order.har"));  // whole seconds
  auto c = make_claim("T", "meta_pixel", claim_kind::tracker_present);
  c.time_us = 1773944529000000;  // 2026-03-19T18:22:09.000Z to the millisecond
  c.time_original = "2026-03-19T18:22:09.000Z";
  c.time_precision_us = 1000;
  auto r = judge(c, exhibit);
  EXPECT_EQ(r.verdict, verdict::supported) << r.reason;  // the PageView written as 18:22:09Z
  EXPECT_EQ(r.vendor_hits, 1u);
  c.time_us = 1773944529999000;  // 18:22:09.999Z: still inside the hit's second
  r = judge(c, exhibit);
  EXPECT_EQ(r.vendor_hits, 1u);
  c.time_us = 1773944530000000;  // 18:22:10.000Z: the next second
  r = judge(c, exhibit);
  EXPECT_EQ(r.verdict, verdict::not_evidenced);
  EXPECT_EQ(r.basis, "no_hit_near_time");
  EXPECT_EQ(r.evidence.size(), 3u);  // the nearest hits
}

TEST(Evidence, AtMostTwentyItemsAndTheTotalCountsAll) {
  auto exhibit = f().exhibit(scenario("no_cmp.har"));
  auto& tl = exhibit.timeline;
  // 30 more copies of GA4's first beacon, each a hit of its own.
  std::size_t beacon = 0;
  for (std::size_t i = 0; i < tl.hits.size(); ++i) {
    const auto& h = tl.trackers.hits[tl.hits[i].hit];
    if (h.vendor->vendor_id == "google_analytics_4" && tl.hits[i].fires) {
      beacon = i;
      break;
    }
  }
  for (int k = 0; k < 30; ++k) tl.hits.push_back(tl.hits[beacon]);
  const auto r =
      judge(make_claim("N", "google_analytics_4", claim_kind::fired_before_consent), exhibit);
  EXPECT_EQ(r.verdict, verdict::supported);
  EXPECT_EQ(r.evidence.size(), 20u);
  EXPECT_EQ(r.evidence_total, 32u);
  EXPECT_EQ(r.firing_hits, 32u);
  EXPECT_NE(r.reason.find("and 24 more"), std::string::npos) << r.reason;
}

TEST(Vendors, AVendorAbsentFromTheCaptureIsNamedFromTheDatabase) {
  const auto exhibit = f().exhibit(scenario("no_cmp.har"));
  const auto c = make_claim("X", "hotjar", claim_kind::captured_form_input);
  const auto with_db = check_claims({c}, exhibit, f().db.get()).front();
  EXPECT_EQ(with_db.vendor_name, "Hotjar");
  EXPECT_EQ(with_db.basis, "never_contacted");
  EXPECT_NE(with_db.reason.find("so it captured no form input"), std::string::npos);
  const auto without = check_claims({c}, exhibit).front();
  EXPECT_EQ(without.vendor_name, "hotjar");
  EXPECT_EQ(without.verdict, verdict::contradicted);
}

TEST(Fields, KindsOfDataAndParameterNames) {
  const auto exhibit = f().exhibit(scenario("sensitive_form_chat.har"));
  // A decode::field_kind name.
  auto r =
      judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "button_text"), exhibit);
  EXPECT_EQ(r.basis, "sent_in_clear");
  EXPECT_NE(r.reason.find("cd[buttonText]"), std::string::npos);
  // The name as sent, or its last segment.
  r = judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "cd[buttonText]"),
            exhibit);
  EXPECT_EQ(r.basis, "sent_in_clear");
  r = judge(make_claim("F", "hubspot", claim_kind::transmitted_field, "firstName"), exhibit);
  EXPECT_EQ(r.basis, "sent_in_clear");
  // A phone number: HubSpot's contact field says what it is.
  r = judge(make_claim("F", "hubspot", claim_kind::transmitted_field, "phone"), exhibit);
  EXPECT_EQ(r.basis, "sent_in_clear") << r.reason;
  // An empty parameter is not the data.
  r = judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "rl"), exhibit);
  EXPECT_EQ(r.basis, "field_not_sent");
  EXPECT_NE(r.reason.find("was sent, but empty"), std::string::npos) << r.reason;
}

TEST(Fields, HashedIsNotInClear) {
  auto exhibit = f().exhibit(scenario("no_cmp.har"));
  // Give Meta's PageView advanced-matching data, as fbq('init', id, {em: ...}) sends it.
  for (auto& h : exhibit.timeline.trackers.hits) {
    if (h.vendor->vendor_id != "meta_pixel" || h.decoded.events.empty()) continue;
    decode::field em;
    em.name = "ud[em]";
    em.value = std::string(64, 'a');
    em.kind = decode::field_kind::user_data_hashed;
    em.meaning = "advanced matching user data (SHA-256)";
    h.decoded.fields.push_back(em);
  }
  const auto r =
      judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "email"), exhibit);
  EXPECT_EQ(r.verdict, verdict::supported);
  EXPECT_EQ(r.basis, "sent_hashed");
  EXPECT_NE(r.reason.find("only hashed"), std::string::npos);
  EXPECT_NE(r.reason.find("ud[em]"), std::string::npos);
  const auto by_name =
      judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "em"), exhibit);
  EXPECT_EQ(by_name.basis, "sent_hashed");
  // Advanced matching is form input the visitor gave, hashed: said so.
  const auto form = judge(make_claim("F", "meta_pixel", claim_kind::captured_form_input), exhibit);
  EXPECT_EQ(form.basis, "form_values_sent");
  EXPECT_NE(form.reason.find("ud[em] was hashed, not sent in clear"), std::string::npos)
      << form.reason;
}

TEST(Fields, ACookieNameIsCheckedAgainstWhatTheDecodersSay) {
  const auto exhibit = f().exhibit(scenario("no_cmp.har"));
  // GA4's cid is "client id (_ga cookie)"; _ga_<container> must not match it.
  auto r =
      judge(make_claim("F", "google_analytics_4", claim_kind::transmitted_field, "_ga"), exhibit);
  EXPECT_EQ(r.basis, "sent_in_clear");
  EXPECT_NE(r.reason.find("(cid)"), std::string::npos) << r.reason;
  // A cookie the vendor's own domain sets is not a decoded field: the reason says so.
  r = judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "c_user"), exhibit);
  EXPECT_EQ(r.basis, "field_not_sent");
  EXPECT_NE(r.reason.find("Cookie headers"), std::string::npos);
  r = judge(make_claim("F", "meta_pixel", claim_kind::transmitted_field, "em"), exhibit);
  EXPECT_EQ(r.reason.find("Cookie headers"), std::string::npos) << "em is a parameter";
}

TEST(Results, ComeInTheFilesOrderWithTheClaimKept) {
  const auto exhibit = f().exhibit(scenario("no_cmp.har"));
  std::vector<claim> claims;
  for (int i = 0; i < claim_kind_count; ++i) {
    claims.push_back(make_claim("C" + std::to_string(i), "meta_pixel", static_cast<claim_kind>(i),
                                i == 4 ? "dl" : ""));
  }
  const auto rs = check_claims(claims, exhibit, f().db.get());
  ASSERT_EQ(rs.size(), claims.size());
  for (std::size_t i = 0; i < rs.size(); ++i) {
    EXPECT_EQ(rs[i].c.id, claims[i].id);
    EXPECT_EQ(rs[i].c.kind, claims[i].kind);
    EXPECT_FALSE(rs[i].basis.empty());
  }
  const auto t = tally(rs);
  EXPECT_EQ(t.claims, rs.size());
  std::uint64_t sum = 0;
  for (const auto n : t.by_verdict) sum += n;
  EXPECT_EQ(sum, rs.size());
}

}  // namespace
}  // namespace harfact::check
