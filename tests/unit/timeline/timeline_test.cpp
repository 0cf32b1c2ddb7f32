// The timeline beyond the scenario table: timing honesty, chains, sanitized
// exports, GPC, determinism, every output format, and the real captures of the
// corpus (skipped when absent).
#include "harfact/timeline/timeline.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <fmt/format.h>

#include <sstream>

#include "harfact/report/consent_report.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/timeline_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "json_schema.hpp"
#include "timeline/detail.hpp"
#include "timeline_test_support.hpp"

namespace harfact::timeline {
namespace {

namespace fs = std::filesystem;
using test_support::f;
using test_support::scenario;

report::envelope envelope_for(const result& r) {
  report::envelope env;
  env.inputs = report::inspect_inputs({r.trackers.capture});
  report::describe_database(env, *f().db);
  env.public_suffix_sha256 = f().psl->sha256();
  return env;
}

std::string schema(std::string_view name) {
  return harfact::test::read_file(fs::path(HARFACT_SOURCE_DIR) / "lib/schema" /
                                  (std::string(name) + ".schema.json"));
}

const annotated_hit* hit_at(const result& r, std::uint64_t entry) {
  for (const auto& a : r.hits) {
    if (r.trackers.hits[a.hit].entry == entry) return &a;
  }
  return nullptr;
}

TEST(Timing, OrderIsDecidedOnlyBeyondThePrecisionWritten) {
  time_point ms_a{1000'000, "a", 1000}, ms_b{1000'999, "b", 1000}, ms_c{1001'000, "c", 1000};
  EXPECT_EQ(detail::compare_times(ms_a, ms_b), 0);  // same millisecond
  EXPECT_EQ(detail::compare_times(ms_a, ms_c), -1);
  EXPECT_EQ(detail::compare_times(ms_c, ms_a), 1);
  time_point sec{1000'000, "s", 1'000'000};
  EXPECT_EQ(detail::compare_times(sec, ms_c), 0);  // the coarser precision decides
  time_point us_a{5, "x", 1}, us_b{6, "y", 1};
  EXPECT_EQ(detail::compare_times(us_a, us_b), -1);
  time_point none;
  EXPECT_EQ(detail::compare_times(none, us_a), 0);  // no time: never ordered
}

TEST(Timeline, WholeSecondTimestampsMakeTiesIndeterminate) {
  const result r = f().run(scenario("indeterminate_order.har"));
  EXPECT_EQ(r.precision_us, 1'000'000);
  // Meta PageView (19) shares the consent receipt's second (21).
  const auto* meta = hit_at(r, 19);
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->position, position::indeterminate);
  bool finding = false;
  for (const auto& fd : r.findings) {
    if (fd.kind == finding_kind::order_indeterminate && fd.vendor_id == "meta_pixel") finding = true;
    // Never "before" or "after" for it.
    if (fd.kind != finding_kind::order_indeterminate && fd.vendor_id == "meta_pixel" &&
        fd.kind != finding_kind::form_content_sent) {
      EXPECT_EQ(std::count(fd.entries.begin(), fd.entries.end(), 19u), 0);
    }
  }
  EXPECT_TRUE(finding);
}

TEST(Timeline, ChainsRunFromThePageThroughTheTagManagerToTheHit) {
  const result r = f().run(scenario("accept_then_fire.har"));
  const annotated_hit* meta = nullptr;
  for (const auto& a : r.hits) {
    const auto& h = r.trackers.hits[a.hit];
    if (h.vendor->vendor_id == "meta_pixel" && a.fires) meta = &a;
  }
  ASSERT_NE(meta, nullptr);
  ASSERT_GE(meta->chain.size(), 3u);
  EXPECT_EQ(meta->chain.front().via, "page");
  EXPECT_EQ(meta->chain.back().via, "hit");
  bool gtm = false, fbevents = false;
  for (const auto& l : meta->chain) {
    gtm = gtm || l.url.find("googletagmanager.com/gtm.js") != std::string::npos;
    fbevents = fbevents || l.url.find("fbevents.js") != std::string::npos;
    if (l.via != "hit" && l.via != "page") {
      EXPECT_TRUE(l.entry.has_value()) << l.url;
    }
  }
  EXPECT_TRUE(gtm);
  EXPECT_TRUE(fbevents);
}

TEST(Timeline, SanitizedExportsSayWhatCannotBeEstablished) {
  const result r = f().run(scenario("sanitized_export.har"));
  EXPECT_TRUE(r.cookies_stripped);
  EXPECT_FALSE(r.not_establishable.empty());
  // The choice still stands, proven by the consent receipt, not a cookie.
  const auto it = std::find_if(r.transitions.begin(), r.transitions.end(),
                               [](const transition& t) { return t.state == state::accepted; });
  ASSERT_NE(it, r.transitions.end());
  ASSERT_TRUE(it->observed.has_value());
  EXPECT_NE(r.signals[*it->observed].carrier, "request cookie");
  for (const auto& s : r.signals) {
    EXPECT_NE(s.carrier, "request cookie");
  }
}

TEST(Timeline, GpcHoldsFromTheFirstRequestThatSentIt) {
  const result r = f().run(scenario("gpc_ignored.har"));
  EXPECT_EQ(r.gpc_requests, r.requests);
  ASSERT_FALSE(r.transitions.empty());
  EXPECT_TRUE(std::any_of(r.transitions.begin(), r.transitions.end(),
                          [](const transition& t) { return t.gpc; }));
  for (const auto& a : r.hits) {
    if (a.fires) {
      EXPECT_TRUE(a.gpc);
    }
  }
  const result none = f().run(scenario("no_cmp.har"));
  EXPECT_EQ(none.gpc_requests, 0u);
  for (const auto& t : none.transitions) {
    EXPECT_FALSE(t.gpc);
  }
}

TEST(Timeline, ACookieProvenChoiceKeepsItsWindow) {
  const result r = f().run(scenario("navigation_persisted.har"));
  bool cookie_transition = false;
  for (const auto& t : r.transitions) {
    if (!t.observed) continue;
    const auto& s = r.signals[*t.observed];
    if (s.carrier != "request cookie" || !s.decoded.sum.interacted.value_or(false)) continue;
    cookie_transition = true;
    ASSERT_TRUE(t.window_start_us.has_value());
    ASSERT_TRUE(t.time.us.has_value());
    EXPECT_LT(*t.window_start_us, *t.time.us);
  }
  // Accept All is proven here only by OptanonConsent changing on the next
  // first-party request: the choice lies in the window before it.
  EXPECT_TRUE(cookie_transition);
  const auto accepted = std::find_if(r.transitions.begin(), r.transitions.end(),
                                     [](const transition& t) { return t.state == state::accepted; });
  ASSERT_NE(accepted, r.transitions.end());
  EXPECT_TRUE(accepted->window_start_us.has_value());
  // A logged choice (Cookiebot's logconsent.ashx) is exact: no window.
  const result logged = f().run(scenario("cookiebot_accept.har"));
  const auto choice = std::find_if(logged.transitions.begin(), logged.transitions.end(),
                                   [](const transition& t) { return t.state == state::accepted; });
  ASSERT_NE(choice, logged.transitions.end());
  EXPECT_FALSE(choice->window_start_us.has_value());
}

TEST(Timeline, RestrictedHitsAfterAnOptOutAreAnnotatedNotAccused) {
  const result r = f().run(scenario("iab_strings.har"));
  const auto* meta = hit_at(r, 20);  // Meta with dpo=LDU&dpoco=1&dpost=1000
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->position, position::denied);
  ASSERT_FALSE(meta->restrictions.empty());
  EXPECT_NE(meta->restrictions.front().find("LDU"), std::string::npos);
  for (const auto& fd : r.findings) {
    if (fd.kind == finding_kind::fired_after_opt_out) {
      EXPECT_EQ(std::count(fd.entries.begin(), fd.entries.end(), 20u), 0);
    }
  }
  EXPECT_EQ(r.region, "US-CA");
}

// A capture with the vendor-native restriction flags of signals.md B.18, each
// on its own vendor's hit, and the same parameter on another vendor's hit.
TEST(Timeline, VendorNativeRestrictionFlagsAreReadPerVendor) {
  harfact::test::temp_dir dir;
  auto entry = [](int ms, const std::string& url) {
    return fmt::format(
        R"({{"startedDateTime":"2026-05-01T10:00:00.{:03}Z","time":5,"request":{{"method":"GET",)"
        R"("url":"{}","httpVersion":"h2","headers":[],"queryString":[],"cookies":[],)"
        R"("headersSize":-1,"bodySize":0}},"response":{{"status":200,"statusText":"",)"
        R"("httpVersion":"h2","headers":[],"cookies":[],"content":{{"size":0,"mimeType":"image/gif"}},)"
        R"("redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},)"
        R"("timings":{{"send":0,"wait":5,"receive":0}}}})",
        ms, url);
  };
  const std::string har = fmt::format(
      R"({{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{},{},{},{}]}}}})",
      entry(0, "https://www.example-shop.test/"),
      entry(100, "https://bat.bing.com/action/0?ti=12345678&Ver=2&evt=pageLoad&asc=D"),
      entry(200, "https://tr.outbrain.com/unifiedPixel?marketerId=00a1b2c3d4e5f60718293a4b5c6d7e8f9a"
                 "&name=PAGE_VIEW&optOut=true"),
      entry(300, "https://tr.outbrain.com/unifiedPixel?marketerId=00a1b2c3d4e5f60718293a4b5c6d7e8f9a"
                 "&name=PAGE_VIEW&asc=D"));
  harfact::test::write_file(dir / "flags.har", har);
  const result r = f().run(dir / "flags.har");
  ASSERT_EQ(r.requests, 4u);
  const auto* uet = hit_at(r, 1);
  const auto* ob = hit_at(r, 2);
  const auto* ob_asc = hit_at(r, 3);
  ASSERT_TRUE(uet && ob && ob_asc);
  ASSERT_EQ(uet->restrictions.size(), 1u);
  EXPECT_NE(uet->restrictions[0].find("asc=D"), std::string::npos);
  EXPECT_NE(uet->restrictions[0].find("[uncertain]"), std::string::npos);
  ASSERT_EQ(ob->restrictions.size(), 1u);
  EXPECT_NE(ob->restrictions[0].find("optOut=true"), std::string::npos);
  EXPECT_TRUE(ob_asc->restrictions.empty());  // asc means nothing on Outbrain's pixel
  // No consent platform: both fired before any consent UI; restrictions do
  // not hide that.
  EXPECT_EQ(uet->position, position::no_consent_ui);
}

TEST(Timeline, OutputIsDeterministicAndMatchesItsSchemas) {
  const auto timeline_schema = schema("timeline");
  const auto consent_schema = schema("consent");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(harfact::test::testdata("scenarios"))) {
    if (e.path().extension() == ".har") files.push_back(e.path());
  }
  files.push_back(harfact::test::testdata("sample/exhibit.har"));
  files.push_back(harfact::test::testdata("har/truncated.har"));
  ASSERT_GE(files.size(), 14u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const result r = f().run(file);
    const auto env = envelope_for(r);
    const std::string json = report::timeline_json(r, env);
    EXPECT_EQ(json, report::timeline_json(f().run(file), env));
    EXPECT_EQ(harfact::detail::validate_json(timeline_schema, json), std::vector<std::string>{});
    const std::string cjson = report::consent_json(r, env);
    EXPECT_EQ(harfact::detail::validate_json(consent_schema, cjson), std::vector<std::string>{});
    // NDJSON: one object per line, a header first; Timesketch: the three
    // fields it requires on every line.
    simdjson::dom::parser parser;
    std::istringstream nd(report::timeline_ndjson(r, env));
    std::string line;
    std::size_t n = 0;
    while (std::getline(nd, line)) {
      simdjson::dom::element doc;
      ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
      std::string_view record;
      ASSERT_EQ(doc["record"].get(record), simdjson::SUCCESS);
      if (n++ == 0) {
        EXPECT_EQ(record, "header");
      }
    }
    EXPECT_EQ(n, 2 + r.hits.size() + r.events.size() + r.findings.size());
    std::istringstream ts(report::timeline_timesketch(r));
    while (std::getline(ts, line)) {
      simdjson::dom::element doc;
      ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << line;
      std::string_view v;
      EXPECT_EQ(doc["message"].get(v), simdjson::SUCCESS);
      EXPECT_EQ(doc["datetime"].get(v), simdjson::SUCCESS);
      EXPECT_EQ(doc["timestamp_desc"].get(v), simdjson::SUCCESS);
    }
    const std::string csv = report::timeline_csv(r);
    EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')),
              r.events.size() + 1);
    EXPECT_FALSE(report::timeline_text(r, env).empty());
    EXPECT_FALSE(report::consent_text(r, env).empty());
  }
}

TEST(Timeline, ATruncatedCaptureStillYieldsATimelineOfWhatWasRead) {
  const result r = f().run(harfact::test::testdata("har/truncated.har"));
  EXPECT_TRUE(r.trackers.capture.opened);
  EXPECT_EQ(r.trackers.capture.read.status, har::read_status::truncated);
  EXPECT_EQ(r.requests, r.trackers.capture.entries);
  if (r.requests > 0) {
    EXPECT_FALSE(r.transitions.empty());
  }
}

TEST(Timeline, UnreadableInputGivesAnEmptyTimelineNotACrash) {
  const result r = f().run(harfact::test::testdata("har/not_har_array.json"));
  EXPECT_FALSE(r.trackers.capture.opened && r.trackers.capture.read.status ==
                                                 har::read_status::complete &&
               r.requests > 0);
  EXPECT_TRUE(r.hits.empty());
  EXPECT_TRUE(r.findings.empty());
}

TEST(Timeline, TheCorpusReadsWithoutSurprises) {
  const auto corpus = harfact::test::corpus_dir();
  if (!corpus) GTEST_SKIP() << "no corpus (set HARFACT_CORPUS)";
  const auto timeline_schema = schema("timeline");
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(*corpus)) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension().string();
    if (ext != ".har" && ext != ".gz" && ext != ".zst" && ext != ".json") continue;
    SCOPED_TRACE(e.path().string());
    const result r = f().run(e.path());
    ++files;
    if (!r.trackers.capture.opened || r.requests == 0) continue;
    ASSERT_FALSE(r.transitions.empty());
    EXPECT_EQ(r.hits.size(), r.trackers.hits.size());
    // Every finding cites entries that exist, with a signature.
    for (const auto& fd : r.findings) {
      ASSERT_FALSE(fd.entries.empty());
      for (const auto x : fd.entries) {
        EXPECT_LT(x, r.trackers.capture.entries);
      }
      for (const auto& ev : fd.items) EXPECT_FALSE(ev.signature.empty());
    }
    EXPECT_EQ(harfact::detail::validate_json(timeline_schema,
                                             report::timeline_json(r, envelope_for(r))),
              std::vector<std::string>{});
  }
  EXPECT_GT(files, 10u);
}

}  // namespace
}  // namespace harfact::timeline
