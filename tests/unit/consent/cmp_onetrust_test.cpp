// OneTrust decoders on values built in the formats signals.md B.1/C.1/D.6 documents.
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

// An OptanonConsent value as the SDK writes it: a query string whose values are
// URL-encoded ('+' for spaces in datestamp).
std::string optanon(const std::string& groups, const std::string& extra = "",
                    const std::string& interaction = "1") {
  return "isGpcEnabled=0&datestamp=Tue+Oct+19+2021+11%3A31%3A41+GMT%2B0800+(" +
         url_encode("台北標準時間") +
         ")&version=6.20.0&isIABGlobal=false&hosts=&consentId=3d3b1c6e-6a5e-4c1e-9a0b-"
         "7f1e2d3c4b5a&interactionCount=" +
         interaction + "&landingPath=NotLandingPage&groups=" + url_encode(groups) +
         "&geolocation=US%3BCA&AwaitingReconsent=false" + extra;
}

TEST(OneTrust, DocumentedFieldsAndSummary) {
  const signal s = decode_onetrust(optanon("C0001:1,C0002:0,C0003:1,C0004:0"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "onetrust");
  const node& f = s.fields;
  EXPECT_EQ(int_at(f, {"is_gpc_enabled"}), 0);
  EXPECT_TRUE(member_of(f, "is_gpc_enabled")->uncertain);
  EXPECT_EQ(str_at(f, {"version"}), "6.20.0");
  EXPECT_EQ(bool_at(f, {"is_iab_global"}), 0);
  EXPECT_EQ(str_at(f, {"consent_id"}), "3d3b1c6e-6a5e-4c1e-9a0b-7f1e2d3c4b5a");
  EXPECT_EQ(int_at(f, {"interaction_count"}), 1);
  EXPECT_EQ(str_at(f, {"landing_path"}), "NotLandingPage");
  EXPECT_EQ(bool_at(f, {"awaiting_reconsent"}), 0);
  EXPECT_EQ(str_at(f, {"datestamp"}), "Tue Oct 19 2021 11:31:41 GMT+0800 (台北標準時間)");
  EXPECT_EQ(str_at(f, {"datestamp_utc"}), "2021-10-19T03:31:41.000000Z");
  EXPECT_TRUE(member_of(f, "datestamp_utc")->uncertain);
  EXPECT_NE(member_of(f, "datestamp_utc")->meaning.find("+08:00"), std::string::npos);
  ASSERT_NE(at(f, {"hosts"}), nullptr);
  EXPECT_TRUE(at(f, {"hosts"})->items.empty());

  const node* groups = at(f, {"groups"});
  ASSERT_NE(groups, nullptr);
  ASSERT_EQ(groups->items.size(), 4u);
  EXPECT_EQ(str_at(f, {"groups", "#0", "id"}), "C0001");
  EXPECT_EQ(bool_at(f, {"groups", "#0", "granted"}), 1);
  EXPECT_EQ(str_at(f, {"groups", "#0", "purpose"}), "necessary");
  EXPECT_EQ(bool_at(f, {"groups", "#1", "granted"}), 0);
  EXPECT_EQ(str_at(f, {"groups", "#3", "purpose"}), "advertising");

  EXPECT_EQ(str_at(f, {"geolocation", "country"}), "US");
  EXPECT_EQ(str_at(f, {"geolocation", "region"}), "CA");

  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::unknown);
  EXPECT_EQ(source_of(s, purpose::analytics), "groups C0002");
  EXPECT_EQ(source_of(s, purpose::advertising), "groups C0004");
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_EQ(s.sum.region, "US-CA");
  EXPECT_EQ(s.sum.consent_id, "3d3b1c6e-6a5e-4c1e-9a0b-7f1e2d3c4b5a");
  EXPECT_EQ(s.sum.choice_time, "2021-10-19T03:31:41.000000Z");
  EXPECT_TRUE(has_note(s, "choice_time from datestamp"));
  EXPECT_FALSE(s.sum.gpc.has_value());  // no browserGpcFlag
  EXPECT_TRUE(has_note(s, "a group missing from groups is unknown, not denied"));
}

TEST(OneTrust, DefaultsWithoutInteractionAreNotAChoice) {
  const signal s = decode_onetrust(optanon("C0001:1,C0002:1,C0003:1,C0004:1,C0005:1", "", "0"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(false));
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_TRUE(s.sum.choice_time.empty());  // no choice, so no choice time
  EXPECT_TRUE(has_note(s, "interactionCount=0"));
  EXPECT_EQ(member_of(s.fields, "interaction_count")->meaning,
            "0: no interaction with the banner or preference centre yet");
}

TEST(OneTrust, MissingGroupIsUnknownNotDenied) {
  const signal s = decode_onetrust(optanon("C0001:1,C0002:0"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::unknown);
  EXPECT_TRUE(source_of(s, purpose::advertising).empty());
}

TEST(OneTrust, SocialMediaFillsAdvertisingOnlyWithoutTargeting) {
  const signal a = decode_onetrust(optanon("C0001:1,C0005:0"));
  ASSERT_TRUE(a.ok) << a.error;
  EXPECT_EQ(purpose_of(a, purpose::advertising), grant::denied);
  EXPECT_EQ(source_of(a, purpose::advertising), "groups C0005");
  const signal b = decode_onetrust(optanon("C0001:1,C0004:1,C0005:0"));
  ASSERT_TRUE(b.ok) << b.error;
  EXPECT_EQ(purpose_of(b, purpose::advertising), grant::granted);
  EXPECT_EQ(source_of(b, purpose::advertising), "groups C0004");
  EXPECT_TRUE(has_note(b, "C0005 (social media) is denied"));
}

TEST(OneTrust, CustomGroupIdsAreNotMapped) {
  const signal s = decode_onetrust(optanon("OSSTA_BG:1,C0015:0,1:1,2:0,STACK42:1,V2STACK42:1"));
  ASSERT_TRUE(s.ok) << s.error;
  for (int p = 0; p < purpose_count; ++p) {
    EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  }
  EXPECT_TRUE(has_note(s, "groups OSSTA_BG, C0015, 1, 2, STACK42, V2STACK42: site-specific ids"));
  EXPECT_EQ(at(s.fields, {"groups", "#0", "purpose"}), nullptr);
  EXPECT_EQ(at(s.fields, {"groups"})->items.size(), 6u);
}

TEST(OneTrust, DoubleEncodedGeolocationAndWholeValue) {
  std::string v = optanon("C0001:1");
  const std::string from = "geolocation=US%3BCA";
  v.replace(v.find(from), from.size(), "geolocation=US%253BCA");
  const signal s = decode_onetrust(v);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.region, "US-CA");
  // The whole cookie encoded once more by a cookie store.
  const signal t = decode_onetrust(url_encode(v));
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(t.sum.region, "US-CA");
  EXPECT_EQ(purpose_of(t, purpose::necessary), grant::granted);
  EXPECT_EQ(str_at(t.fields, {"datestamp_utc"}), "2021-10-19T03:31:41.000000Z");
  // As a cookie pair.
  const signal u = decode_onetrust("OptanonConsent=" + v);
  ASSERT_TRUE(u.ok) << u.error;
  EXPECT_EQ(u.sum.consent_id, "3d3b1c6e-6a5e-4c1e-9a0b-7f1e2d3c4b5a");
}

TEST(OneTrust, GeolocationForms) {
  struct c {
    const char* geo;
    const char* region;
  };
  for (const auto& [geo, region] : {c{"US%3BNC", "US-NC"}, c{"AT%3B9", "AT-9"},
                                    c{"LT%3BVL", "LT-VL"}, c{"%3B", ""}, c{"DE", "DE"}}) {
    SCOPED_TRACE(geo);
    const signal s = decode_onetrust(std::string("groups=C0001%3A1&geolocation=") + geo);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_EQ(s.sum.region, region);
  }
}

TEST(OneTrust, LandingPathWithItsOwnQueryIsNotSplit) {
  const std::string landing = "https://shop.example/p?a=1&b=2";
  const signal s = decode_onetrust("interactionCount=0&landingPath=" + url_encode(landing) +
                                   "&groups=C0002%3A1");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(str_at(s.fields, {"landing_path"}), landing);
  EXPECT_NE(member_of(s.fields, "landing_path")->meaning.find("no interaction"), std::string::npos);
  EXPECT_EQ(at(s.fields, {"b"}), nullptr);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
}

TEST(OneTrust, GpcFlagsAndUncertainFields) {
  const signal s =
      decode_onetrust(optanon("C0001:1",
                              "&browserGpcFlag=1&intType=1&gppSid=7_8&GPPCookiesCount=1&genVendors="
                              "V1%3A1%2CV2%3A0%2C&isAnonUser=1&futureKey=x"));
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.gpc, std::optional<bool>(true));
  EXPECT_TRUE(has_note(s, "browserGpcFlag"));
  EXPECT_TRUE(member_of(s.fields, "browser_gpc_flag")->uncertain);
  EXPECT_EQ(int_at(s.fields, {"int_type"}), 1);
  EXPECT_TRUE(member_of(s.fields, "int_type")->uncertain);
  const node* sid = at(s.fields, {"gpp_sid"});
  ASSERT_NE(sid, nullptr);
  EXPECT_EQ(sid->t, node::type::int_set);
  EXPECT_EQ(sid->ints, (std::vector<std::int64_t>{7, 8}));
  EXPECT_NE(member_of(s.fields, "gpp_sid")->meaning.find("California"), std::string::npos);
  EXPECT_EQ(int_at(s.fields, {"gpp_cookies_count"}), 1);
  EXPECT_EQ(at(s.fields, {"gen_vendors"})->items.size(), 2u);
  EXPECT_EQ(str_at(s.fields, {"gen_vendors", "#1", "id"}), "V2");
  EXPECT_EQ(bool_at(s.fields, {"gen_vendors", "#1", "granted"}), 0);
  EXPECT_EQ(int_at(s.fields, {"is_anon_user"}), 1);
  EXPECT_TRUE(member_of(s.fields, "future_key")->uncertain);
  const signal off = decode_onetrust("groups=C0001%3A1&browserGpcFlag=0");
  EXPECT_EQ(off.sum.gpc, std::optional<bool>(false));
}

TEST(OneTrust, MalformedPartsAreKeptAndNoted) {
  const signal s = decode_onetrust(
      "groups=C0001%3A1%2CC0002%2CC0004%3Ax&interactionCount=many&groups=C0001%3A0&datestamp="
      "yesterday");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(has_note(s, "groups: entry 'C0002'"));
  EXPECT_TRUE(has_note(s, "groups: entry 'C0004:x'"));
  EXPECT_TRUE(has_note(s, "interactionCount: 'many' is not an integer"));
  EXPECT_TRUE(has_note(s, "'groups' repeated"));
  EXPECT_TRUE(has_note(s, "datestamp: not in JS Date.toString() form"));
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);  // first groups kept
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::unknown);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_TRUE(member_of(at(s.fields, {"groups"})->items[1], "granted")->uncertain);
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_EQ(str_at(s.fields, {"interaction_count"}), "many");
}

TEST(OneTrust, Errors) {
  EXPECT_EQ(decode_onetrust("").error, "OptanonConsent: empty value");
  EXPECT_NE(decode_onetrust("just text").error.find("no name=value pair"), std::string::npos);
  EXPECT_NE(decode_onetrust("a=1&b=2").error.find("no documented field"), std::string::npos);
  EXPECT_FALSE(decode_onetrust("OptanonConsent=").ok);
}

TEST(OneTrust, SurvivesHostileInput) {
  test::expect_survives_hostile(decode_onetrust, "onetrust");
  const signal s = decode_onetrust("groups=" + std::string(100'000, ',') + "C0001%3A1");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  const signal t = decode_onetrust("groups=C0001%3A1&consentId=" + test::invalid_utf8());
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.sum.consent_id, test::invalid_utf8());
}

// ---- OptanonAlertBoxClosed -------------------------------------------------

TEST(OneTrustClosed, TimestampIsTheChoiceTime) {
  const signal s = decode_onetrust_closed("2021-10-19T03:31:41.236Z");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "onetrust_closed");
  EXPECT_EQ(s.sum.choice_time, "2021-10-19T03:31:41.236000Z");
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_EQ(str_at(s.fields, {"timestamp"}), "2021-10-19T03:31:41.236Z");
  const signal t = decode_onetrust_closed("OptanonAlertBoxClosed=2021-10-19T03%3A31%3A41.236Z");
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(t.sum.choice_time, "2021-10-19T03:31:41.236000Z");
}

TEST(OneTrustClosed, NoZoneIsFlaggedAndGarbageFails) {
  const signal s = decode_onetrust_closed("2021-10-19T03:31:41");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(member_of(s.fields, "timestamp")->uncertain);
  EXPECT_TRUE(has_note(s, "no zone"));
  EXPECT_FALSE(decode_onetrust_closed("yesterday").ok);
  EXPECT_NE(decode_onetrust_closed("2021-13-19T03:31:41Z").error.find("not an ISO 8601"),
            std::string::npos);
  EXPECT_EQ(decode_onetrust_closed("").error, "OptanonAlertBoxClosed: empty value");
  test::expect_survives_hostile(decode_onetrust_closed, "onetrust_closed");
}

// ---- geolocation answer ----------------------------------------------------

TEST(OneTrustGeo, JsonAndJsonp) {
  const std::string body =
      R"({"country":"US","state":"CA","stateName":"California","continent":"NA"})";
  for (const std::string& b : {body, "jsonFeed(" + body + ");", " jsonFeed(" + body + ")\n"}) {
    SCOPED_TRACE(b);
    const signal s = decode_onetrust_geo(b);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_EQ(s.kind, "onetrust_geo");
    EXPECT_EQ(str_at(s.fields, {"country"}), "US");
    EXPECT_EQ(str_at(s.fields, {"state"}), "CA");
    EXPECT_EQ(str_at(s.fields, {"state_name"}), "California");
    EXPECT_EQ(str_at(s.fields, {"continent"}), "NA");
    EXPECT_FALSE(member_of(s.fields, "state")->uncertain);
    EXPECT_EQ(s.sum.region, "US-CA");
  }
  EXPECT_EQ(str_at(decode_onetrust_geo("jsonFeed(" + body + ");").fields, {"callback"}),
            "jsonFeed");
}

TEST(OneTrustGeo, ExtraFieldsAreUncertainAndCountryAlone) {
  const signal s = decode_onetrust_geo(
      R"(jsonFeed({"country":"DE","state":"","stateName":"","continent":"EU","zipcode":"10115","latitude":52.5,"city":"Berlin"}))");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.region, "DE");
  EXPECT_TRUE(member_of(s.fields, "zipcode")->uncertain);
  EXPECT_TRUE(member_of(s.fields, "latitude")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"latitude"}), "52.5");
  EXPECT_TRUE(member_of(s.fields, "city")->uncertain);
}

TEST(OneTrustGeo, Errors) {
  EXPECT_EQ(decode_onetrust_geo("").error, "onetrust_geo: empty body");
  const std::string bad = decode_onetrust_geo(R"({"country":"US",})").error;
  EXPECT_NE(bad.find("not JSON"), std::string::npos);
  EXPECT_NE(bad.find("offset"), std::string::npos);
  EXPECT_NE(decode_onetrust_geo(R"(jsonFeed({"country":)").error.find("not JSON"),
            std::string::npos);
  EXPECT_NE(decode_onetrust_geo("[1,2]").error.find("not a JSON object"), std::string::npos);
  EXPECT_NE(decode_onetrust_geo(R"({"ip":"1.2.3.4"})").error.find("no country or state"),
            std::string::npos);
  const std::string utf8 =
      decode_onetrust_geo("{\"country\":\"" + test::invalid_utf8() + "\"}").error;
  EXPECT_NE(utf8.find("UTF-8"), std::string::npos) << utf8;
  const std::string deep = decode_onetrust_geo(test::deep_json(100'000)).error;
  EXPECT_NE(deep.find("offset"), std::string::npos) << deep;
  test::expect_survives_hostile(decode_onetrust_geo, "onetrust_geo");
}

// ---- configuration JSON ----------------------------------------------------

TEST(OneTrustConfig, RuleSetsOfTheDomainJson) {
  const signal s = decode_onetrust_config(
      R"({"RuleSet":[{"Id":"r-1","Name":"US CCPA","Countries":[],"States":{"us":["ca"]},)"
      R"("Type":"CCPA","TemplateName":"CCPA Template","ConsentModel":{"Name":"opt-out"}},)"
      R"({"Id":"r-2","Name":"Global","Countries":["de","fr"],"Type":"GDPR","TemplateName":"GDPR"}]})");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "onetrust_config");
  EXPECT_TRUE(member_of(s.fields, "rule_set")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"rule_set", "#0", "type"}), "CCPA");
  EXPECT_EQ(str_at(s.fields, {"rule_set", "#0", "template_name"}), "CCPA Template");
  EXPECT_EQ(str_at(s.fields, {"rule_set", "#0", "consent_model"}), "opt-out");
  EXPECT_EQ(str_at(s.fields, {"rule_set", "#0", "states", "us", "#0"}), "ca");
  EXPECT_EQ(str_at(s.fields, {"rule_set", "#1", "countries", "#1"}), "fr");
  EXPECT_TRUE(member_of(at(s.fields, {"rule_set", "#1"})[0], "countries")->uncertain);
  for (int p = 0; p < purpose_count; ++p) EXPECT_EQ(s.sum.purposes[p], grant::unknown);
  EXPECT_TRUE(has_note(s, "configuration, not a consent state"));
}

TEST(OneTrustConfig, GroupsMappedByName) {
  const signal s = decode_onetrust_config(
      R"({"DomainData":{"ConsentModel":{"Name":"opt-in"},"ShowAlertNotice":true,"Groups":[)"
      R"({"CustomGroupId":"C0001","GroupName":"Strictly Necessary Cookies","Status":"always active",)"
      R"("FirstPartyCookies":[{"Name":"a"}],"Hosts":[]},)"
      R"({"CustomGroupId":"OSSTA_BG","GroupName":"Targeting Cookies","Hosts":[{"HostName":"doubleclick.net","HostId":"H1"},"criteo.com",{"HostId":"H3"}]},)"
      R"({"CustomGroupId":"C0002","GroupName":"Performance Cookies"},)"
      R"({"CustomGroupId":"C0003","GroupName":"Functional Cookies","SubGroups":[{"CustomGroupId":"C0003a","GroupName":"Preferences"}]},)"
      R"({"CustomGroupId":"SPD_BG","GroupName":"Sale of Personal Data"},)"
      R"({"CustomGroupId":"C0009","GroupName":"Other"},)"
      R"({"CustomGroupId":"C0004","GroupName":"Analytics"},)"
      R"({"CustomGroupId":"C0005"}]}})");
  ASSERT_TRUE(s.ok) << s.error;
  const node& f = s.fields;
  EXPECT_EQ(str_at(f, {"consent_model"}), "opt-in");
  EXPECT_TRUE(member_of(f, "consent_model")->uncertain);
  EXPECT_EQ(bool_at(f, {"show_alert_notice"}), 1);
  const node* g = at(f, {"groups"});
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->items.size(), 8u);
  const auto purpose_member = [&](std::size_t i) { return member_of(g->items[i], "purpose"); };
  EXPECT_EQ(str_at(f, {"groups", "#0", "purpose"}), "necessary");
  EXPECT_EQ(purpose_member(0)->meaning, "by group name 'Strictly Necessary Cookies'");
  EXPECT_TRUE(purpose_member(0)->uncertain);
  EXPECT_EQ(str_at(f, {"groups", "#0", "status"}), "always active");
  EXPECT_EQ(int_at(f, {"groups", "#0", "first_party_cookies"}), 1);
  EXPECT_EQ(str_at(f, {"groups", "#1", "id"}), "OSSTA_BG");
  EXPECT_EQ(str_at(f, {"groups", "#1", "name"}), "Targeting Cookies");
  EXPECT_TRUE(member_of(g->items[1], "id")->uncertain);
  EXPECT_EQ(str_at(f, {"groups", "#1", "purpose"}), "advertising");
  EXPECT_EQ(purpose_member(1)->meaning, "by group name 'Targeting Cookies'");
  ASSERT_NE(at(f, {"groups", "#1", "hosts"}), nullptr);
  EXPECT_EQ(at(f, {"groups", "#1", "hosts"})->items.size(), 2u);
  EXPECT_EQ(str_at(f, {"groups", "#1", "hosts", "#0"}), "doubleclick.net");
  EXPECT_EQ(str_at(f, {"groups", "#1", "hosts", "#1"}), "criteo.com");
  EXPECT_TRUE(at(f, {"groups", "#0", "hosts"})->items.empty());
  EXPECT_EQ(str_at(f, {"groups", "#2", "purpose"}), "analytics");
  EXPECT_EQ(str_at(f, {"groups", "#3", "purpose"}), "functional");
  EXPECT_EQ(str_at(f, {"groups", "#3", "sub_groups", "#0", "purpose"}), "functional");
  EXPECT_EQ(str_at(f, {"groups", "#4", "purpose"}), "sale_share");
  EXPECT_EQ(at(f, {"groups", "#5", "purpose"})->t, node::type::null);
  EXPECT_EQ(str_at(f, {"groups", "#6", "purpose"}), "analytics");
  EXPECT_NE(purpose_member(6)->meaning.find("default id C0004 would say advertising"),
            std::string::npos);
  EXPECT_EQ(str_at(f, {"groups", "#7", "purpose"}), "advertising");
  EXPECT_EQ(purpose_member(7)->meaning, "by OneTrust default id C0005");
  EXPECT_TRUE(has_note(s, "OSSTA_BG -> advertising"));
}

TEST(OneTrustConfig, Errors) {
  EXPECT_EQ(decode_onetrust_config("").error, "onetrust_config: empty body");
  EXPECT_NE(decode_onetrust_config(R"({"a":1})").error.find("none of RuleSet"), std::string::npos);
  EXPECT_NE(decode_onetrust_config("[]").error.find("not a JSON object"), std::string::npos);
  const std::string e = decode_onetrust_config(R"({"RuleSet":[}])").error;
  EXPECT_NE(e.find("offset 12"), std::string::npos) << e;
  // Odd shapes under the known keys are tolerated.
  const signal odd = decode_onetrust_config(
      R"({"RuleSet":{"x":1},"Groups":[1,"a",{"GroupName":7,"SubGroups":"no"}],"ConsentModel":"opt-out"})");
  ASSERT_TRUE(odd.ok) << odd.error;
  EXPECT_EQ(at(odd.fields, {"groups"})->items.size(), 1u);
  test::expect_survives_hostile(decode_onetrust_config, "onetrust_config");
}

// ---- consent receipt -------------------------------------------------------

std::string jwt() {
  return test::base64(R"({"alg":"RS256","typ":"JWT"})", true) + "." +
         test::base64(R"({"iat":1700000000,"moc":"WEB","sub":"collection-point-1"})", true) +
         ".c2lnbmF0dXJl";
}

TEST(OneTrustReceipt, BodyWithJwtPurposesAndPayload) {
  const std::string body =
      R"({"identifier":"3d3b1c6e-6a5e-4c1e-9a0b-7f1e2d3c4b5a","requestInformation":")" + jwt() +
      R"(","purposes":[{"Id":"8f1e2d3c-0000-4000-8000-000000000001","TransactionType":"CONFIRMED"}],)"
      R"("customPayload":{"activeGroup":",C0001,C0002,OSSTA_BG,","Date":"2024-05-01T10:00:00.000Z","language":"en"},)"
      R"("test":false})";
  const signal s = decode_onetrust_receipt(body);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "onetrust_receipt");
  EXPECT_EQ(s.input, body);  // a body is not percent-decoded
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_EQ(s.sum.choice_time, "2024-05-01T10:00:00.000000Z");
  EXPECT_EQ(s.sum.consent_id, "3d3b1c6e-6a5e-4c1e-9a0b-7f1e2d3c4b5a");
  EXPECT_EQ(str_at(s.fields, {"request_information", "payload", "sub"}), "collection-point-1");
  EXPECT_EQ(str_at(s.fields, {"request_information", "header", "alg"}), "RS256");
  EXPECT_EQ(bool_at(s.fields, {"request_information", "signature_present"}), 1);
  EXPECT_EQ(str_at(s.fields, {"purposes", "#0", "id"}), "8f1e2d3c-0000-4000-8000-000000000001");
  EXPECT_TRUE(member_of(at(s.fields, {"purposes", "#0"})[0], "transaction_type")->uncertain);
  EXPECT_EQ(str_at(s.fields, {"custom_payload", "active_group"}), ",C0001,C0002,OSSTA_BG,");
  EXPECT_EQ(bool_at(s.fields, {"test"}), 0);
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_TRUE(has_note(s, "activeGroup OSSTA_BG"));
  EXPECT_TRUE(has_note(s, "consent_id from the receipt identifier"));
}

TEST(OneTrustReceipt, EpochDateAndBadJwt) {
  const signal s = decode_onetrust_receipt(
      R"({"identifier":"x","requestInformation":"not-a-jwt","customPayload":{"Date":1714557600000}})");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.choice_time, "2024-05-01T10:00:00.000000Z");
  EXPECT_TRUE(has_note(s, "not a JWT"));
  const signal t =
      decode_onetrust_receipt(R"({"identifier":"x","requestInformation":"e30.!!!.sig"})");
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_TRUE(has_note(t, "JWT payload is not base64url at offset 4"));
  const signal u =
      decode_onetrust_receipt(R"({"identifier":"x","requestInformation":")" +
                              test::base64("{", true) + "." + test::base64("[1,", true) + R"(."})");
  ASSERT_TRUE(u.ok) << u.error;
  EXPECT_TRUE(has_note(u, "JWT header is not JSON"));
  EXPECT_TRUE(has_note(u, "JWT payload is not JSON"));
}

TEST(OneTrustReceipt, Errors) {
  EXPECT_EQ(decode_onetrust_receipt("").error, "onetrust_receipt: empty body");
  EXPECT_NE(decode_onetrust_receipt(R"({"identifier":)").error.find("not JSON"), std::string::npos);
  EXPECT_NE(decode_onetrust_receipt(R"({"a":1})").error.find("none of identifier"),
            std::string::npos);
  test::expect_survives_hostile(decode_onetrust_receipt, "onetrust_receipt");
}

}  // namespace
}  // namespace harfact::consent
