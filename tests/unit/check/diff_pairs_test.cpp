// diff on pairs of real captures: the scenario captures (testdata/scenarios)
// against each other and against our recaptures of the same sites
// (testdata/diff, made by make_diff_captures.py). The timelines come from
// timeline::reconstruct with no integrity checks: what diff must get right from
// the captures alone.
#include <gtest/gtest.h>

#include <set>

#include "diff_test_support.hpp"

namespace harfact::check {
namespace {

using diff_test::count;
using diff_test::find;
using diff_test::listing;
using diff_test::recapture;
using diff_test::run;
using diff_test::scenario;

std::vector<std::uint64_t> entries_of(const difference& d, std::size_t side) {
  return side < d.sides.size() ? d.sides[side].entries : std::vector<std::uint64_t>{};
}

TEST(DiffPairs, ACaptureComparedWithItselfHasNoDifferences) {
  for (const char* name :
       {"no_cmp", "fired_before_banner", "accept_then_fire", "reject_then_fire", "gpc_ignored",
        "cookiebot_accept", "sanitized_export", "indeterminate_order", "indeterminate_order_chrome",
        "sensitive_form_chat", "iab_strings", "partial_consent", "navigation_persisted"}) {
    SCOPED_TRACE(name);
    const auto& v = scenario(name);
    const diff_result d = run(v, v);
    EXPECT_TRUE(d.differences.empty()) << listing(d);
    ASSERT_EQ(d.captures.size(), 2u);
    EXPECT_EQ(d.captures[0].pages, d.captures[1].pages);
    EXPECT_FALSE(d.captures[0].pages.empty());
  }
  for (const char* name :
       {"lumen_home_recapture", "goldenstate_recapture_ny", "pacific_ledger_scanner"}) {
    SCOPED_TRACE(name);
    const diff_result d = run(recapture(name), recapture(name));
    EXPECT_TRUE(d.differences.empty()) << listing(d);
  }
}

TEST(DiffPairs, AcceptedAgainstRejectedIsADifferentConsentState) {
  const diff_result d = run(scenario("accept_then_fire"), scenario("reject_then_fire"));
  SCOPED_TRACE(listing(d));
  const difference* flow = find(d, "consent_flow_differs");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->reason, "different_consent_state");
  EXPECT_EQ(flow->certainty, "likely");
  EXPECT_EQ(flow->significance, "medium");
  EXPECT_NE(flow->what.find("accepted in the exhibit, rejected in ours"), std::string::npos);
  EXPECT_EQ(entries_of(*flow, 0), std::vector<std::uint64_t>{15});  // the consent receipt
  EXPECT_EQ(entries_of(*flow, 1),
            std::vector<std::uint64_t>{21});  // the cookie proving the rejection
  EXPECT_NE(flow->reason_text.find("not a proven cause"), std::string::npos);

  // Meta and TikTok waited for the choice in the exhibit but not in ours: ours
  // is the graver, so it answers nothing (low).
  for (const char* vendor : {"meta_pixel", "tiktok_pixel"}) {
    const difference* x = find(d, "fired_in_different_consent_state", vendor);
    ASSERT_NE(x, nullptr) << vendor;
    EXPECT_EQ(x->reason, "different_consent_state");
    EXPECT_EQ(x->significance, "low");
    EXPECT_NE(x->sides[0].detail.find("position granted"), std::string::npos);
    EXPECT_NE(x->sides[1].detail.find("position before_choice"), std::string::npos);
  }
  EXPECT_EQ(entries_of(*find(d, "fired_in_different_consent_state", "meta_pixel"), 0),
            std::vector<std::uint64_t>{20});
  ASSERT_NE(find(d, "event_only_in_ours", "meta_pixel", "ViewContent"), nullptr);
  // Different sites: said once, and no page differences for them.
  EXPECT_EQ(count(d, "page_only_in_one"), 0u);
  bool noted = false;
  for (const auto& n : d.notes) noted = noted || n.find("share no page") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(DiffPairs, NoConsentPlatformAgainstALateBanner) {
  const diff_result d = run(scenario("no_cmp"), scenario("fired_before_banner"));
  SCOPED_TRACE(listing(d));
  const difference* flow = find(d, "consent_flow_differs");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->what, "A consent platform was seen in ours only.");
  // A different choice cannot explain a consent platform's absence; nothing else does.
  EXPECT_EQ(flow->reason, "unknown");
  EXPECT_EQ(flow->certainty, "unknown");
  EXPECT_NE(flow->sides[0].detail.find("no consent platform: no_cmp"), std::string::npos);
  EXPECT_NE(flow->sides[1].detail.find("onetrust: pre_banner -> banner_shown"), std::string::npos);
  const difference* ev = find(d, "event_only_in_ours", "meta_pixel", "ViewContent");
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->significance, "low");
  // Both fired before any consent UI: no position difference.
  EXPECT_EQ(count(d, "fired_in_different_consent_state"), 0u);
  EXPECT_EQ(count(d, "vendor_only_in_exhibit") + count(d, "vendor_only_in_ours"), 0u);
  bool region_note = false;
  for (const auto& n : d.notes) region_note = region_note || n.find("Region:") == 0;
  EXPECT_TRUE(region_note);

  // The other way round the event is the exhibit's, sent before consent: high.
  const diff_result r = run(scenario("fired_before_banner"), scenario("no_cmp"));
  const difference* back = find(r, "event_only_in_exhibit", "meta_pixel", "ViewContent");
  ASSERT_NE(back, nullptr) << listing(r);
  EXPECT_EQ(back->significance, "high");
  EXPECT_EQ(entries_of(*back, 0), std::vector<std::uint64_t>{19});
  EXPECT_EQ(back->id, "D1");
}

TEST(DiffPairs, GpcFromFirefoxAgainstChrome) {
  const diff_result d = run(scenario("gpc_ignored"), scenario("fired_before_banner"));
  SCOPED_TRACE(listing(d));
  const difference* gpc = find(d, "gpc_differs");
  ASSERT_NE(gpc, nullptr);
  EXPECT_EQ(gpc->reason, "different_browser");
  EXPECT_EQ(gpc->significance, "medium");
  EXPECT_EQ(gpc->sides[0].detail, "Sec-GPC: 1 on 18 of 18 requests");
  const difference* tool = find(d, "capture_conditions_differ", "", "capture_tool");
  ASSERT_NE(tool, nullptr);
  EXPECT_EQ(tool->reason, "different_browser");
  EXPECT_EQ(tool->certainty, "observed");
  // For a vendor GPC is a consent signal, and consent comes before the browser.
  const difference* ga = find(d, "fired_in_different_consent_state", "google_analytics_4");
  ASSERT_NE(ga, nullptr);
  EXPECT_EQ(ga->reason, "different_consent_state");
  EXPECT_NE(ga->reason_text.find("Sec-GPC: 1"), std::string::npos);
  EXPECT_EQ(d.captures[0].browser, "firefox");
  EXPECT_EQ(d.captures[1].browser, "chromium");
}

TEST(DiffPairs, SanitizedExportAgainstACompleteCapture) {
  const diff_result d = run(scenario("sanitized_export"), scenario("accept_then_fire"));
  SCOPED_TRACE(listing(d));
  const difference* x = find(d, "capture_conditions_differ", "", "sanitized_export");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->reason, "sanitized_export");
  EXPECT_EQ(x->certainty, "observed");
  EXPECT_EQ(x->significance, "medium");
  EXPECT_TRUE(d.captures[0].cookies_stripped);
  // Both flows end in acceptance: the sanitized export still proves the choice.
  EXPECT_EQ(count(d, "consent_flow_differs"), 0u);
  EXPECT_EQ(d.captures[0].choice, "accepted");
  ASSERT_NE(find(d, "vendor_only_in_ours", "tiktok_pixel"), nullptr);
  ASSERT_NE(find(d, "vendor_only_in_exhibit", "microsoft_clarity"), nullptr);
  // The reverse puts the flaw on our side: low.
  const diff_result r = run(scenario("accept_then_fire"), scenario("sanitized_export"));
  const difference* back = find(r, "capture_conditions_differ", "", "sanitized_export");
  ASSERT_NE(back, nullptr) << listing(r);
  EXPECT_EQ(back->significance, "low");
}

TEST(DiffPairs, ARecaptureMonthsLaterShowsTheSiteChanged) {
  const diff_result d = run(scenario("accept_then_fire"), recapture("lumen_home_recapture"));
  SCOPED_TRACE(listing(d));
  EXPECT_TRUE(d.notes.size() == 1u);  // only that the integrity checks were not available
  const difference* gap = find(d, "time_gap");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->reason, "site_changed");
  EXPECT_EQ(gap->what, "The captures were made 193 days apart.");
  const difference* tiktok = find(d, "vendor_only_in_exhibit", "tiktok_pixel");
  ASSERT_NE(tiktok, nullptr);
  EXPECT_EQ(tiktok->reason, "site_changed");
  EXPECT_EQ(tiktok->certainty, "likely");
  EXPECT_EQ(tiktok->significance, "medium");  // it fired only after consent there
  EXPECT_EQ(tiktok->sides[1].detail, "no request to this vendor");
  const difference* fields = find(d, "fields_differ", "meta_pixel");
  ASSERT_NE(fields, nullptr);
  EXPECT_NE(fields->what.find("only in the exhibit: client_id (fbp); only in ours: nothing"),
            std::string::npos);
  const difference* list = find(d, "event_only_in_ours", "google_analytics_4", "view_item_list");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(entries_of(*list, 1), std::vector<std::uint64_t>{20});
  // The same consent flow, the same region, the same page.
  EXPECT_EQ(
      count(d, "consent_flow_differs") + count(d, "region_differs") + count(d, "page_only_in_one"),
      0u);
  // GA4's scroll carried custom data in both: no fields difference for it.
  EXPECT_EQ(find(d, "fields_differ", "google_analytics_4"), nullptr);
}

TEST(DiffPairs, ARecaptureFromAnotherRegion) {
  const diff_result d = run(scenario("reject_then_fire"), recapture("goldenstate_recapture_ny"));
  SCOPED_TRACE(listing(d));
  ASSERT_FALSE(d.differences.empty());
  const difference& first = d.differences.front();
  EXPECT_EQ(first.kind, "region_differs");
  EXPECT_EQ(first.reason, "different_region_rule");
  EXPECT_EQ(first.certainty, "observed");
  EXPECT_EQ(first.what,
            "The consent platform applied region US-CA in the exhibit and US-NY in ours.");
  for (const char* vendor : {"meta_pixel", "tiktok_pixel"}) {
    const difference* x = find(d, "vendor_only_in_exhibit", vendor);
    ASSERT_NE(x, nullptr) << vendor;
    EXPECT_EQ(x->reason, "different_region_rule");
    // Ours was made outside California: it answers the exhibit little.
    EXPECT_EQ(x->significance, "low");
    EXPECT_NE(x->reason_text.find("lies with our capture"), std::string::npos);
  }
  EXPECT_EQ(entries_of(*find(d, "vendor_only_in_exhibit", "meta_pixel"), 0),
            (std::vector<std::uint64_t>{18, 22}));
  // Both rejected: the choice is not a difference.
  EXPECT_EQ(count(d, "consent_flow_differs"), 0u);
}

TEST(DiffPairs, AScannerExhibitWithoutIntegrityChecks) {
  const diff_result d = run(recapture("pacific_ledger_scanner"), scenario("fired_before_banner"));
  SCOPED_TRACE(listing(d));
  ASSERT_GE(d.differences.size(), 4u);
  // The exhibit was not placed in California: the first point of the rebuttal.
  EXPECT_EQ(d.differences[0].kind, "region_differs");
  EXPECT_EQ(d.differences[0].significance, "high");
  EXPECT_NE(d.differences[0].reason_text.find("The exhibit was placed outside California"),
            std::string::npos);
  // Without verify, the exporter alone marks the scanner.
  EXPECT_TRUE(d.captures[0].automated_exporter);
  const difference* tool = find(d, "capture_conditions_differ", "", "capture_tool");
  ASSERT_NE(tool, nullptr);
  EXPECT_EQ(tool->reason, "scanner_markers");
  EXPECT_EQ(tool->significance, "medium");
  for (const char* ev : {"scroll", "ViewContent"}) {
    bool found = false;
    for (const auto& x : d.differences) {
      if (x.kind == "event_only_in_ours" && x.subject == ev) {
        found = true;
        EXPECT_EQ(x.reason, "scanner_markers");
      }
    }
    EXPECT_TRUE(found) << ev;
  }
}

TEST(DiffPairs, OneDifferenceAgainstSeveralOfOurCapturesIsMerged) {
  const auto& e = scenario("reject_then_fire");
  const auto& ny = recapture("goldenstate_recapture_ny");
  const diff_result d = diff(e, {&ny, &ny});
  SCOPED_TRACE(listing(d));
  ASSERT_EQ(d.captures.size(), 3u);
  const diff_result single = run(e, ny);
  ASSERT_EQ(d.differences.size(), single.differences.size());
  for (std::size_t i = 0; i < d.differences.size(); ++i) {
    const auto& x = d.differences[i];
    ASSERT_EQ(x.sides.size(), 3u) << x.id;
    EXPECT_EQ(x.sides[0].capture, 0u);
    EXPECT_EQ(x.sides[1].capture, 1u);
    EXPECT_EQ(x.sides[2].capture, 2u);
    EXPECT_EQ(x.kind, single.differences[i].kind);
    EXPECT_EQ(x.id, single.differences[i].id);
  }
  // What is found against one of our captures only keeps its two sides.
  const diff_result mixed = diff(scenario("accept_then_fire"), {&recapture("lumen_home_recapture"),
                                                                &scenario("accept_then_fire")});
  const difference* tiktok = find(mixed, "vendor_only_in_exhibit", "tiktok_pixel");
  ASSERT_NE(tiktok, nullptr) << listing(mixed);
  ASSERT_EQ(tiktok->sides.size(), 2u);
  EXPECT_EQ(tiktok->sides[1].capture, 1u);
}

TEST(DiffPairs, IdsAndOrderAreDeterministic) {
  const diff_result a = run(recapture("pacific_ledger_scanner"), scenario("fired_before_banner"));
  const diff_result b = run(recapture("pacific_ledger_scanner"), scenario("fired_before_banner"));
  ASSERT_EQ(a.differences.size(), b.differences.size());
  int previous = 3;
  const auto rank = [](const std::string& s) { return s == "high" ? 2 : s == "medium" ? 1 : 0; };
  for (std::size_t i = 0; i < a.differences.size(); ++i) {
    EXPECT_EQ(a.differences[i].id, "D" + std::to_string(i + 1));
    EXPECT_EQ(a.differences[i].id, b.differences[i].id);
    EXPECT_EQ(a.differences[i].kind, b.differences[i].kind);
    EXPECT_EQ(a.differences[i].reason_text, b.differences[i].reason_text);
    EXPECT_LE(rank(a.differences[i].significance), previous);
    previous = rank(a.differences[i].significance);
  }
  EXPECT_EQ(a.notes, b.notes);
}

TEST(DiffPairs, AnUnreadableCaptureIsNotCompared) {
  verify_result missing;
  missing.timeline = timeline::reconstruct(harfact::test::testdata("diff/does-not-exist.har"),
                                           *diff_test::f().m, *diff_test::f().psl);
  const diff_result d = run(scenario("no_cmp"), missing);
  EXPECT_TRUE(d.differences.empty()) << listing(d);
  ASSERT_EQ(d.captures.size(), 2u);
  EXPECT_EQ(d.captures[1].status, "unreadable");
  bool noted = false;
  for (const auto& n : d.notes) noted = noted || n.find("could not be read") != std::string::npos;
  EXPECT_TRUE(noted);
  const diff_result e = run(missing, scenario("no_cmp"));
  EXPECT_TRUE(e.differences.empty());
}

TEST(DiffPairs, PageKeysDropQueryAndFragment) {
  EXPECT_EQ(normalize_page_url("https://WWW.Example.TEST/a/b?x=1#top"),
            "https://www.example.test/a/b");
  EXPECT_EQ(normalize_page_url("HTTPS://www.example.test"), "https://www.example.test/");
  EXPECT_EQ(normalize_page_url("https://www.example.test:443/"), "https://www.example.test/");
  EXPECT_EQ(normalize_page_url("http://www.example.test:8080/p"), "http://www.example.test:8080/p");
  EXPECT_EQ(normalize_page_url("not a url"), "not a url");
}

TEST(DiffPairs, PagesVisitedInOneCaptureOnly) {
  // Our capture of the two-page visit, with the second page elsewhere on the site.
  const auto& e = scenario("navigation_persisted");
  verify_result o = e;
  auto& pages = o.timeline.trackers.capture.pages;
  ASSERT_GE(pages.size(), 2u);
  pages[1].main_document_url = "https://www.fernwood-apparel.test/collections/footwear?sort=new";
  const diff_result d = run(e, o);
  SCOPED_TRACE(listing(d));
  ASSERT_EQ(count(d, "page_only_in_one"), 2u);
  const difference* in_exhibit = nullptr;
  const difference* in_ours = nullptr;
  for (const auto& x : d.differences) {
    if (x.kind != "page_only_in_one") continue;
    (x.page.find("outerwear") != std::string::npos ? in_exhibit : in_ours) = &x;
  }
  ASSERT_NE(in_exhibit, nullptr);
  ASSERT_NE(in_ours, nullptr);
  EXPECT_EQ(in_exhibit->page, "https://www.fernwood-apparel.test/collections/outerwear");
  EXPECT_EQ(in_ours->page, "https://www.fernwood-apparel.test/collections/footwear");
  EXPECT_EQ(in_exhibit->significance, "low");  // 35
  EXPECT_EQ(in_exhibit->reason, "unknown");
  EXPECT_EQ(in_exhibit->sides[1].detail, "not visited");
  EXPECT_NE(in_exhibit->sides[0].detail.find("vendors that sent data there"), std::string::npos);
  EXPECT_EQ(in_ours->sides[0].detail, "not visited");
  // The vendors are compared on the shared first page only, where they agree.
  EXPECT_EQ(count(d, "vendor_only_in_exhibit") + count(d, "event_only_in_exhibit"), 0u);
  // Months apart, a page only in one capture is put down to the site.
  verify_result later = o;
  *later.timeline.trackers.capture.first_started_us += std::int64_t{200} * 86'400'000'000;
  const diff_result l = run(e, later);
  const difference* page = find(l, "page_only_in_one");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->reason, "site_changed");
}

}  // namespace
}  // namespace harfact::check
