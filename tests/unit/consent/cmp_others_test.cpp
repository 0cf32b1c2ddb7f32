// TrustArc, Sourcepoint, Osano, Termly and Microsoft Clarity decoders on the
// values signals.md B.3/B.6/B.7/B.10/A.13/D.8 gives.
#include <gtest/gtest.h>

#include "cmp_test_support.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

using test::at;
using test::bool_at;
using test::has_note;
using test::int_at;
using test::member_of;
using test::purpose_of;
using test::source_of;
using test::str_at;

// ---- TrustArc --------------------------------------------------------------

struct trustarc_case {
  const char* value;
  grant necessary;
  grant functional;
  grant advertising;
};

class TrustArcSamples : public ::testing::TestWithParam<trustarc_case> {};

TEST_P(TrustArcSamples, CategoriesMappedAndFlagged) {
  const auto& c = GetParam();
  const signal s = decode_trustarc(c.value);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "trustarc");
  EXPECT_EQ(purpose_of(s, purpose::necessary), c.necessary);
  EXPECT_EQ(purpose_of(s, purpose::functional), c.functional);
  EXPECT_EQ(purpose_of(s, purpose::advertising), c.advertising);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::unknown);
  EXPECT_NE(source_of(s, purpose::advertising).find("[uncertain mapping]"), std::string::npos);
  EXPECT_TRUE(has_note(s, "[uncertain"));
  EXPECT_FALSE(s.sum.interacted.has_value());
}

constexpr grant G = grant::granted;
constexpr grant D = grant::denied;

INSTANTIATE_TEST_SUITE_P(
    B3, TrustArcSamples,
    ::testing::Values(trustarc_case{"notice_gdpr_prefs=0:", G, D, D},
                      trustarc_case{"notice_gdpr_prefs=0,1,2:", G, G, G},
                      trustarc_case{"notice_gdpr_prefs=0|1|2:", G, G, G},
                      trustarc_case{"notice_gdpr_prefs=0,1:ab12cd34", G, G, D},
                      trustarc_case{"notice_preferences=0:", G, D, D},
                      trustarc_case{"notice_preferences=1:", G, G, D},
                      trustarc_case{"notice_preferences=2:", G, G, G},
                      trustarc_case{"notice_preferences=2:1a8b9c", G, G, G},
                      trustarc_case{"cmapi_cookie_privacy=permit 1 required", G, D, D},
                      trustarc_case{"cmapi_cookie_privacy=permit 1,2,3", G, G, G},
                      trustarc_case{"cmapi_cookie_privacy=permit_1|2|3", G, G, G},
                      trustarc_case{"cmapi_cookie_privacy=permit%201%2C2", G, G, D},
                      trustarc_case{"permit 1 required", G, D, D}, trustarc_case{"0,1,2:", G, G, G},
                      trustarc_case{"0:", G, D, D}));

TEST(TrustArc, FieldsOfEachCookie) {
  const signal s = decode_trustarc(
      "notice_gdpr_prefs=0,1:ab12; notice_behavior=implied,eu; "
      "cmapi_gtm_bl=ga-ms-ua-ta-asp-bzi-sp-awct-cts-csm-img-flc-fls-mpm-mpr-m6d-tc-tdc; "
      "gpcishonored=true; TAsessionID=abc|NEW; notice_poptime=1619000000000");
  ASSERT_TRUE(s.ok) << s.error;
  const node* idx = at(s.fields, {"notice_gdpr_prefs", "indices"});
  ASSERT_NE(idx, nullptr);
  EXPECT_EQ(idx->ints, (std::vector<std::int64_t>{0, 1}));
  EXPECT_TRUE(member_of(*at(s.fields, {"notice_gdpr_prefs"}), "indices")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"notice_gdpr_prefs", "hash"}), "ab12");
  EXPECT_EQ(str_at(s.fields, {"notice_behavior", "mode"}), "implied");
  EXPECT_EQ(str_at(s.fields, {"notice_behavior", "region"}), "eu");
  EXPECT_TRUE(member_of(*at(s.fields, {"notice_behavior"}), "mode")->uncertain);
  EXPECT_EQ(at(s.fields, {"cmapi_gtm_bl"})->items.size(), 18u);
  EXPECT_EQ(str_at(s.fields, {"cmapi_gtm_bl", "#7"}), "awct");
  EXPECT_EQ(bool_at(s.fields, {"gpcishonored"}), 1);
  EXPECT_EQ(s.sum.gpc, std::optional<bool>(true));
  EXPECT_TRUE(has_note(s, "gpcishonored"));
  EXPECT_EQ(str_at(s.fields, {"ta_session_id"}), "abc|NEW");
  EXPECT_EQ(s.sum.region, "");  // "eu" is TrustArc's, not an ISO region
  const signal empty_bl = decode_trustarc("cmapi_gtm_bl=");
  ASSERT_TRUE(empty_bl.ok) << empty_bl.error;
  EXPECT_EQ(member_of(empty_bl.fields, "cmapi_gtm_bl")->meaning, "nothing blocked");
}

TEST(TrustArc, AgreeingAndDisagreeingCookies) {
  const signal agree =
      decode_trustarc("notice_gdpr_prefs=0,1,2:; cmapi_cookie_privacy=permit 1,2,3");
  ASSERT_TRUE(agree.ok);
  EXPECT_EQ(purpose_of(agree, purpose::advertising), grant::granted);
  EXPECT_NE(source_of(agree, purpose::advertising).find("cmapi_cookie_privacy 3"),
            std::string::npos);
  const signal clash = decode_trustarc("notice_gdpr_prefs=0:; cmapi_cookie_privacy=permit 1,2,3");
  ASSERT_TRUE(clash.ok);
  EXPECT_EQ(purpose_of(clash, purpose::necessary), grant::granted);
  EXPECT_EQ(purpose_of(clash, purpose::advertising), grant::unknown);
  EXPECT_TRUE(has_note(clash, "advertising: fields disagree"));
}

TEST(TrustArc, LevelAboveTheKnownCategories) {
  const signal s = decode_trustarc("notice_preferences=5:");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(int_at(s.fields, {"notice_preferences", "level"}), 5);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_TRUE(has_note(s, "level 5 is above 2"));
  const signal g = decode_trustarc("notice_gdpr_prefs=0,7:");
  ASSERT_TRUE(g.ok) << g.error;
  EXPECT_TRUE(has_note(g, "category 7 is not mapped"));
}

TEST(TrustArc, Errors) {
  EXPECT_EQ(decode_trustarc("").error, "trustarc: empty value");
  EXPECT_NE(decode_trustarc("2:").error.find("does not tell which cookie"), std::string::npos);
  EXPECT_NE(decode_trustarc("hello").error.find("does not tell which cookie"), std::string::npos);
  EXPECT_NE(decode_trustarc("notice_gdpr_prefs=a,b:").error.find("not <index,...>:"),
            std::string::npos);
  EXPECT_NE(decode_trustarc("notice_preferences=0,1:").error.find("<level>:"), std::string::npos);
  EXPECT_NE(decode_trustarc("cmapi_cookie_privacy=allow 1").error.find("'permit'"),
            std::string::npos);
  EXPECT_NE(decode_trustarc("cmapi_cookie_privacy=permit x").error.find("permit <levels>"),
            std::string::npos);
  EXPECT_NE(decode_trustarc("other=1").error.find("no TrustArc cookie"), std::string::npos);
  const signal guessed = decode_trustarc("implied,eu");
  ASSERT_TRUE(guessed.ok) << guessed.error;
  EXPECT_TRUE(has_note(guessed, "read as notice_behavior"));
  test::expect_survives_hostile(decode_trustarc, "trustarc");
}

// ---- Sourcepoint -----------------------------------------------------------

TEST(Sourcepoint, CookiePairs) {
  const signal s = decode_sourcepoint(
      "consentUUID=0a1b2c3d-1111-2222-3333-444455556666_7; consentDate=2024-02-03T04:05:06.789Z; "
      "ccpaApplies=true; dnsDisplayed=false; usnatUUID=9f8e7d6c-0000-4000-8000-000000000000; "
      "signedLspa=false; _sp_v1_data=2:232240:1700000000:0:1:0:1:0:-1:-1; _sp_su=false");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "sourcepoint");
  EXPECT_EQ(str_at(s.fields, {"consent_uuid"}), "0a1b2c3d-1111-2222-3333-444455556666_7");
  EXPECT_EQ(s.sum.consent_id, "0a1b2c3d-1111-2222-3333-444455556666_7");
  EXPECT_EQ(s.sum.choice_time, "2024-02-03T04:05:06.789000Z");
  EXPECT_TRUE(has_note(s, "choice_time from consentDate"));
  EXPECT_EQ(bool_at(s.fields, {"ccpa_applies"}), 1);
  EXPECT_TRUE(member_of(s.fields, "ccpa_applies")->uncertain);
  EXPECT_EQ(bool_at(s.fields, {"dns_displayed"}), 0);
  EXPECT_TRUE(member_of(s.fields, "dns_displayed")->uncertain);
  EXPECT_EQ(bool_at(s.fields, {"signed_lspa"}), 0);
  EXPECT_TRUE(member_of(s.fields, "signed_lspa")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"usnat_uuid"}), "9f8e7d6c-0000-4000-8000-000000000000");
  EXPECT_TRUE(member_of(s.fields, "_sp_v1_data")->uncertain);
  EXPECT_TRUE(has_note(s, "ccpaApplies=true"));
  EXPECT_EQ(s.sum.region, "");  // ccpaApplies is not by itself California
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  EXPECT_FALSE(s.sum.interacted.has_value());
}

TEST(Sourcepoint, Errors) {
  EXPECT_EQ(decode_sourcepoint("").error, "sourcepoint: empty value");
  EXPECT_NE(decode_sourcepoint("abc").error.find("no cookie name"), std::string::npos);
  EXPECT_NE(decode_sourcepoint("foo=1").error.find("no Sourcepoint cookie"), std::string::npos);
  const signal bad_date = decode_sourcepoint("consentDate=yesterday");
  ASSERT_TRUE(bad_date.ok);
  EXPECT_TRUE(bad_date.sum.choice_time.empty());
  EXPECT_TRUE(member_of(bad_date.fields, "consent_date")->uncertain);
  test::expect_survives_hostile(decode_sourcepoint, "sourcepoint");
}

// ---- Osano, Termly ---------------------------------------------------------

TEST(Osano, OpaqueBlobAndUuid) {
  const signal s = decode_osano("osano_consentmanager=aYnRItFYb2xkZXJfZXhhbXBsZQ==");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "osano");
  EXPECT_TRUE(member_of(s.fields, "osano_consentmanager")->uncertain);
  EXPECT_TRUE(has_note(s, "not decodable offline"));
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  const signal u = decode_osano("osano_consentmanager_uuid=5f3c2b1a-0d9e-4f8a-b7c6-d5e4f3a2b1c0");
  ASSERT_TRUE(u.ok) << u.error;
  EXPECT_EQ(u.sum.consent_id, "5f3c2b1a-0d9e-4f8a-b7c6-d5e4f3a2b1c0");
  const signal bare = decode_osano("5f3c2b1a-0d9e-4f8a-b7c6-d5e4f3a2b1c0");
  EXPECT_EQ(bare.sum.consent_id, "5f3c2b1a-0d9e-4f8a-b7c6-d5e4f3a2b1c0");
  EXPECT_EQ(decode_osano("").error, "osano: empty value");
  EXPECT_EQ(decode_osano("{\"ANALYTICS\":\"ACCEPT\"}").error,
            "osano_consentmanager: offset 0: not a base64url blob");
  test::expect_survives_hostile(decode_osano, "osano");
}

TEST(Termly, NoteOnly) {
  const signal s = decode_termly("some-termly-value");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(member_of(s.fields, "value")->uncertain);
  EXPECT_TRUE(has_note(s, "not documented [uncertain]"));
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  EXPECT_EQ(decode_termly(" ").error, "termly: empty value");
  test::expect_survives_hostile(decode_termly, "termly");
}

// ---- Microsoft Clarity _clck -----------------------------------------------

TEST(ClarityClck, OlderSeparatorWithConsentZero) {
  const signal s = decode_clarity_clck("11fhisf|2|fom|0|1526");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "clarity_clck");
  EXPECT_EQ(str_at(s.fields, {"user_id"}), "11fhisf");
  EXPECT_EQ(int_at(s.fields, {"cookie_version"}), 2);
  EXPECT_EQ(int_at(s.fields, {"expiry"}), 15 * 36 * 36 + 24 * 36 + 22);  // base36 "fom"
  EXPECT_EQ(int_at(s.fields, {"consent"}), 0);
  EXPECT_EQ(int_at(s.fields, {"dob"}), 1526);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(source_of(s, purpose::analytics), "_clck consent");
  EXPECT_TRUE(has_note(s, "does not show that a person refused"));
  EXPECT_FALSE(s.sum.interacted.has_value());
}

TEST(ClarityClck, CurrentSeparatorWithConsentOne) {
  const signal s = decode_clarity_clck("_clck=1abc2de%5E2%5Efom%5E1%5E1700");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(str_at(s.fields, {"user_id"}), "1abc2de");
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
}

TEST(ClarityClck, OlderValuesWithFewerFields) {
  const signal s = decode_clarity_clck("1abc2de|1|fom");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(at(s.fields, {"consent"}), nullptr);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::unknown);
  EXPECT_TRUE(has_note(s, "without the consent field"));
  const signal more = decode_clarity_clck("a^2^fom^1^1^extra");
  ASSERT_TRUE(more.ok);
  EXPECT_TRUE(has_note(more, "fields after the 5th"));
}

TEST(ClarityClck, Errors) {
  EXPECT_EQ(decode_clarity_clck("").error, "_clck: empty value");
  EXPECT_NE(decode_clarity_clck("abc").error.find("no '^' or '|'"), std::string::npos);
  EXPECT_EQ(decode_clarity_clck("^2^fom^1^1").error, "_clck: offset 0: empty userId");
  EXPECT_EQ(decode_clarity_clck("abc^x^fom^1^1").error,
            "_clck: field 2 (cookie version) at offset 4: 'x' is not an integer");
  EXPECT_EQ(decode_clarity_clck("abc^2^f!m^1^1").error,
            "_clck: field 3 (expiry) at offset 6: 'f!m' is not base36");
  EXPECT_EQ(decode_clarity_clck("abc^2^fom^7^1").error,
            "_clck: field 4 (consent) at offset 10: '7' is not 0 or 1");
  EXPECT_EQ(decode_clarity_clck("abc^2^fom^1^x").error,
            "_clck: field 5 (dob) at offset 12: 'x' is not an integer");
  test::expect_survives_hostile(decode_clarity_clck, "clarity_clck");
  EXPECT_FALSE(decode_clarity_clck("a^2^" + std::string(100, 'z') + "^1^1").ok);
}

}  // namespace
}  // namespace harfact::consent
