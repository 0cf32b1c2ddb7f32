// The filter-list engine: request types, every rule form and every option.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "filter_test_support.hpp"
#include "harfact/io/sha256.hpp"
#include "harfact/sig/filter_list.hpp"
#include "test_support.hpp"

namespace harfact::sig {
namespace {

using namespace filter_test;  // NOLINT(google-build-using-namespace): test helpers
namespace fs = std::filesystem;
using rt = request_type;

// --- request types -------------------------------------------------------------------------

TEST(FilterRequestType, Names) {
  const std::vector<std::pair<rt, std::string_view>> names = {
      {rt::document, "document"},
      {rt::subdocument, "subdocument"},
      {rt::stylesheet, "stylesheet"},
      {rt::script, "script"},
      {rt::image, "image"},
      {rt::font, "font"},
      {rt::media, "media"},
      {rt::object, "object"},
      {rt::xmlhttprequest, "xmlhttprequest"},
      {rt::ping, "ping"},
      {rt::websocket, "websocket"},
      {rt::other, "other"}};
  for (const auto& [type, name] : names) EXPECT_EQ(request_type_name(type), name);
}

TEST(FilterRequestType, ChromeResourceTypes) {
  const std::vector<std::pair<std::string_view, rt>> table = {{"document", rt::document},
                                                              {"stylesheet", rt::stylesheet},
                                                              {"image", rt::image},
                                                              {"media", rt::media},
                                                              {"font", rt::font},
                                                              {"script", rt::script},
                                                              {"texttrack", rt::media},
                                                              {"xhr", rt::xmlhttprequest},
                                                              {"fetch", rt::xmlhttprequest},
                                                              {"eventsource", rt::xmlhttprequest},
                                                              {"websocket", rt::websocket},
                                                              {"manifest", rt::other},
                                                              {"signedexchange", rt::other},
                                                              {"ping", rt::ping},
                                                              {"cspviolationreport", rt::other},
                                                              {"preflight", rt::other},
                                                              {"other", rt::other},
                                                              {"Script", rt::script},
                                                              {"XHR", rt::xmlhttprequest},
                                                              {"sub_frame", rt::subdocument},
                                                              {"main_frame", rt::document},
                                                              {"beacon", rt::ping}};
  for (const auto& [name, type] : table) {
    // The resource type wins over the MIME type.
    EXPECT_EQ(infer_request_type(name, "text/html", "parser"), type) << name;
  }
}

TEST(FilterRequestType, InferredFromMimeAndInitiator) {
  const struct {
    std::string_view mime, initiator;
    rt type;
  } table[] = {
      {"text/html", "", rt::document},
      {"text/html; charset=utf-8", "other", rt::document},
      {"text/html", "parser", rt::subdocument},
      {"application/xhtml+xml", "script", rt::subdocument},
      {"TEXT/CSS", "", rt::stylesheet},
      {"application/javascript", "", rt::script},
      {"text/javascript;charset=UTF-8", "parser", rt::script},
      {"application/x-javascript", "", rt::script},
      {"image/webp", "", rt::image},
      {"image/svg+xml", "", rt::image},
      {"font/woff2", "", rt::font},
      {"application/font-woff", "", rt::font},
      {"application/x-font-ttf", "", rt::font},
      {"application/vnd.ms-fontobject", "", rt::font},
      {"video/mp4", "", rt::media},
      {"audio/mpeg", "", rt::media},
      {"text/vtt", "", rt::media},
      {"application/vnd.apple.mpegurl", "", rt::media},
      {"application/x-shockwave-flash", "", rt::object},
      {"application/json", "", rt::xmlhttprequest},
      {"application/ld+json", "", rt::xmlhttprequest},
      {"text/event-stream", "", rt::xmlhttprequest},
      {"application/manifest+json", "", rt::other},
      {"text/plain", "script", rt::xmlhttprequest},
      {"text/plain", "", rt::other},
      {"application/xml", "script", rt::xmlhttprequest},
      {"application/rss+xml", "parser", rt::other},
      {"application/octet-stream", "script", rt::other},
      {"", "script", rt::other},
      {"", "", rt::other},
  };
  for (const auto& row : table) {
    EXPECT_EQ(infer_request_type("", row.mime, row.initiator), row.type)
        << row.mime << " / " << row.initiator;
    EXPECT_EQ(infer_request_type("unknown-type", row.mime, row.initiator), row.type) << row.mime;
  }
}

// --- rule forms ----------------------------------------------------------------------------

TEST(FilterSyntax, PlainSubstringsAndWildcards) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://x.test/banner/ad-1.png"));
  EXPECT_FALSE(blocked(e, "https://x.test/banner/ads.png"));
  EXPECT_TRUE(blocked(e, "https://x.test/img/pixel.gif?x=1"));
  EXPECT_FALSE(blocked(e, "https://x.test/img/pixel.gif"));
  EXPECT_TRUE(blocked(e, "https://x.test/track/abc/def/event?id=1"));
  EXPECT_TRUE(blocked(e, "https://x.test/track//event?"));
  EXPECT_FALSE(blocked(e, "https://x.test/track/event?id=1"));
  EXPECT_FALSE(blocked(e, "https://x.test/event?id=1&/track/"));
  EXPECT_TRUE(blocked(e, "https://x.test/?a=1&utm_tracker=2"));
  EXPECT_FALSE(blocked(e, "https://x.test/?utm_tracker=2"));
  // Case-insensitive by default.
  EXPECT_TRUE(blocked(e, "HTTPS://X.TEST/BANNER/AD-1.PNG"));
}

TEST(FilterSyntax, Separator) {
  const auto& e = basic();
  for (const char* url :
       {"https://x.test/sep/arator", "https://x.test/sep?arator", "https://x.test/sep:arator",
        "https://x.test/sep=arator", "https://x.test/sep&arator", "https://x.test/sep~arator"}) {
    EXPECT_TRUE(blocked(e, url)) << url;
  }
  // Letters, digits and _-.% are not separators.
  for (const char* url :
       {"https://x.test/separator", "https://x.test/sep1arator", "https://x.test/sep_arator",
        "https://x.test/sep-arator", "https://x.test/sep.arator", "https://x.test/sep%arator"}) {
    EXPECT_FALSE(blocked(e, url)) << url;
  }
  // The end of the URL is a separator.
  const auto end = engine_of("/end-sep^\n");
  EXPECT_TRUE(blocked(end, "https://x.test/end-sep"));
  EXPECT_TRUE(blocked(end, "https://x.test/end-sep?x"));
  EXPECT_FALSE(blocked(end, "https://x.test/end-sepx"));
}

TEST(FilterSyntax, StartAndEndAnchors) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://start-anchor.test/x.js"));
  EXPECT_FALSE(blocked(e, "https://other.test/?u=https://start-anchor.test/"));
  EXPECT_FALSE(blocked(e, "http://start-anchor.test/"));
  EXPECT_TRUE(blocked(e, "https://x.test/a.js?end-anchor"));
  EXPECT_FALSE(blocked(e, "https://x.test/a.js?end-anchor&x=1"));
}

TEST(FilterSyntax, HostAnchor) {
  const auto& e = basic();
  for (const char* url : {"https://ads.test/", "https://ads.test", "https://www.ads.test/x.js",
                          "http://a.b.ads.test?x", "https://ads.test:8443/x",
                          "wss://ads.test/socket", "https://user@ads.test/", "https://ADS.TEST/"}) {
    EXPECT_TRUE(blocked(e, url)) << url;
  }
  for (const char* url : {"https://notads.test/", "https://ads.test.evil.test/",
                          "https://ads.tester/", "https://x.test/ads.test/",
                          "https://x.test/?r=https://ads.test/", "https://ads-test.test/"}) {
    EXPECT_FALSE(blocked(e, url)) << url;
  }
  // ||example.com^ against notexample.com, subdomains and ports.
  const auto ex = engine_of("||example.com^\n");
  EXPECT_TRUE(blocked(ex, "https://example.com/"));
  EXPECT_TRUE(blocked(ex, "https://sub.example.com:8080/"));
  EXPECT_FALSE(blocked(ex, "https://notexample.com/"));
  EXPECT_FALSE(blocked(ex, "https://example.com.au/"));
  // A pattern that goes on after the host name.
  EXPECT_TRUE(blocked(e, "https://cdn.test/tracker.js"));
  EXPECT_TRUE(blocked(e, "https://eu.cdn.test/tracker.js?v=2"));
  EXPECT_TRUE(blocked(e, "https://cdn.test/tracker.json"));  // a substring, unanchored at the end
  EXPECT_FALSE(blocked(e, "https://mycdn.test/tracker.js"));
  EXPECT_FALSE(blocked(e, "https://cdn.test/lib/tracker.js"));
  // IP addresses.
  EXPECT_TRUE(blocked(e, "http://1.2.3.4/x"));
  EXPECT_TRUE(blocked(e, "http://1.2.3.4:81/x"));
  EXPECT_FALSE(blocked(e, "http://11.2.3.4/x"));
  EXPECT_FALSE(blocked(e, "http://1.2.3.45/x"));
  // Host anchors in rules that are not indexed by host name.
  const auto wild = engine_of("||tracker.*/collect?\n||[::1]^\n");
  EXPECT_TRUE(blocked(wild, "https://tracker.example/collect?x"));
  EXPECT_TRUE(blocked(wild, "https://eu.tracker.co.uk/collect?x"));
  EXPECT_FALSE(blocked(wild, "https://mytracker.example/collect?x"));
  EXPECT_TRUE(blocked(wild, "http://[::1]:8080/x"));
  EXPECT_FALSE(blocked(wild, "http://[::2]/x"));
}

TEST(FilterSyntax, HostNameAloneIsAHost) {
  // uBO reads a pattern that is only a host name as that host and its subdomains.
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://plainhost.test/"));
  EXPECT_TRUE(blocked(e, "https://cdn.plainhost.test/a.js"));
  EXPECT_FALSE(blocked(e, "https://x.test/plainhost.test/"));
  EXPECT_FALSE(blocked(e, "https://myplainhost.test/"));
  // With domain= it is a plain substring again.
  const auto d = engine_of("plain.example$domain=site.test\n");
  EXPECT_TRUE(blocked(d, "https://x.test/plain.example/", rt::script, true, "site.test"));
}

TEST(FilterSyntax, CommentsHeadersAndOptionsAnchor) {
  const auto e = engine_of(
      "[Adblock Plus 2.0]\n! comment\n!#if ext_ublock\n# hosts-style comment\n\n"
      "/a$b\n||opt.test^$script\n!#endif\n");
  ASSERT_EQ(e.lists().size(), 1U);
  EXPECT_EQ(e.lists()[0].rules, 2U);
  EXPECT_EQ(e.lists()[0].network_rules, 2U);
  // "$b" is not an option: the '$' is part of the pattern.
  EXPECT_TRUE(blocked(e, "https://x.test/a$b"));
  EXPECT_TRUE(blocked(e, "https://opt.test/", rt::script));
  EXPECT_FALSE(blocked(e, "https://opt.test/", rt::image));
}

TEST(FilterSyntax, MatchCase) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://x.test/CaseSensitive.js"));
  EXPECT_FALSE(blocked(e, "https://x.test/casesensitive.js"));
  EXPECT_FALSE(blocked(e, "https://x.test/CASESENSITIVE.js"));
}

TEST(FilterSyntax, RegexRules) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://x.test/ad123.png"));
  EXPECT_TRUE(blocked(e, "https://x.test/AD7.PNG"));  // case-insensitive
  EXPECT_FALSE(blocked(e, "https://x.test/ad.png"));
  EXPECT_TRUE(blocked(e, "https://regex-anchored.test/abc.js", rt::script));
  EXPECT_FALSE(blocked(e, "https://regex-anchored.test/abc.js", rt::image));
  EXPECT_FALSE(blocked(e, "https://regex-anchored.test/abc.js?x=1", rt::script));
  EXPECT_FALSE(blocked(e, "https://x.test/?u=https://regex-anchored.test/abc.js", rt::script));
  // Regexes without a literal token (checked for every request) and with alternation.
  const auto r = engine_of("/^wss?:\\/\\/[0-9]+\\./\n/(foo|bar)tracker/\n/\\/v[0-9]\\/collect$/\n");
  EXPECT_TRUE(blocked(r, "wss://123.example/"));
  EXPECT_TRUE(blocked(r, "https://x.test/bartracker"));
  EXPECT_TRUE(blocked(r, "https://x.test/a/v2/collect"));
  EXPECT_FALSE(blocked(r, "https://x.test/a/v2/collect?x"));
}

TEST(FilterSyntax, NonNetworkSchemesNeverMatch) {
  const auto e = engine_of("ads\n*$script\n");
  EXPECT_FALSE(hit(e, "data:text/html,ads"));
  EXPECT_FALSE(hit(e, "blob:https://x.test/ads"));
  EXPECT_FALSE(hit(e, "about:blank"));
  EXPECT_TRUE(hit(e, "https://x.test/ads"));
}

// --- options -------------------------------------------------------------------------------

TEST(FilterOptions, Party) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://thirdparty.test/", rt::script, true));
  EXPECT_FALSE(blocked(e, "https://thirdparty.test/", rt::script, false));
  EXPECT_TRUE(blocked(e, "https://firstparty.test/", rt::script, false));
  EXPECT_FALSE(blocked(e, "https://firstparty.test/", rt::script, true));
  EXPECT_TRUE(blocked(e, "https://onep.test/", rt::script, false));
  EXPECT_FALSE(blocked(e, "https://onep.test/", rt::script, true));
  EXPECT_TRUE(blocked(e, "https://threep.test/", rt::script, true));
  EXPECT_FALSE(blocked(e, "https://threep.test/", rt::script, false));
}

TEST(FilterOptions, Domain) {
  const auto& e = basic();
  const std::string_view url = "https://ondomain.test/x";
  EXPECT_TRUE(blocked(e, url, rt::script, true, "news.test"));
  EXPECT_TRUE(blocked(e, url, rt::script, true, "www.news.test"));
  EXPECT_TRUE(blocked(e, url, rt::script, true, "WWW.NEWS.TEST."));
  EXPECT_FALSE(blocked(e, url, rt::script, true, "sports.news.test"));
  EXPECT_FALSE(blocked(e, url, rt::script, true, "live.sports.news.test"));
  EXPECT_FALSE(blocked(e, url, rt::script, true, "fakenews.test"));
  EXPECT_FALSE(blocked(e, url, rt::script, true, ""));
  const std::string_view not_on = "https://notondomain.test/x";
  EXPECT_TRUE(blocked(e, not_on, rt::script, true, "www.example.com"));
  EXPECT_TRUE(blocked(e, not_on, rt::script, true, ""));
  EXPECT_FALSE(blocked(e, not_on, rt::script, true, "shop.test"));
  EXPECT_FALSE(blocked(e, not_on, rt::script, true, "a.shop.test"));
  // An IPv6 page host, written with brackets in lists.
  const auto v6 = engine_of("||v6.test^$domain=~[::1]\n");
  EXPECT_FALSE(blocked(v6, "https://v6.test/", rt::script, true, "::1"));
  EXPECT_TRUE(blocked(v6, "https://v6.test/", rt::script, true, "::2"));
}

TEST(FilterOptions, TypesAndNegations) {
  const auto& e = basic();
  EXPECT_TRUE(blocked(e, "https://x.test/scriptonly.js", rt::script));
  EXPECT_FALSE(blocked(e, "https://x.test/scriptonly.js", rt::image));
  EXPECT_TRUE(blocked(e, "https://x.test/imageonly.png", rt::image));
  EXPECT_FALSE(blocked(e, "https://x.test/imageonly.png", rt::script));
  EXPECT_TRUE(blocked(e, "https://x.test/notscript.js", rt::image));
  EXPECT_FALSE(blocked(e, "https://x.test/notscript.js", rt::script));
  EXPECT_FALSE(blocked(e, "https://x.test/notscript.js", rt::document, false));
  EXPECT_TRUE(blocked(e, "https://x.test/notimgcss.x", rt::script));
  EXPECT_FALSE(blocked(e, "https://x.test/notimgcss.x", rt::image));
  EXPECT_FALSE(blocked(e, "https://x.test/notimgcss.x", rt::stylesheet));

  const std::vector<std::pair<std::string_view, rt>> typed = {
      {"https://xhr.test/", rt::xmlhttprequest}, {"https://frame.test/", rt::subdocument},
      {"https://css.test/", rt::stylesheet},     {"https://font.test/", rt::font},
      {"https://media.test/", rt::media},        {"https://object.test/", rt::object},
      {"https://ping.test/", rt::ping},          {"wss://ws.test/", rt::websocket},
      {"https://other.test/", rt::other},        {"https://doc.test/", rt::document}};
  for (const auto& [url, type] : typed) {
    EXPECT_TRUE(blocked(e, url, type)) << url;
    EXPECT_FALSE(blocked(e, url, type == rt::script ? rt::image : rt::script)) << url;
  }
  // No type option: every type but the top-level document.
  for (const rt type : {rt::subdocument, rt::stylesheet, rt::script, rt::image, rt::font, rt::media,
                        rt::object, rt::xmlhttprequest, rt::ping, rt::websocket, rt::other}) {
    EXPECT_TRUE(blocked(e, "https://untyped.test/", type)) << request_type_name(type);
  }
  EXPECT_FALSE(blocked(e, "https://untyped.test/", rt::document, false));
  EXPECT_TRUE(blocked(e, "https://all.test/", rt::document, false));
  EXPECT_TRUE(blocked(e, "https://all.test/", rt::font));
  // "$script,popup": the script part applies.
  EXPECT_TRUE(blocked(e, "https://scriptpopup.test/", rt::script));
  EXPECT_FALSE(blocked(e, "https://scriptpopup.test/", rt::image));
}

}  // namespace
}  // namespace harfact::sig
