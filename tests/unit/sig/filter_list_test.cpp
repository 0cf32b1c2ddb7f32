// The filter-list engine: exceptions, hits, counting of what is skipped, and the
// Debian copies of the lists.
#include "harfact/sig/filter_list.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "filter_test_support.hpp"
#include "harfact/io/sha256.hpp"
#include "test_support.hpp"

namespace harfact::sig {
namespace {

using namespace filter_test;  // NOLINT(google-build-using-namespace): test helpers
namespace fs = std::filesystem;
using rt = request_type;

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
  (void)e.lists();  // build() works on a thread of its own: wait for it
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
