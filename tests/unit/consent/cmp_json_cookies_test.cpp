// Didomi, Ketch, iubenda and Usercentrics decoders on values built in the
// formats signals.md B.4/B.5/B.7/B.8/D.9 documents.
#include <gtest/gtest.h>

#include "cmp_test_support.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

using test::at;
using test::base64;
using test::bool_at;
using test::has_note;
using test::int_at;
using test::member_of;
using test::purpose_of;
using test::source_of;
using test::str_at;
using test::url_encode;

// ---- Didomi ----------------------------------------------------------------

const std::string k_didomi_json =
    R"({"user_id":"17a4c7f2-3f0a-6b4e-9c1d-2e3f4a5b6c7d","created":"2024-01-05T10:00:00.000Z",)"
    R"("updated":"2024-01-05T10:01:30.000Z","version":2,)"
    R"("vendors":{"enabled":["google","c:intercom","iab:755"],"disabled":["c:hotjar"]},)"
    R"("purposes":{"enabled":["geolocation_data"],"disabled":["device_characteristics"]},)"
    R"("vendors_li":{"enabled":["google"],"disabled":[]},"purposes_li":{"enabled":[],"disabled":[]}})";

TEST(Didomi, TokenInStandardAndUrlSafeBase64) {
  for (const std::string& token :
       {base64(k_didomi_json), base64(k_didomi_json, true), "didomi_token=" + base64(k_didomi_json),
        url_encode(base64(k_didomi_json))}) {
    SCOPED_TRACE(token.substr(0, 20));
    const signal s = decode_didomi(token);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_EQ(s.kind, "didomi");
    EXPECT_EQ(str_at(s.fields, {"user_id"}), "17a4c7f2-3f0a-6b4e-9c1d-2e3f4a5b6c7d");
    EXPECT_EQ(int_at(s.fields, {"version"}), 2);
    EXPECT_EQ(str_at(s.fields, {"vendors", "enabled", "#1"}), "c:intercom");
    EXPECT_EQ(str_at(s.fields, {"vendors", "disabled", "#0"}), "c:hotjar");
    EXPECT_EQ(str_at(s.fields, {"purposes", "enabled", "#0"}), "geolocation_data");
    EXPECT_EQ(str_at(s.fields, {"purposes", "disabled", "#0"}), "device_characteristics");
    EXPECT_EQ(str_at(s.fields, {"vendors_li", "enabled", "#0"}), "google");
    EXPECT_EQ(s.sum.consent_id, "17a4c7f2-3f0a-6b4e-9c1d-2e3f4a5b6c7d");
    EXPECT_EQ(s.sum.choice_time, "2024-01-05T10:01:30.000000Z");
    for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
    EXPECT_TRUE(has_note(s, "enabled: geolocation_data; disabled: device_characteristics"));
    EXPECT_FALSE(s.sum.interacted.has_value());
  }
}

TEST(Didomi, UndocumentedMembersAreFlagged) {
  const signal s = decode_didomi(base64(R"({"user_id":"u","ac":"1~","purposes":[1]})"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(member_of(s.fields, "ac")->uncertain);
  EXPECT_TRUE(has_note(s, "purposes: not an object"));
}

TEST(Didomi, DcsIsNotDecoded) {
  const signal s = decode_didomi("didomi_dcs=CQAbCdEfGhIjKlMnOpQrStUvWxYz.AAAA~sig");
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.error.find("not decoded by this version"), std::string::npos);
}

TEST(Didomi, Errors) {
  EXPECT_EQ(decode_didomi("").error, "didomi: empty value");
  EXPECT_EQ(decode_didomi("abc$def").error,
            "didomi_token: offset 3: '$' is not a base64 character");
  const std::string e = decode_didomi(base64(R"({"user_id":"u",})")).error;
  EXPECT_NE(e.find("is not JSON"), std::string::npos) << e;
  EXPECT_NE(e.find("expected a member name in double quotes at offset 15"), std::string::npos) << e;
  EXPECT_NE(decode_didomi(base64("[1]")).error.find("not an object"), std::string::npos);
  EXPECT_NE(decode_didomi(base64("{}")).error.find("empty"), std::string::npos);
  EXPECT_NE(decode_didomi("AA==AA").error.find("offset 4"), std::string::npos);
  const signal dcs_like = decode_didomi("CQAbCdEf.AAAA~sig");
  EXPECT_FALSE(dcs_like.ok);
  EXPECT_TRUE(has_note(dcs_like, "didomi_dcs"));
  EXPECT_NE(decode_didomi(base64(test::deep_json(5000))).error.find("not JSON"), std::string::npos);
  EXPECT_NE(
      decode_didomi(base64("{\"user_id\":\"" + test::invalid_utf8() + "\"}")).error.find("UTF-8"),
      std::string::npos);
  test::expect_survives_hostile(decode_didomi, "didomi");
}

// ---- Ketch -----------------------------------------------------------------

const std::string k_ketch_json =
    R"({"analytics":{"status":"granted","canonicalPurposes":["analytics"]},)"
    R"("essential_purposes":{"status":"granted","canonicalPurposes":["essential_services"]},)"
    R"("personalisation":{"status":"denied"},)"
    R"("targeted_advertising":{"status":"denied","canonicalPurposes":["behavioral_advertising"]}})";

TEST(Ketch, PurposesAndCanonicalMapping) {
  const signal s = decode_ketch(base64(k_ketch_json));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "ketch");
  EXPECT_EQ(str_at(s.fields, {"purposes", "#0", "purpose_code"}), "analytics");
  EXPECT_EQ(str_at(s.fields, {"purposes", "#0", "status"}), "granted");
  EXPECT_EQ(str_at(s.fields, {"purposes", "#0", "canonical_purposes", "#0"}), "analytics");
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(source_of(s, purpose::analytics), "ketch analytics (canonical analytics)");
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  EXPECT_NE(source_of(s, purpose::necessary).find("[uncertain: by name]"), std::string::npos);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::denied);
  EXPECT_NE(source_of(s, purpose::functional).find("code personalisation"), std::string::npos);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_TRUE(has_note(s, "jurisdiction default"));
  EXPECT_TRUE(has_note(s, "mapped by their names [uncertain]"));
  const signal pair = decode_ketch("_ketch_consent_v1_=" + url_encode(base64(k_ketch_json)));
  ASSERT_TRUE(pair.ok) << pair.error;
  EXPECT_EQ(purpose_of(pair, purpose::analytics), grant::granted);
}

TEST(Ketch, ConflictsAndOddStatuses) {
  const signal s = decode_ketch(
      base64(R"({"ads_a":{"status":"granted","canonicalPurposes":["behavioral_advertising"]},)"
             R"("ads_b":{"status":"denied","canonicalPurposes":["targeted_advertising"]},)"
             R"("analytics":{"status":"pending","extra":1},"other":5})"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_TRUE(has_note(s, "advertising: fields disagree"));
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::unknown);
  EXPECT_TRUE(member_of(*at(s.fields, {"purposes", "#2"}), "status")->uncertain);
  EXPECT_TRUE(member_of(*at(s.fields, {"purposes", "#2"}), "extra")->uncertain);
  EXPECT_TRUE(member_of(*at(s.fields, {"purposes", "#3"}), "value")->uncertain);
}

TEST(Ketch, Errors) {
  EXPECT_EQ(decode_ketch("").error, "_ketch_consent_v1_: empty value");
  EXPECT_NE(decode_ketch("e30").error.find("no purposes"), std::string::npos);  // "{}"
  EXPECT_NE(decode_ketch("!!").error.find("offset 0"), std::string::npos);
  EXPECT_NE(decode_ketch(base64("not json")).error.find("not JSON"), std::string::npos);
  test::expect_survives_hostile(decode_ketch, "ketch");
}

// ---- iubenda ---------------------------------------------------------------

TEST(Iubenda, CookieWithPurposes) {
  const std::string json =
      R"({"timestamp":"2024-03-01T12:00:00.000Z","version":"1.75.1","purposes":{"1":true,"3":true,"4":true,"5":false},"id":12345,"cons":{"rand":"a1b2c3"}})";
  const signal s = decode_iubenda("_iub_cs-12345=" + url_encode(json));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "iubenda");
  EXPECT_EQ(str_at(s.fields, {"cookie_name"}), "_iub_cs-12345");
  EXPECT_EQ(str_at(s.fields, {"version"}), "1.75.1");
  EXPECT_EQ(int_at(s.fields, {"id"}), 12345);
  EXPECT_EQ(int_at(s.fields, {"purposes", "#0", "id"}), 1);
  EXPECT_EQ(bool_at(s.fields, {"purposes", "#3", "granted"}), 0);
  EXPECT_EQ(str_at(s.fields, {"cons", "rand"}), "a1b2c3");
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::granted);  // 3 experience
  EXPECT_EQ(source_of(s, purpose::functional), "purposes 3 (experience)");
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(s.sum.choice_time, "2024-03-01T12:00:00.000000Z");
  EXPECT_FALSE(s.sum.interacted.has_value());
  // The bare JSON value works too.
  const signal bare = decode_iubenda(json);
  ASSERT_TRUE(bare.ok) << bare.error;
  EXPECT_EQ(purpose_of(bare, purpose::advertising), grant::denied);
}

TEST(Iubenda, FunctionalityAndExperienceDisagreeing) {
  const signal s = decode_iubenda(R"({"purposes":{"2":false,"3":true,"9":true}})");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::unknown);
  EXPECT_TRUE(has_note(s, "functional: fields disagree"));
  EXPECT_TRUE(member_of(*at(s.fields, {"purposes", "#2"}), "granted")->uncertain);
}

TEST(Iubenda, UsprCookieIsUncertain) {
  const signal s = decode_iubenda(
      "_iub_cs-12345-uspr=%7B%22s%22%3Atrue%2C%22sh%22%3Atrue%2C%22adv%22%3Atrue%7D");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(bool_at(s.fields, {"s"}), 1);
  EXPECT_EQ(bool_at(s.fields, {"sh"}), 1);
  EXPECT_EQ(bool_at(s.fields, {"adv"}), 1);
  for (const char* k : {"s", "sh", "adv"}) EXPECT_TRUE(member_of(s.fields, k)->uncertain);
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  EXPECT_FALSE(s.sum.sale_opt_out.has_value());
  EXPECT_TRUE(has_note(s, "polarity [uncertain]"));
  const signal bare = decode_iubenda(R"({"s":false,"sh":true,"adv":true})");
  ASSERT_TRUE(bare.ok);
  EXPECT_TRUE(member_of(bare.fields, "s")->uncertain);
}

TEST(Iubenda, OlderConsentFlagAndErrors) {
  const signal old = decode_iubenda(R"({"consent":true,"timestamp":"2020-01-01T00:00:00Z"})");
  ASSERT_TRUE(old.ok) << old.error;
  EXPECT_EQ(bool_at(old.fields, {"consent"}), 1);
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(old.sum.purposes[p], grant::unknown);
  EXPECT_EQ(decode_iubenda("").error, "iubenda: empty value");
  EXPECT_EQ(decode_iubenda("_iub_cs-1").error, "iubenda: no '=' after the cookie name");
  EXPECT_NE(decode_iubenda("_iub_cs-1=%7B%22timestamp").error.find("not JSON"), std::string::npos);
  EXPECT_NE(decode_iubenda(R"({"foo":1})").error.find("no timestamp"), std::string::npos);
  EXPECT_NE(decode_iubenda("[]").error.find("not a JSON object"), std::string::npos);
  test::expect_survives_hostile(decode_iubenda, "iubenda");
}

// ---- Usercentrics ----------------------------------------------------------

TEST(Usercentrics, UcSettingsServices) {
  const signal s = decode_usercentrics(
      R"({"controllerId":"c0ffee","id":"settings-1","language":"en","services":[)"
      R"({"id":"HkocEodjb7","processorId":"p1","status":true,"history":[{"action":"onAcceptAllServices",)"
      R"("language":"en","status":true,"timestamp":1700000000000,"type":"explicit",)"
      R"("versions":{"application":"2.0","service":"1","settings":"3"}}]},)"
      R"({"id":"BJ59EidsWQ","status":false}],"version":"3"})");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "usercentrics");
  EXPECT_EQ(str_at(s.fields, {"controller_id"}), "c0ffee");
  EXPECT_EQ(str_at(s.fields, {"services", "#0", "processor_id"}), "p1");
  EXPECT_EQ(bool_at(s.fields, {"services", "#0", "status"}), 1);
  EXPECT_TRUE(member_of(*at(s.fields, {"services", "#0"}), "history")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"services", "#0", "history", "#0", "type"}), "explicit");
  EXPECT_TRUE(has_note(s, "1 consented, 1 not"));
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
}

TEST(Usercentrics, UserInteractionAndLocalStorageNote) {
  const signal s = decode_usercentrics("uc_user_interaction=true");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  const signal n = decode_usercentrics("not json");
  EXPECT_FALSE(n.ok);
  EXPECT_TRUE(has_note(n, "localStorage"));
  EXPECT_NE(n.error.find("offset 0"), std::string::npos);
  EXPECT_FALSE(decode_usercentrics(R"({"a":1})").ok);
  EXPECT_FALSE(decode_usercentrics("uc_user_interaction=maybe").ok);
  test::expect_survives_hostile(decode_usercentrics, "usercentrics");
}

}  // namespace
}  // namespace harfact::consent
