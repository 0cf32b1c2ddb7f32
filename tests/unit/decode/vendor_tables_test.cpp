// Vendor decoder tables on hits in the formats signals.md (Part A) documents,
// each decoded with the decoders its signature in the repository database
// names, and the database's decoder names against the registry.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "harfact/decode/decoder.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::decode {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A one-entry HAR around a request; `request_extra` and `entry_extra` are JSON
// members appended to the request and the entry.
std::string har_with(const std::string& method, const std::string& url,
                     const std::string& request_extra = "", const std::string& entry_extra = "") {
  return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{)"
         R"("startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{"method":")" +
         method + R"(","url":)" + json_string(url) +
         R"(,"httpVersion":"h","cookies":[],"headers":[],"queryString":[],"headersSize":-1,)"
         R"("bodySize":-1)" +
         request_extra +
         R"(},"response":{"status":200,"statusText":"","httpVersion":"h","cookies":[],"headers":[],)"
         R"("content":{"size":0,"mimeType":"x"},"redirectURL":"","headersSize":-1,"bodySize":-1},)"
         R"("cache":{},"timings":{"send":0,"wait":0,"receive":0})" +
         entry_extra + "}]}}";
}

std::string post_data(std::string_view mime, std::string_view text) {
  return R"(,"postData":{"mimeType":)" + json_string(mime) + R"(,"text":)" + json_string(text) +
         "}";
}

std::string get(const std::string& url) { return har_with("GET", url); }
std::string post(const std::string& url, std::string_view mime, std::string_view body) {
  return har_with("POST", url, post_data(mime, body));
}
std::string post_json(const std::string& url, std::string_view body) {
  return post(url, "application/json", body);
}
std::string post_form(const std::string& url, std::string_view body) {
  return post(url, "application/x-www-form-urlencoded", body);
}

std::string base64(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const auto byte = [&](std::size_t j) -> std::uint32_t {
      return j < in.size() ? static_cast<unsigned char>(in[j]) : 0u;
    };
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

std::string percent_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

const sig::database& db() {
  static const sig::database d = [] {
    auto r = sig::database::load(HARFACT_SOURCE_DIR "/signatures");
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return d;
}

const sig::signature& signature(std::string_view id) {
  for (const auto& s : db().signatures()) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no signature " + std::string(id));
}

struct decoded_entry {
  std::unique_ptr<har::reader> reader;
  har::entry e;
  decoded out;
};

// Decodes the HAR's one entry with the decoders signature `sig_id` names.
decoded_entry run(const std::string& har, std::string_view sig_id) {
  decoded_entry d;
  auto r = har::reader::open_memory(har, "test");
  if (!r) throw std::runtime_error(r.error().message);
  d.reader = std::move(*r);
  if (!d.reader->next(d.e).value()) throw std::runtime_error("no entry");
  d.out = decode_hit(d.e, signature(sig_id));
  return d;
}

const field& at(const decoded& d, std::string_view name) {
  for (const auto& f : d.fields) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no field " << name;
  static const field none{};
  return none;
}

field_kind kind(const decoded& d, std::string_view name) { return at(d, name).kind; }

using events = std::vector<std::string>;
using k = field_kind;
const std::string k_sha256 = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

TEST(VendorTables, LinkedInInsight) {
  const auto view = run(get("https://px.ads.linkedin.com/collect?v=2&fmt=js&pid=1234567"
                            "&url=https%3A%2F%2Fshop.test%2Fpricing&time=1773512525900"),
                        "linkedin_insight.collect");
  EXPECT_TRUE(view.out.events.empty());  // a page view carries no event name
  EXPECT_EQ(kind(view.out, "pid"), k::account_id);
  EXPECT_EQ(kind(view.out, "url"), k::page_url);
  EXPECT_EQ(at(view.out, "url").value, "https://shop.test/pricing");
  EXPECT_EQ(kind(view.out, "fmt"), k::other);
  EXPECT_FALSE(at(view.out, "fmt").meaning.empty());
  EXPECT_TRUE(at(view.out, "v").meaning.empty());  // not described in signals.md
  const auto conversion =
      run(get("https://px.ads.linkedin.com/collect/?pid=1234567&conversionId=7654321&fmt=gif"),
          "linkedin_insight.conversion");
  EXPECT_EQ(kind(conversion.out, "conversionId"), k::custom_data);
}

TEST(VendorTables, SnapPixelFormAndJson) {
  const auto form =
      run(post_form("https://tr.snapchat.com/p",
                    "pid=8a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b&ev=PAGE_VIEW"
                    "&pl=https%3A%2F%2Fshop.test%2Fshoes&rf=https%3A%2F%2Fsearch.test%2F"
                    "&u_hem=" +
                        k_sha256 + "&u_c1=a1b2c3&e_ss=running%20shoes&ts=1773512525900&v=1.0"),
          "snap_pixel.event");
  EXPECT_EQ(form.out.events, events{"PAGE_VIEW"});
  EXPECT_EQ(kind(form.out, "pid"), k::account_id);
  EXPECT_EQ(kind(form.out, "pl"), k::page_url);
  EXPECT_EQ(kind(form.out, "rf"), k::referrer);
  EXPECT_EQ(kind(form.out, "u_hem"), k::user_data_hashed);
  EXPECT_EQ(kind(form.out, "u_c1"), k::client_id);
  EXPECT_EQ(kind(form.out, "e_ss"), k::custom_data);
  EXPECT_EQ(kind(form.out, "ts"), k::other);
  const auto json = run(post_json("https://tr.snapchat.com/p",
                                  R"({"ctx":{"lib":"js"},"req":[{"t":{"pid":"8a1b2c3d-0000-4e5f)"
                                  R"(-8a9b-0c1d2e3f4a5b","ev":"PURCHASE","intg":"gtm"}}]})"),
                        "snap_pixel.event");
  EXPECT_EQ(json.out.events, events{"PURCHASE"});
  EXPECT_EQ(kind(json.out, "req.0.t.pid"), k::account_id);
  EXPECT_EQ(kind(json.out, "req.0.t.intg"), k::other);
}

TEST(VendorTables, PinterestTagJsonParameters) {
  const std::string ed = percent_encode(R"({"value":"49.90","currency":"USD","order_id":"A-1"})");
  const std::string pd = percent_encode(R"({"em":")" + k_sha256 + R"("})");
  const std::string ad = percent_encode(
      R"({"loc":"https://shop.test/checkout","ref":"https://shop.test/cart","if":false,)"
      R"("sh":1080,"sw":1920})");
  const auto d = run(get("https://ct.pinterest.com/v3/?tid=2612345678901&event=checkout&ed=" + ed +
                         "&pd=" + pd + "&ad=" + ad + "&cb=1773512525900"),
                     "pinterest_tag.event");
  EXPECT_EQ(d.out.events, events{"checkout"});
  EXPECT_EQ(kind(d.out, "tid"), k::account_id);
  EXPECT_EQ(kind(d.out, "pd.em"), k::user_data_hashed);
  EXPECT_EQ(kind(d.out, "ad.loc"), k::page_url);
  EXPECT_EQ(at(d.out, "ad.loc").value, "https://shop.test/checkout");
  EXPECT_EQ(at(d.out, "ad.loc").source, "query");
  EXPECT_EQ(kind(d.out, "ad.ref"), k::referrer);
  EXPECT_EQ(kind(d.out, "ed.order_id"), k::custom_data);
  EXPECT_EQ(kind(d.out, "ad.sw"), k::other);  // named in signals.md, not described
}

TEST(VendorTables, XPixelEventsAndAdvancedMatching) {
  const auto get_hit =
      run(get("https://analytics.twitter.com/i/adsct?txn_id=o1abc&p_id=Twitter"
              "&tw_sale_amount=59.9&tw_order_quantity=1&tw_document_href=https%3A%2F%2Fshop.test%2F"
              "&events=%5B%5B%22pageview%22%2C%7B%22content_type%22%3A%22product%22%7D%5D%5D"),
          "x_pixel.adsct");
  EXPECT_EQ(get_hit.out.events, events{"pageview"});
  EXPECT_EQ(kind(get_hit.out, "txn_id"), k::account_id);
  EXPECT_EQ(kind(get_hit.out, "tw_document_href"), k::page_url);
  EXPECT_EQ(kind(get_hit.out, "tw_sale_amount"), k::custom_data);
  EXPECT_EQ(kind(get_hit.out, "events.0.1.content_type"), k::custom_data);
  const auto post_hit =
      run(post_form("https://analytics.x.com/1/i/adsctp",
                    "txn_id=o1abc&event=%7B%22value%22%3A10%7D&email=" + k_sha256 +
                        "&phone_number=%2B1%20555%20010%209999&tw_document_href=https%3A%2F%2Fshop."
                        "test%2Fthanks"),
          "x_pixel.adsctp_post");
  EXPECT_EQ(kind(post_hit.out, "event"), k::custom_data);
  EXPECT_EQ(kind(post_hit.out, "event.value"), k::custom_data);
  EXPECT_EQ(kind(post_hit.out, "email"), k::user_data_hashed);  // a hex digest
  EXPECT_TRUE(at(post_hit.out, "email").uncertain);
  EXPECT_EQ(kind(post_hit.out, "phone_number"), k::user_data_plain);
  EXPECT_EQ(at(post_hit.out, "phone_number").personal_data, "phone");
  EXPECT_TRUE(post_hit.out.notes.empty());  // no JSON decoder complaining about a form body
}

TEST(VendorTables, RedditPixel) {
  const auto d = run(get("https://alb.reddit.com/rp.gif?ts=1773512525900&id=t2_abc123"
                         "&event=Custom&m.customEventName=Newsletter%20Signup&m.itemCount=1"
                         "&m.value=0&m.currency=USD&uuid=1a2b3c4d&integration=reddit&opt_out=0"
                         "&sh=1080&sw=1920&v=rdt_1a2b3c4d&dpm=&dpcc=&dprc="),
                     "reddit_pixel.event");
  EXPECT_EQ(d.out.events, (events{"Custom", "Newsletter Signup"}));
  EXPECT_EQ(kind(d.out, "id"), k::account_id);
  EXPECT_EQ(kind(d.out, "m.currency"), k::custom_data);
  EXPECT_EQ(kind(d.out, "opt_out"), k::consent_signal);
  EXPECT_TRUE(at(d.out, "opt_out").uncertain);
  EXPECT_TRUE(at(d.out, "dpm").uncertain);
  EXPECT_EQ(kind(d.out, "uuid"), k::other);  // named, not described
}

TEST(VendorTables, MicrosoftUet) {
  const auto d = run(get("https://bat.bing.com/action/0?ti=12345678&Ver=2&mid=a-b&sid=c&vid=d"
                         "&evt=pageLoad&p=https%3A%2F%2Fshop.test%2Fshoes&r=https%3A%2F%2Fsearch."
                         "test%2F&tl=Shoes%20%7C%20Shop&kw=shoes&asc=D&page_path=%2Fshoes"),
                     "microsoft_uet.event");
  EXPECT_EQ(d.out.events, events{"pageLoad"});
  EXPECT_EQ(kind(d.out, "ti"), k::account_id);
  EXPECT_EQ(kind(d.out, "p"), k::page_url);
  EXPECT_EQ(kind(d.out, "r"), k::referrer);
  EXPECT_EQ(kind(d.out, "tl"), k::page_title);
  EXPECT_EQ(kind(d.out, "asc"), k::consent_signal);
  EXPECT_TRUE(at(d.out, "asc").uncertain);
  EXPECT_EQ(kind(d.out, "mid"), k::other);
  const auto consent =
      run(get("https://bat.bing.com/action/0?ti=12345678&evt=consent&src=update&asc=G"),
          "microsoft_uet.consent_event");
  EXPECT_EQ(consent.out.events, events{"consent"});
  EXPECT_EQ(kind(consent.out, "src"), k::consent_signal);
}

TEST(VendorTables, GoogleFloodlightPathParameters) {
  const auto d =
      run(get("https://ad.doubleclick.net/activity;src=12345678;type=sales0;cat=purch0;qty=1;"
              "cost=59.90;npa=1;gdpr=0;ord=ORDER-1001?"),
          "google_floodlight.activity");
  EXPECT_EQ(kind(d.out, "src"), k::account_id);
  EXPECT_EQ(at(d.out, "src").value, "12345678");
  EXPECT_EQ(at(d.out, "src").source, "path");
  EXPECT_EQ(kind(d.out, "type"), k::custom_data);
  EXPECT_EQ(kind(d.out, "cat"), k::custom_data);
  EXPECT_EQ(kind(d.out, "npa"), k::consent_signal);
  EXPECT_EQ(kind(d.out, "gdpr"), k::consent_signal);
  EXPECT_EQ(kind(d.out, "ord"), k::other);
  const auto ddm = run(get("https://ad.doubleclick.net/ddm/activity/src=12345678;type=invmedia;"
                           "cat=pagev0;dc_lat=;tfua=;npa=;ord=1773512525900?"),
                       "google_floodlight.activity");
  EXPECT_EQ(kind(ddm.out, "src"), k::account_id);
  EXPECT_EQ(kind(ddm.out, "dc_lat"), k::consent_signal);
}

TEST(VendorTables, GoogleTagManagerTelemetry) {
  const auto d = run(get("https://www.googletagmanager.com/td?id=GTM-ABCD123&v=3&t=t"
                         "&pid=987654321&gtm=45He5ca0v9&z=0"),
                     "google_tag_manager.telemetry_td");
  EXPECT_EQ(kind(d.out, "id"), k::account_id);
  EXPECT_EQ(at(d.out, "id").value, "GTM-ABCD123");
}

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
