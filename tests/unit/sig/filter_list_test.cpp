// The filter-list engine (EasyList/EasyPrivacy syntax): every rule form and option, the
// counting of what is skipped, hits, request types, and the Debian copies of the lists.
#include "harfact/sig/filter_list.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

namespace harfact::sig {
namespace {

namespace fs = std::filesystem;
using rt = request_type;

constexpr std::string_view k_page = "www.example.com";

filter_engine engine_of(std::string_view text) {
  filter_engine e;
  e.add_list("test", "<memory>", text);
  e.build();
  return e;
}

std::optional<filter_hit> hit(const filter_engine& e, std::string_view url, rt type = rt::script,
                              bool third_party = true, std::string_view page = k_page) {
  return e.match(filter_request{url, page, type, third_party});
}

bool blocked(const filter_engine& e, std::string_view url, rt type = rt::script,
             bool third_party = true, std::string_view page = k_page) {
  return e.blocks(filter_request{url, page, type, third_party});
}

fs::path basic_list() { return test::testdata("lists/team_basic.txt"); }

// The team's basic list, loaded once.
const filter_engine& basic() {
  static const filter_engine engine = [] {
    filter_engine e;
    const auto r = e.add_file(basic_list());
    if (!r) throw std::runtime_error(r.error().message);
    e.build();
    return e;
  }();
  return engine;
}

// 1-based line of `rule` in a list file (0 when absent).
std::uint32_t line_of(const fs::path& list, std::string_view rule) {
  const std::string text = test::read_file(list);
  std::uint32_t line = 1;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    if (std::string_view(text).substr(pos, eol - pos) == rule) return line;
    pos = eol + 1;
    ++line;
  }
  return 0;
}

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

// --- exceptions and hits -------------------------------------------------------------------

TEST(FilterExceptions, ExceptionCancelsBlock) {
  const auto& e = basic();
  const auto allowed = hit(e, "https://allowed.test/ok/x.js");
  ASSERT_TRUE(allowed);
  EXPECT_TRUE(allowed->exception);
  EXPECT_EQ(allowed->rule, "@@||allowed.test/ok/");
  EXPECT_EQ(allowed->line, line_of(basic_list(), "@@||allowed.test/ok/"));
  EXPECT_FALSE(blocked(e, "https://allowed.test/ok/x.js"));
  const auto other = hit(e, "https://allowed.test/other.js");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->exception);
  EXPECT_EQ(other->rule, "||allowed.test^");
  // An exception alone is no hit.
  EXPECT_FALSE(hit(engine_of("@@||only-exception.test^\n"), "https://only-exception.test/"));
}

TEST(FilterExceptions, ImportantWinsOverExceptions) {
  const auto& e = basic();
  const auto h = hit(e, "https://important.test/x");
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->exception);
  EXPECT_EQ(h->rule, "||important.test^$important");
}

TEST(FilterHits, LineNumberRuleTextAndList) {
  const auto& e = basic();
  const auto h = hit(e, "https://ads.test/x");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->list, 0U);
  EXPECT_EQ(h->rule, "||ads.test^");
  EXPECT_EQ(h->line, line_of(basic_list(), "||ads.test^"));
  EXPECT_EQ(h->line, 16U);
  ASSERT_EQ(e.lists().size(), 1U);
  EXPECT_EQ(e.lists()[0].name, "harfact team test list");
  EXPECT_EQ(e.lists()[0].path, basic_list().string());
}

TEST(FilterHits, EarliestRuleInLoadOrderIsCited) {
  filter_engine e;
  e.add_list("first", "a.txt", "! first\n/other\n  ||dup.test^  \r\n/dup.js\n");
  e.add_list("second", "b.txt", "/dup\n");
  e.build();
  const auto h = hit(e, "https://dup.test/dup.js");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->list, 0U);
  EXPECT_EQ(h->line, 3U);
  EXPECT_EQ(h->rule, "||dup.test^");  // trimmed
  const auto second = hit(e, "https://x.test/dup");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->list, 1U);
  EXPECT_EQ(second->line, 1U);
  EXPECT_EQ(e.lists()[1].name, "second");
}

TEST(FilterHits, NothingBeforeBuild) {
  filter_engine e;
  EXPECT_FALSE(hit(e, "https://ads.test/"));
  e.add_list("x", "x", "||ads.test^\n");
  EXPECT_FALSE(hit(e, "https://ads.test/"));  // not built since the list was added
  e.build();
  EXPECT_TRUE(hit(e, "https://ads.test/"));
  e.add_list("y", "y", "||more.test^\n");
  e.build();
  EXPECT_TRUE(hit(e, "https://ads.test/"));
  EXPECT_TRUE(hit(e, "https://more.test/"));
}

TEST(FilterHits, HitsOutliveMovesOfTheEngine) {
  filter_engine e = engine_of("||short.test^\n");
  const auto h = hit(e, "https://short.test/");
  ASSERT_TRUE(h);
  filter_engine moved = std::move(e);
  EXPECT_EQ(h->rule, "||short.test^");
  EXPECT_TRUE(hit(moved, "https://short.test/"));
}

TEST(FilterHits, ConcurrentMatching) {
  const auto& e = basic();
  const std::vector<std::string> urls = {"https://ads.test/",        "https://x.test/pixel.gif?a",
                                         "https://allowed.test/ok/", "https://x.test/clean.js",
                                         "https://x.test/ad42.png",  "https://ondomain.test/"};
  std::vector<bool> expected;
  for (const auto& u : urls) expected.push_back(blocked(e, u, rt::script, true, "news.test"));
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (std::size_t i = 0; i < urls.size(); ++i) {
          if (blocked(e, urls[i], rt::script, true, "news.test") != expected[i]) ++failures[t];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const int f : failures) EXPECT_EQ(f, 0);
}

// --- what is skipped -----------------------------------------------------------------------

TEST(FilterStats, UnsupportedCountedByReason) {
  filter_engine e;
  const fs::path path = test::testdata("lists/team_unsupported.txt");
  ASSERT_TRUE(e.add_file(path, "unsupported").ok());
  // Before build(), $badfilter is not applied yet.
  EXPECT_EQ(e.lists()[0].network_rules, 2U);
  e.build();
  const list_stats& s = e.lists()[0];
  EXPECT_EQ(s.name, "unsupported");
  EXPECT_EQ(s.rules, 16U);
  EXPECT_EQ(s.cosmetic_skipped, 3U);
  EXPECT_EQ(s.network_rules, 1U);  // the $badfilter rule
  EXPECT_EQ(s.unsupported, 12U);
  EXPECT_EQ(s.rules, s.network_rules + s.cosmetic_skipped + s.unsupported);
  const std::map<std::string, std::uint64_t> expected = {{"redirect", 2},
                                                         {"csp", 1},
                                                         {"popup", 1},
                                                         {"generichide", 1},
                                                         {"removeparam", 1},
                                                         {"method", 1},
                                                         {"domain_entity", 1},
                                                         {"regex", 1},
                                                         {"non_ascii", 1},
                                                         {"invalid", 1},
                                                         {"cancelled_by_badfilter", 1}};
  EXPECT_EQ(s.unsupported_by_reason, expected);
  // Skipped rules never match.
  for (const char* url : {"https://redirect.test/", "https://csp.test/", "https://popup.test/",
                          "https://method.test/", "https://entity.test/",
                          "https://x.test/lookbehind", "https://cancelled.test/"}) {
    EXPECT_FALSE(hit(e, url, rt::script, true, "example.de")) << url;
  }
}

TEST(FilterStats, BasicListHasNothingSkipped) {
  const list_stats& s = basic().lists()[0];
  EXPECT_EQ(s.unsupported, 0U) << (s.unsupported_by_reason.empty()
                                       ? std::string()
                                       : s.unsupported_by_reason.begin()->first);
  EXPECT_EQ(s.cosmetic_skipped, 0U);
  EXPECT_EQ(s.rules, s.network_rules);
  EXPECT_EQ(s.rules, 41U);
}

TEST(FilterStats, BadfilterAcrossListsAndOptionOrder) {
  filter_engine e;
  e.add_list("a", "a", "||bf.test^$script,third-party\n||kept.test^\n");
  e.add_list("b", "b", "||bf.test^$third-party,script,badfilter\n");
  e.build();
  EXPECT_FALSE(hit(e, "https://bf.test/"));
  EXPECT_TRUE(hit(e, "https://kept.test/"));
  EXPECT_EQ(e.lists()[0].unsupported_by_reason.at("cancelled_by_badfilter"), 1U);
  EXPECT_EQ(e.lists()[0].network_rules, 1U);
  EXPECT_EQ(e.lists()[1].network_rules, 1U);
}

// --- files ---------------------------------------------------------------------------------

TEST(FilterFile, MissingFileAndDirectory) {
  filter_engine e;
  const auto missing = e.add_file("/nonexistent/harfact/list.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::io_open);
  EXPECT_EQ(missing.error().where.file, "/nonexistent/harfact/list.txt");
  EXPECT_NE(missing.error().message.find("/nonexistent/harfact/list.txt"), std::string::npos);
  test::temp_dir dir;
  const auto directory = e.add_file(dir.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().code, errc::io_open);
  EXPECT_TRUE(e.lists().empty());
}

TEST(FilterFile, NameFromTitleOrFileAndHash) {
  test::temp_dir dir;
  const std::string text = "\xEF\xBB\xBF! no title here\r\n||bom.test^\r\n";
  test::write_file(dir / "plain.txt", text);
  filter_engine e;
  ASSERT_TRUE(e.add_file(dir / "plain.txt").ok());
  e.build();
  EXPECT_EQ(e.lists()[0].name, "plain.txt");
  EXPECT_EQ(e.lists()[0].sha256, io::to_hex(io::sha256::of(text)));
  EXPECT_TRUE(hit(e, "https://bom.test/"));
  EXPECT_EQ(hit(e, "https://bom.test/")->line, 2U);
}

// --- the Debian copies of EasyPrivacy and EasyList -----------------------------------------

TEST(FilterDebianLists, CountsAndKnownTrackers) {
  const auto paths = filter_engine::default_list_paths();
  if (paths.size() < 2) {
    GTEST_SKIP() << "EasyPrivacy and EasyList not installed (apt-get install "
                    "webext-ublock-origin-firefox)";
  }
  filter_engine e;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : paths) ASSERT_TRUE(e.add_file(p).ok()) << p;
  e.build();
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_EQ(e.lists().size(), 2U);
  EXPECT_EQ(e.lists()[0].name, "EasyPrivacy");
  EXPECT_EQ(e.lists()[1].name, "EasyList");
  for (const auto& s : e.lists()) {
    EXPECT_GT(s.network_rules, 5000U) << s.name;
    EXPECT_LT(s.unsupported, s.network_rules / 2) << s.name;
    EXPECT_EQ(s.rules, s.network_rules + s.cosmetic_skipped + s.unsupported) << s.name;
    EXPECT_EQ(s.sha256.size(), 64U);
  }
  EXPECT_GT(e.lists()[1].cosmetic_skipped, 1000U);

  const auto ga = hit(e, "https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=page_view",
                      rt::ping, true, "shop.example");
  ASSERT_TRUE(ga);
  EXPECT_FALSE(ga->exception);
  EXPECT_EQ(ga->list, 0U) << ga->rule;
  const auto fb =
      hit(e, "https://www.facebook.com/tr/?id=1&ev=PageView", rt::image, true, "shop.example");
  ASSERT_TRUE(fb);
  EXPECT_FALSE(fb->exception);
  EXPECT_EQ(fb->list, 0U) << fb->rule;
  EXPECT_GT(fb->line, 0U);
  EXPECT_FALSE(fb->rule.empty());
  EXPECT_FALSE(
      hit(e, "https://www.example.com/index.html", rt::document, false, "www.example.com"));
  EXPECT_FALSE(hit(e, "https://www.example.com/app.js", rt::script, false, "www.example.com"));

  // Timing, printed and not asserted (machines differ).
  const std::vector<std::string> urls = {
      "https://www.example.com/index.html",
      "https://www.example.com/static/js/app.4f3c2a.js",
      "https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap",
      "https://www.google-analytics.com/g/collect?v=2&tid=G-ABCDEF&cid=123.456&en=page_view",
      "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl=https%3A%2F%2Fshop.example%2F",
      "https://cdn.shop.example/images/products/12345/large.jpg?w=800&h=600",
      "https://securepubads.g.doubleclick.net/gampad/ads?iu=/1234/home&sz=300x250&correlator=1",
      "https://api.shop.example/v1/cart?session=abcdef0123456789"};
  constexpr int rounds = 20000;
  std::size_t n_blocked = 0;
  const auto m0 = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& u : urls) n_blocked += e.blocks({u, "shop.example", rt::script, true}) ? 1 : 0;
  }
  const auto m1 = std::chrono::steady_clock::now();
  std::printf("[ timing ] lists loaded and indexed in %.1f ms; %.3f us per request (%zu blocked)\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count(),
              std::chrono::duration<double, std::micro>(m1 - m0).count() /
                  (double(rounds) * double(urls.size())),
              n_blocked / rounds);
}

}  // namespace
}  // namespace harfact::sig
