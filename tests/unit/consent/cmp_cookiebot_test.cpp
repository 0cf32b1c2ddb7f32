// Cookiebot decoders on values in the formats signals.md B.2/C.1/D.7 documents.
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
using test::url_encode;

const std::string k_stamp = "Yk5ZbTxKdjk2o8UVbHMCoHrqD1Ow7wXJd2ZAmsaQMBVXdp+uThJgcg==";

std::string literal(const std::string& region, const std::string& method = "explicit") {
  return "{stamp:'" + k_stamp +
         "',necessary:true,preferences:false,statistics:true,marketing:false,method:'" + method +
         "',ver:1,utc:1724770548958,region:'" + region + "'}";
}

TEST(Cookiebot, UrlEncodedLiteralWithCaliforniaRegion) {
  const signal s = decode_cookiebot(url_encode(literal("us-06")));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "cookiebot");
  EXPECT_EQ(s.input, literal("us-06"));
  const node& f = s.fields;
  EXPECT_EQ(str_at(f, {"stamp"}), k_stamp);
  EXPECT_EQ(bool_at(f, {"necessary"}), 1);
  EXPECT_EQ(bool_at(f, {"preferences"}), 0);
  EXPECT_EQ(bool_at(f, {"statistics"}), 1);
  EXPECT_EQ(bool_at(f, {"marketing"}), 0);
  EXPECT_EQ(str_at(f, {"method"}), "explicit");
  EXPECT_FALSE(member_of(f, "method")->uncertain);
  EXPECT_EQ(int_at(f, {"ver"}), 1);
  EXPECT_EQ(int_at(f, {"utc"}), 1724770548958);
  EXPECT_EQ(str_at(f, {"region"}), "us-06");
  EXPECT_TRUE(member_of(f, "region")->uncertain);

  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(source_of(s, purpose::functional), "preferences");
  EXPECT_EQ(source_of(s, purpose::advertising), "marketing");
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_EQ(s.sum.choice_time, "2024-08-27T14:55:48.958000Z");
  EXPECT_EQ(s.sum.consent_id, k_stamp);
  EXPECT_EQ(s.sum.region, "US-CA");
  EXPECT_TRUE(has_note(s, "FIPS state code [uncertain]"));
  EXPECT_FALSE(s.truncated);
}

TEST(Cookiebot, CountryRegionAndCookiePair) {
  const signal s = decode_cookiebot("CookieConsent=" + url_encode(literal("de")));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.region, "DE");
  EXPECT_FALSE(member_of(s.fields, "region")->uncertain);
  const signal unknown_state = decode_cookiebot(literal("us-99"));
  ASSERT_TRUE(unknown_state.ok);
  EXPECT_EQ(unknown_state.sum.region, "");
  const signal odd = decode_cookiebot(literal("somewhere"));
  ASSERT_TRUE(odd.ok);
  EXPECT_EQ(odd.sum.region, "");
  EXPECT_TRUE(member_of(odd.fields, "region")->uncertain);
}

TEST(Cookiebot, ImpliedMethodLeavesInteractionUnknown) {
  const signal s = decode_cookiebot(literal("de", "implied"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_TRUE(member_of(s.fields, "method")->uncertain);
  EXPECT_TRUE(has_note(s, "method 'implied'"));
  const signal other = decode_cookiebot(literal("de", "strict"));
  EXPECT_FALSE(other.sum.interacted.has_value());
  EXPECT_TRUE(has_note(other, "method 'strict' is not documented"));
}

TEST(Cookiebot, ConsentNotRequired) {
  for (const char* v : {"-1", "CookieConsent=-1", "%2D1"}) {
    SCOPED_TRACE(v);
    const signal s = decode_cookiebot(v);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_EQ(int_at(s.fields, {"value"}), -1);
    EXPECT_TRUE(member_of(s.fields, "value")->uncertain);
    EXPECT_TRUE(has_note(s, "consent not required in the visitor's region [uncertain]"));
    for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  }
}

TEST(Cookiebot, TolerantLiteralForms) {
  // Double-quoted keys and strings, spaces, TCF extras and an unknown key.
  const signal s = decode_cookiebot(
      R"( { "stamp" : "abc" , necessary : true, marketing:true, iab2:'CPxyz', gacm:"1~", )"
      R"(extra:{a:[1,'}']}, method:'explicit' } )");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(str_at(s.fields, {"stamp"}), "abc");
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_TRUE(member_of(s.fields, "iab2")->uncertain);
  EXPECT_TRUE(member_of(s.fields, "gacm")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"extra"}), "{a:[1,'}']}");
  EXPECT_TRUE(member_of(s.fields, "extra")->uncertain);
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  // Without braces.
  const signal bare = decode_cookiebot("necessary:true,statistics:false");
  ASSERT_TRUE(bare.ok) << bare.error;
  EXPECT_EQ(purpose_of(bare, purpose::analytics), grant::denied);
  // A category that is not a boolean is kept and flagged, not mapped.
  const signal odd = decode_cookiebot("{statistics:'yes',necessary:true}");
  ASSERT_TRUE(odd.ok);
  EXPECT_TRUE(member_of(odd.fields, "statistics")->uncertain);
  EXPECT_EQ(purpose_of(odd, purpose::analytics), grant::unknown);
}

TEST(Cookiebot, TruncatedValueKeepsWhatWasRead) {
  const signal s = decode_cookiebot("{stamp:'abc',necessary:true,statistics:true,utc:17247");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(at(s.fields, {"utc"}), nullptr);  // possibly cut: not decoded
  EXPECT_TRUE(s.sum.choice_time.empty());
  EXPECT_TRUE(has_note(s, "'utc' may be cut"));
  const signal q = decode_cookiebot("{stamp:'abc',necessary:true,region:'us-0");
  ASSERT_TRUE(q.ok) << q.error;
  EXPECT_TRUE(q.truncated);
  EXPECT_EQ(at(q.fields, {"region"}), nullptr);
}

TEST(Cookiebot, SyntaxErrorsSayWhere) {
  EXPECT_EQ(decode_cookiebot("").error, "CookieConsent: empty value");
  EXPECT_EQ(decode_cookiebot("{stamp 'x'}").error,
            "CookieConsent: offset 7: expected ':' after key 'stamp'");
  EXPECT_EQ(decode_cookiebot("{stamp:'x' necessary:true}").error,
            "CookieConsent: offset 11: expected ',' or '}'");
  EXPECT_EQ(decode_cookiebot("{stamp:'x'} trailing").error,
            "CookieConsent: offset 12: text after the closing '}'");
  EXPECT_EQ(decode_cookiebot("{:1}").error, "CookieConsent: offset 1: expected a key");
  EXPECT_EQ(decode_cookiebot("{}").error, "CookieConsent: no key:value pairs");
  EXPECT_NE(decode_cookiebot("{foo:1,bar:2}").error.find("no documented key"), std::string::npos);
  EXPECT_TRUE(decode_cookiebot("{stamp:'x").truncated);
  EXPECT_FALSE(decode_cookiebot("{stamp:'x").ok);  // nothing complete was read
}

TEST(Cookiebot, SurvivesHostileInput) {
  test::expect_survives_hostile(decode_cookiebot, "cookiebot");
  const signal s = decode_cookiebot("{stamp:'" + test::invalid_utf8() + "',necessary:true}");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.sum.consent_id, test::invalid_utf8());
  EXPECT_FALSE(decode_cookiebot("{x:" + std::string(100'000, '[')).ok);
  const signal huge =
      decode_cookiebot("{stamp:'" + std::string(1 << 20, 'a') + "',marketing:true}");
  ASSERT_TRUE(huge.ok);
  EXPECT_EQ(purpose_of(huge, purpose::advertising), grant::granted);
  EXPECT_FALSE(decode_cookiebot("{utc:99999999999999999999}").sum.choice_time.size() > 0);
}

// ---- logconsent.ashx -------------------------------------------------------

const std::string k_log =
    "https://consent.cookiebot.com/logconsent.ashx?action=accept&nocache=1724770548958&dnt=false"
    "&method=strict&clp=true&cls=true&clm=false&cbid=0b2a6f0e-1c1d-4e5f-8a9b-0c1d2e3f4a5b"
    "&cbt=leveloptin&hasdata=true&usercountry=US&referer=https%3A%2F%2Fshop.example%2F%3Fa%3D1%26b%"
    "3D2"
    "&rc=false";

TEST(CookiebotLog, AcceptWithPerCategoryFlags) {
  const signal s = decode_cookiebot_log(k_log);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "cookiebot_log");
  const node& f = s.fields;
  EXPECT_EQ(str_at(f, {"action"}), "accept");
  EXPECT_EQ(bool_at(f, {"clp"}), 1);
  EXPECT_EQ(bool_at(f, {"cls"}), 1);
  EXPECT_EQ(bool_at(f, {"clm"}), 0);
  EXPECT_EQ(bool_at(f, {"dnt"}), 0);
  EXPECT_EQ(int_at(f, {"nocache"}), 1724770548958);
  EXPECT_EQ(str_at(f, {"cbid"}), "0b2a6f0e-1c1d-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_TRUE(member_of(f, "method")->uncertain);
  EXPECT_TRUE(member_of(f, "cbt")->uncertain);
  EXPECT_EQ(str_at(f, {"referer"}), "https://shop.example/?a=1&b=2");
  EXPECT_EQ(at(f, {"b"}), nullptr);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::unknown);
  EXPECT_EQ(source_of(s, purpose::advertising), "logconsent clm (marketing)");
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_EQ(s.sum.region, "US");
}

TEST(CookiebotLog, QueryStringDeclineAndEncodedUrl) {
  const signal s =
      decode_cookiebot_log("action=decline&clp=false&cls=false&clm=false&usercountry=de");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(s.sum.region, "DE");
  const signal e = decode_cookiebot_log(url_encode(k_log));
  ASSERT_TRUE(e.ok) << e.error;
  EXPECT_EQ(str_at(e.fields, {"referer"}), "https://shop.example/?a=1&b=2");
  EXPECT_EQ(purpose_of(e, purpose::advertising), grant::denied);
  const signal frag = decode_cookiebot_log(k_log + "#x=1");
  EXPECT_EQ(at(frag.fields, {"x"}), nullptr);
}

TEST(CookiebotLog, ActionWithoutFlagsAndOddValues) {
  const signal s = decode_cookiebot_log("?action=accept&usercountry=US-06&clm=maybe&zzz=1");
  ASSERT_TRUE(s.ok) << s.error;
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  EXPECT_EQ(s.sum.region, "");
  EXPECT_TRUE(member_of(s.fields, "usercountry")->uncertain);
  EXPECT_TRUE(member_of(s.fields, "clm")->uncertain);
  EXPECT_TRUE(member_of(s.fields, "zzz")->uncertain);
  EXPECT_TRUE(has_note(s, "no clp/cls/clm flags"));
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
}

TEST(CookiebotLog, Errors) {
  EXPECT_EQ(decode_cookiebot_log("").error, "logconsent: empty query");
  EXPECT_EQ(decode_cookiebot_log("https://consent.cookiebot.com/logconsent.ashx?").error,
            "logconsent: empty query");
  EXPECT_NE(decode_cookiebot_log("a=1&b=2").error.find("no action"), std::string::npos);
  test::expect_survives_hostile(decode_cookiebot_log, "cookiebot_log");
}

}  // namespace
}  // namespace harfact::consent
