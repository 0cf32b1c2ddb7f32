// Vendor decoder tables, advertising pixels and Google tags, on hits in the formats
// signals.md (Part A) documents, each decoded with the decoders its signature names.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "vendor_test_support.hpp"

namespace harfact::decode {
namespace {

using namespace vendor_test;  // NOLINT(google-build-using-namespace): test helpers

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

}  // namespace
}  // namespace harfact::decode
