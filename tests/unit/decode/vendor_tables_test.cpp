// Vendor decoder tables, analytics, marketing, session replay and other vendors, on
// hits in the formats signals.md (Part A) documents; and the database's decoder
// names against the registry.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "vendor_test_support.hpp"

namespace harfact::decode {
namespace {

using namespace vendor_test;  // NOLINT(google-build-using-namespace): test helpers

TEST(VendorTables, SegmentTrackAndBatch) {
  const auto track =
      run(post_json(
              "https://api.segment.io/v1/t",
              R"({"type":"track","event":"Order Completed","properties":{"total":59.9},)"
              R"("context":{"page":{"url":"https://shop.test/thanks","path":"/thanks",)"
              R"("referrer":"https://shop.test/cart","title":"Thanks"},"userAgent":"Mozilla/5.0",)"
              R"("consent":{"categoryPreferences":{"Advertising":false,"Analytics":true}}},)"
              R"("anonymousId":"0f1e2d3c","userId":"u-42","writeKey":"wk123","messageId":"m-1",)"
              R"("sentAt":"2026-01-01T00:00:00.000Z"})"),
          "segment.event");
  EXPECT_EQ(track.out.events, events{"Order Completed"});
  EXPECT_EQ(kind(track.out, "writeKey"), k::account_id);
  EXPECT_EQ(kind(track.out, "context.page.url"), k::page_url);
  EXPECT_EQ(kind(track.out, "context.page.referrer"), k::referrer);
  EXPECT_EQ(kind(track.out, "context.page.title"), k::page_title);
  EXPECT_EQ(kind(track.out, "anonymousId"), k::client_id);
  EXPECT_EQ(kind(track.out, "userId"), k::user_id);
  EXPECT_EQ(kind(track.out, "properties.total"), k::custom_data);
  EXPECT_EQ(kind(track.out, "context.consent.categoryPreferences.Advertising"), k::consent_signal);
  const auto batch =
      run(post_json("https://api.segment.io/v1/batch",
                    R"({"batch":[{"type":"identify","userId":"u-42",)"
                    R"("traits":{"email":"jane@example.com"}},)"
                    R"({"type":"track","event":"Signed Up","properties":{"plan":"pro"}}],)"
                    R"("writeKey":"wk123"})"),
          "segment.event");
  EXPECT_EQ(batch.out.events, events{"Signed Up"});
  EXPECT_EQ(kind(batch.out, "batch.0.traits.email"), k::user_data_plain);
  EXPECT_EQ(at(batch.out, "batch.0.traits.email").personal_data, "email");
  EXPECT_EQ(kind(batch.out, "batch.0.userId"), k::user_id);
  EXPECT_EQ(kind(batch.out, "writeKey"), k::account_id);
}

TEST(VendorTables, MixpanelBase64DataEvenWhenLong) {
  std::string props = R"("token":"tok123","distinct_id":"d-1","$current_url":"https://shop.test/",)"
                      R"("$referrer":"https://search.test/","filler":")" +
                      std::string(3000, 'x') + "\"";
  const std::string data = R"([{"event":"$mp_web_page_view","properties":{)" + props +
                           R"(}},{"event":"Clicked Buy","properties":{"token":"tok123"}}])";
  const auto d = run(har_with("POST", "https://api-js.mixpanel.com/track/?ip=1",
                              post_data("application/x-www-form-urlencoded",
                                        "data=" + percent_encode(base64(data)))),
                     "mixpanel.track");
  EXPECT_EQ(d.out.events, (events{"$mp_web_page_view", "Clicked Buy"}));
  EXPECT_EQ(kind(d.out, "data.0.properties.token"), k::account_id);
  EXPECT_EQ(kind(d.out, "data.0.properties.$current_url"), k::page_url);
  EXPECT_EQ(kind(d.out, "data.0.properties.$referrer"), k::referrer);
  EXPECT_EQ(kind(d.out, "data.0.properties.distinct_id"), k::other);  // not described
  EXPECT_EQ(at(d.out, "data.0.event").source, "body (data base64-decoded)");
  EXPECT_TRUE(at(d.out, "data").truncated);  // the raw field is cut; its members are whole
  // The GET form of the signature's own sample.
  const auto sample =
      run(get("https://api-js.mixpanel.com/track/?data=eyJldmVudCI6IiRtcF93ZWJfcGFnZV92aWV3In0%3D"
              "&ip=1"),
          "mixpanel.track");
  EXPECT_EQ(sample.out.events, events{"$mp_web_page_view"});
  // Plain JSON in data.
  const auto plain = run(post_form("https://api-js.mixpanel.com/track/",
                                   "data=" + percent_encode(R"({"event":"$opt_in"})")),
                         "mixpanel.track");
  EXPECT_EQ(plain.out.events, events{"$opt_in"});
}

TEST(VendorTables, AmplitudeHttpApi) {
  const auto d = run(
      post_json("https://api2.amplitude.com/2/httpapi",
                R"({"api_key":"k123","events":[{"event_type":"Viewed Pricing","user_id":"u-42",)"
                R"("device_id":"d-1","time":1773512525900,"event_properties":{"plan":"pro"},)"
                R"("user_properties":{"email":"jane@example.com"}}]})"),
      "amplitude.httpapi");
  EXPECT_EQ(d.out.events, events{"Viewed Pricing"});
  EXPECT_EQ(kind(d.out, "api_key"), k::account_id);
  EXPECT_EQ(kind(d.out, "events.0.user_id"), k::user_id);
  EXPECT_EQ(kind(d.out, "events.0.device_id"), k::client_id);
  EXPECT_EQ(kind(d.out, "events.0.event_properties.plan"), k::custom_data);
  EXPECT_EQ(at(d.out, "events.0.user_properties.email").personal_data, "email");
}

TEST(VendorTables, HeapPageView) {
  const auto d = run(get("https://heapanalytics.com/h?a=1234567890&u=4512345678901234"
                         "&h=%2Fproducts%2Fshoes&t=Shoes%20%7C%20Example%20Shop"),
                     "heap.pageview");
  EXPECT_EQ(kind(d.out, "a"), k::account_id);
  EXPECT_EQ(kind(d.out, "u"), k::client_id);
  EXPECT_TRUE(at(d.out, "u").uncertain);
  EXPECT_EQ(kind(d.out, "h"), k::page_url);
  EXPECT_EQ(kind(d.out, "t"), k::page_title);
}

TEST(VendorTables, HubSpotBeaconsAndCollectedForms) {
  const auto view = run(get("https://track.hubspot.com/__ptq.gif?k=1&a=1234567&t=Pricing"
                            "&pu=https%3A%2F%2Fshop.test%2Fpricing&po=%2Fpricing"
                            "&ct=standard-page&id=pe1234567_demo&value=0"),
                        "hubspot.pageview");
  EXPECT_EQ(view.out.events, events{"pe1234567_demo"});
  EXPECT_EQ(kind(view.out, "a"), k::account_id);
  EXPECT_EQ(kind(view.out, "pu"), k::page_url);
  EXPECT_EQ(kind(view.out, "t"), k::page_title);
  EXPECT_EQ(kind(view.out, "k"), k::other);
  const auto behavioral =
      run(get("https://track.hubspot.com/__ptbe.gif?k=1&a=1234567&n=pe1234567_signup&_plan=pro"),
          "hubspot.behavioral_event");
  EXPECT_EQ(behavioral.out.events, events{"pe1234567_signup"});
  EXPECT_TRUE(at(behavioral.out, "n").uncertain);
  EXPECT_EQ(kind(behavioral.out, "_plan"), k::custom_data);
  const auto forms =
      run(post_json("https://forms.hscollectedforms.net/collected-forms/submit/form",
                    R"({"contactFields":{"email":"jane@example.com","firstName":"Jane"},)"
                    R"("formValues":{"Email":"jane@example.com","Message":"Please call me back"},)"
                    R"("formSelectorId":"#contact","formSelectorClasses":".contact-form",)"
                    R"("labelToNameMap":{"Email":"email"},"portalId":1234567})"),
          "hubspot.collected_forms_submit");
  EXPECT_EQ(kind(forms.out, "portalId"), k::account_id);
  EXPECT_EQ(kind(forms.out, "contactFields.email"), k::user_data_plain);
  EXPECT_EQ(at(forms.out, "contactFields.email").personal_data, "email");
  EXPECT_EQ(kind(forms.out, "formValues.Message"), k::form_content);
  EXPECT_EQ(kind(forms.out, "formSelectorId"), k::form_content);
}

TEST(VendorTables, CriteoNestedEvents) {
  const auto hashed = run(get("https://sslwidget.criteo.com/event?a=12345&v=5.23.0"
                              "&tld=example-shop.test&p0=e%3Dexd%26site_type%3Dd&p1=e%3Dvh"
                              "&p2=e%3Dce%26m%3D%255B" +
                              k_sha256 + "%255D&adce=1"),
                          "criteo.event");
  EXPECT_EQ(hashed.out.events, (events{"exd", "vh", "ce"}));
  EXPECT_EQ(kind(hashed.out, "a"), k::account_id);
  EXPECT_EQ(kind(hashed.out, "tld"), k::page_url);
  EXPECT_EQ(kind(hashed.out, "p2.m"), k::user_data_hashed);
  EXPECT_TRUE(at(hashed.out, "p2.m").uncertain);
  EXPECT_EQ(kind(hashed.out, "p0.site_type"), k::other);  // not described
  // The fixture signals.md cites: a plain email.
  const auto plain = run(get("https://sslwidget.criteo.com/event?a=12345"
                             "&p1=e%3Dce%26m%3D%255Btest%2540test.com%255D"),
                         "criteo.event");
  EXPECT_EQ(kind(plain.out, "p1.m"), k::user_data_plain);
  EXPECT_EQ(at(plain.out, "p1.m").value, "[test@test.com]");
  EXPECT_EQ(at(plain.out, "p1.m").personal_data, "email");
}

TEST(VendorTables, TheTradeDesk) {
  const auto d = run(get("https://insight.adsrvr.org/track/up?adv=abc123&ref=https%3A%2F%2Fshop."
                         "test%2F&upid=xyz789&v=59.90&vf=USD&orderid=ORDER-1001"),
                     "the_trade_desk.universal_pixel");
  EXPECT_EQ(kind(d.out, "adv"), k::account_id);
  EXPECT_EQ(kind(d.out, "upid"), k::account_id);
  EXPECT_EQ(kind(d.out, "v"), k::custom_data);
  EXPECT_EQ(kind(d.out, "orderid"), k::custom_data);
  EXPECT_EQ(kind(d.out, "ref"), k::other);  // not described
}

TEST(VendorTables, AdobeAppMeasurementWebSdkAndConsent) {
  const auto am =
      run(get("https://smetrics.shop.test/b/ss/shoprsid/1/JS-2.22.0/s12345678901234?AQB=1"
              "&pageName=Product%3A%20Shoes&g=https%3A%2F%2Fshop.test%2Fshoes"
              "&r=https%3A%2F%2Fsearch.test%2F&events=prodView%2Cevent3&products=%3BSKU1"
              "&v1=summer&c2=shoes&mid=12345678901234567890&c.=&a.=&deviceName=Pixel&.a="
              "&myKey=value&.c=&AQE=1"),
          "adobe_analytics.appmeasurement_get");
  EXPECT_EQ(am.out.events, events{"prodView,event3"});
  EXPECT_EQ(kind(am.out, "pageName"), k::page_title);
  EXPECT_EQ(kind(am.out, "g"), k::page_url);
  EXPECT_EQ(kind(am.out, "r"), k::referrer);
  EXPECT_EQ(kind(am.out, "mid"), k::client_id);
  EXPECT_EQ(kind(am.out, "v1"), k::custom_data);
  EXPECT_EQ(kind(am.out, "c2"), k::custom_data);
  EXPECT_EQ(kind(am.out, "deviceName"), k::custom_data);
  EXPECT_EQ(at(am.out, "deviceName").meaning, "context data: c.a.deviceName");
  EXPECT_EQ(at(am.out, "myKey").meaning, "context data: c.myKey");
  EXPECT_EQ(kind(am.out, "AQB"), k::other);
  const auto sdk =
      run(post_json("https://edge.adobedc.net/ee/v1/interact?configId=ds-123&requestId=r-1",
                    R"({"events":[{"xdm":{"eventType":"web.webpagedetails.pageViews","web":)"
                    R"({"webPageDetails":{"name":"Home","URL":"https://shop.test/"}}}}]})"),
          "adobe_analytics.websdk_interact");
  EXPECT_EQ(sdk.out.events, events{"web.webpagedetails.pageViews"});
  EXPECT_EQ(kind(sdk.out, "configId"), k::account_id);
  EXPECT_EQ(kind(sdk.out, "events.0.xdm.web.webPageDetails.URL"), k::page_url);
  EXPECT_EQ(kind(sdk.out, "events.0.xdm.web.webPageDetails.name"), k::page_title);
  const auto consent =
      run(post_json("https://edge.adobedc.net/ee/v1/privacy/set-consent?configId=ds-123",
                    R"({"consent":[{"standard":"Adobe","version":"2.0",)"
                    R"("value":{"collect":{"val":"n"}}}]})"),
          "adobe_analytics.websdk_consent");
  EXPECT_EQ(kind(consent.out, "consent.0.value.collect.val"), k::consent_signal);
  EXPECT_EQ(at(consent.out, "consent.0.value.collect.val").value, "n");
  EXPECT_EQ(kind(consent.out, "consent.0.standard"), k::consent_signal);
}

TEST(VendorTables, FullStoryPageAndBundle) {
  const auto page = run(post_json("https://rs.fullstory.com/rec/page",
                                  R"({"OrgId":"o-1ABCDE-na1","Url":"https://shop.test/checkout"})"),
                        "fullstory.rec_page");
  EXPECT_EQ(kind(page.out, "OrgId"), k::account_id);
  EXPECT_EQ(kind(page.out, "Url"), k::page_url);
  const auto bundle =
      run(post_json("https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1ABCDE-na1"
                    "&UserId=5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    R"({"Seq":9,"When":162400,"Evts":[{"Kind":9,"Args":[1,"x"]}]})"),
          "fullstory.rec_bundle");
  EXPECT_EQ(kind(bundle.out, "OrgId"), k::account_id);
  EXPECT_EQ(kind(bundle.out, "UserId"), k::client_id);
  EXPECT_TRUE(at(bundle.out, "UserId").uncertain);
  EXPECT_EQ(kind(bundle.out, "Evts.0.Kind"), k::other);
  EXPECT_FALSE(at(bundle.out, "Evts.0.Kind").meaning.empty());
  EXPECT_TRUE(at(bundle.out, "Seq").meaning.empty());  // shown, not described
}

TEST(VendorTables, HotjarSiteIdOnTheSocket) {
  const auto d = run(
      har_with("GET", "wss://ws.hotjar.com/api/v2/client/ws?v=6&site_id=3912847", "",
               R"(,"_webSocketMessages":[{"type":"send","time":1,"opcode":1,"data":"{\"a\":1}"}])"),
      "hotjar.websocket");
  EXPECT_EQ(kind(d.out, "site_id"), k::account_id);
  EXPECT_EQ(at(d.out, "a").source, "websocket frame 1 (sent)");
  EXPECT_TRUE(at(d.out, "a").meaning.empty());  // frame fields are not documented
}

TEST(VendorTables, ContentsquareQuantumMetricLogRocket) {
  const auto cs = run(get("https://c.contentsquare.net/pageview?pid=12345"
                          "&url=https%3A%2F%2Fexample-shop.test%2Fproducts%2Fshoes"),
                      "contentsquare.pageview");
  EXPECT_EQ(kind(cs.out, "pid"), k::account_id);
  EXPECT_EQ(kind(cs.out, "url"), k::page_url);
  const auto qm = run(har_with("POST",
                               "https://ingest.quantummetric.com/horizon/exampleshop?T=B"
                               "&u=https%3A%2F%2Fexample-shop.test%2Fcheckout"),
                      "quantum_metric.horizon_upload");
  EXPECT_EQ(kind(qm.out, "u"), k::page_url);
  EXPECT_EQ(kind(qm.out, "T"), k::other);
  EXPECT_TRUE(qm.out.body_not_captured);
  const auto lr =
      run(har_with("POST", "https://r.lr-ingest.io/i?a=ab12cd%2Fexample-shop"), "logrocket.ingest");
  EXPECT_EQ(kind(lr.out, "a"), k::account_id);
  EXPECT_TRUE(at(lr.out, "a").uncertain);
}

TEST(VendorTables, YahooTaboolaOutbrainQuora) {
  const auto yahoo =
      run(get("https://sp.analytics.yahoo.com/spp.pl?a=10000&.yp=10012345"), "yahoo_dot.event");
  EXPECT_EQ(kind(yahoo.out, "a"), k::account_id);
  EXPECT_EQ(kind(yahoo.out, ".yp"), k::account_id);
  EXPECT_TRUE(at(yahoo.out, ".yp").uncertain);
  const auto taboola =
      run(get("https://trc.taboola.com/1234567/log/3/unip?en=page_view&tim=1773512525900"),
          "taboola.unip_event");
  EXPECT_EQ(taboola.out.events, events{"page_view"});
  const auto outbrain = run(
      get("https://tr.outbrain.com/unifiedPixel?marketerId=00abc123&obApiVersion=1.1"
          "&name=PAGE_VIEW&dl=https%3A%2F%2Fshop.test%2F&optOut=false&orderValue=59.9&bust=0.1"),
      "outbrain.unified_pixel");
  EXPECT_EQ(outbrain.out.events, events{"PAGE_VIEW"});
  EXPECT_EQ(kind(outbrain.out, "marketerId"), k::account_id);
  EXPECT_EQ(kind(outbrain.out, "dl"), k::page_url);
  EXPECT_EQ(kind(outbrain.out, "optOut"), k::consent_signal);
  EXPECT_EQ(kind(outbrain.out, "orderValue"), k::custom_data);
  const auto quora =
      run(get("https://q.quora.com/_/ad/0123456789abcdef0123456789abcdef/pixel?tag=ViewContent"
              "&i=gtm"),
          "quora_pixel.event");
  EXPECT_EQ(quora.out.events, events{"ViewContent"});
}

// Vendors whose decoder this change adds (each with a test above).
const std::set<std::string, std::less<>> k_table_vendors{
    "linkedin_insight", "snap_pixel",    "pinterest_tag",     "x_pixel",
    "reddit_pixel",     "microsoft_uet", "google_floodlight", "google_tag_manager",
    "segment",          "mixpanel",      "amplitude",         "heap",
    "hubspot",          "criteo",        "the_trade_desk",    "adobe_analytics",
    "fullstory",        "hotjar",        "yahoo_dot",         "taboola",
    "outbrain",         "quora_pixel",   "contentsquare",     "quantum_metric",
    "logrocket"};

TEST(VendorTables, EveryTableIsRegistered) {
  for (const auto& v : k_table_vendors) {
    EXPECT_NE(builtin().find(v), nullptr) << v;
    EXPECT_NE(db().find_vendor(v), nullptr) << v << " is not a vendor id";
  }
}

// Signatures of a vendor with a table name it, after the generic decoders, which
// unwrap in order: base64, then gzip, then form / json / text_lines.
TEST(VendorTables, SignaturesNameTheirVendorDecoderLastInUnwrapOrder) {
  const std::map<std::string_view, int> rank{
      {"base64", 0}, {"gzip", 1}, {"form", 2}, {"json", 2}, {"text_lines", 2}};
  for (const auto& s : db().signatures()) {
    const auto& vendor = db().vendor_of(s).vendor_id;
    int last = -1;
    for (const auto& d : s.decoders) {
      const auto it = rank.find(d);
      if (it == rank.end()) continue;
      EXPECT_GE(it->second, last) << s.ref() << ": " << d << " out of unwrap order";
      last = std::max(last, it->second);
    }
    const bool carries = s.role == sig::role::beacon || s.role == sig::role::session_stream ||
                         s.role == sig::role::chat || s.role == sig::role::consent_record;
    if (!carries || k_table_vendors.count(vendor) == 0) continue;
    ASSERT_FALSE(s.decoders.empty()) << s.ref();
    EXPECT_EQ(s.decoders.back(), vendor) << s.ref();
  }
}

// Every decoder a signature names is built in, or is a vendor id whose
// payload signals.md does not document (listed, not failed).
TEST(VendorTables, DatabaseDecoderNamesAreKnown) {
  std::set<std::string> missing;
  for (const auto& s : db().signatures()) {
    for (const auto& d : s.decoders) {
      if (builtin().find(d) != nullptr) continue;
      if (db().find_vendor(d) != nullptr) {
        missing.insert(d);
      } else {
        ADD_FAILURE() << s.ref() << " names decoder \"" << d
                      << "\", which is neither built in nor a vendor id";
      }
    }
  }
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  RecordProperty("vendors_without_decoder", list);
  std::cout << "vendor decoders named by signatures but not built in (" << missing.size()
            << "): " << list << "\n";
}

}  // namespace
}  // namespace harfact::decode
