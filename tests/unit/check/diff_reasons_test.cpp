// diff's reasons with integrity checks: every reason code, the documented
// precedence between them, how checks become capture-condition differences,
// and the classification of verify's own check ids.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "diff_test_support.hpp"

namespace harfact::check {
namespace {

using diff_test::checks;
using diff_test::count;
using diff_test::find;
using diff_test::listing;
using diff_test::make_check;
using diff_test::recapture;
using diff_test::run;
using diff_test::scenario;
using diff_test::with_checks;

TEST(DiffReasons, VocabularyIsFixedAndInPrecedenceOrder) {
  const std::vector<std::string_view> reasons = {"sanitized_export",
                                                 "scanner_markers",
                                                 "extension_interference",
                                                 "different_consent_state",
                                                 "different_region_rule",
                                                 "different_browser",
                                                 "cache",
                                                 "site_changed",
                                                 "unknown"};
  EXPECT_EQ(difference_reasons(), reasons);
  EXPECT_EQ(difference_kinds().size(), 12u);
  EXPECT_EQ(difference_kinds().front(), "vendor_only_in_exhibit");
}

TEST(DiffReasons, VerifyCheckIdsAreClassified) {
  // Every check verify runs, by the ids of its catalog.
  std::vector<std::string> ids;
  for (const auto& c : check_catalog()) ids.emplace_back(c.id);
  const auto has = [&](const char* id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  ASSERT_TRUE(has("sanitized_export"));
  ASSERT_TRUE(has("headless_browser"));
  ASSERT_TRUE(has("cache_disabled"));
  ASSERT_TRUE(has("extension_traffic"));
  ASSERT_TRUE(has("clean_profile"));
  ASSERT_TRUE(has("region"));
  // The classification diff relies on (diff.hpp, "Integrity checks").
  verify_result e = with_checks(
      scenario("fired_before_banner"),
      {make_check("sanitized_export", status::warn), make_check("headless_browser", status::warn),
       make_check("cache_disabled", status::warn), make_check("extension_traffic", status::warn),
       make_check("clean_profile", status::warn), make_check("region", status::warn)});
  verify_result o = with_checks(
      scenario("fired_before_banner"),
      {make_check("sanitized_export", status::pass), make_check("headless_browser", status::pass),
       make_check("cache_disabled", status::pass), make_check("extension_traffic", status::pass),
       make_check("clean_profile", status::pass), make_check("region", status::pass)});
  const diff_result d = run(e, o);
  SCOPED_TRACE(listing(d));
  const std::vector<std::pair<const char*, const char*>> expect = {
      {"sanitized_export", "sanitized_export"},
      {"headless_browser", "scanner_markers"},
      {"cache_disabled", "cache"},
      {"extension_traffic", "extension_interference"},
      {"clean_profile", "different_consent_state"}};
  for (const auto& [id, reason] : expect) {
    const difference* x = find(d, "capture_conditions_differ", "", id);
    ASSERT_NE(x, nullptr) << id;
    EXPECT_EQ(x->reason, reason) << id;
    EXPECT_EQ(x->certainty, "observed");
    EXPECT_EQ(x->significance, "high");  // the exhibit's flaw
  }
  // The region check is region_differs' business.
  EXPECT_EQ(find(d, "capture_conditions_differ", "", "region"), nullptr);
  EXPECT_EQ(d.captures[0].conditions.size(), 6u);
  EXPECT_TRUE(d.captures[0].checks_available);
}

TEST(DiffReasons, ScannerMarkersExplainWhatTheScannerDidNotDo) {
  const verify_result e = with_checks(
      scenario("fired_before_banner"),
      checks({make_check("headless_browser", status::warn, "HeadlessChrome user agent", 0)}));
  const verify_result o = with_checks(scenario("no_cmp"), checks());
  const diff_result d = run(o, e);  // the scanner as ours: its flaw, low
  const difference* ev = find(d, "event_only_in_ours", "meta_pixel", "ViewContent");
  ASSERT_NE(ev, nullptr) << listing(d);
  EXPECT_EQ(ev->reason, "scanner_markers");
  EXPECT_NE(ev->reason_text.find("verify's check headless_browser warned, entry 0"),
            std::string::npos);
  EXPECT_NE(ev->reason_text.find("lies with our capture"), std::string::npos);
  const difference* cond = find(d, "capture_conditions_differ", "", "headless_browser");
  ASSERT_NE(cond, nullptr);
  EXPECT_EQ(cond->significance, "low");
  EXPECT_EQ(cond->sides[1].entries, std::vector<std::uint64_t>{0});
}

TEST(DiffReasons, ScannerMarkersComeBeforeAnExtension) {
  const verify_result e = with_checks(
      scenario("fired_before_banner"),
      checks({make_check("headless_browser", status::warn, "HeadlessChrome", 0),
              make_check("extension_traffic", status::warn, "chrome-extension:// request", 3)}));
  const verify_result o = with_checks(scenario("no_cmp"), checks());
  const diff_result d = run(e, o);
  const difference* ev = find(d, "event_only_in_exhibit", "meta_pixel", "ViewContent");
  ASSERT_NE(ev, nullptr) << listing(d);
  EXPECT_EQ(ev->reason, "scanner_markers");
  EXPECT_EQ(ev->significance, "high");  // sent before consent, and the exhibit's flaw
  // With the extension alone, the extension.
  const verify_result x = with_checks(
      scenario("fired_before_banner"),
      checks({make_check("extension_traffic", status::fail, "chrome-extension:// request", 3)}));
  const diff_result dx = run(x, o);
  const difference* evx = find(dx, "event_only_in_exhibit", "meta_pixel", "ViewContent");
  ASSERT_NE(evx, nullptr) << listing(dx);
  EXPECT_EQ(evx->reason, "extension_interference");
  EXPECT_NE(evx->reason_text.find("verify's check extension_traffic failed, entry 3"),
            std::string::npos);
  // Both captures with an extension: it explains no difference between them.
  const verify_result both = with_checks(
      scenario("no_cmp"),
      checks({make_check("extension_traffic", status::warn, "chrome-extension:// request", 1)}));
  const diff_result db = run(x, both);  // find() points into it: keep it alive
  const difference* evb = find(db, "event_only_in_exhibit", "meta_pixel", "ViewContent");
  ASSERT_NE(evb, nullptr);
  EXPECT_EQ(evb->reason, "unknown");
}

TEST(DiffReasons, ASanitizedExportComesFirstForConsent) {
  // accept against reject: the choices differ, but the exhibit is sanitized.
  const verify_result e =
      with_checks(scenario("accept_then_fire"),
                  checks({make_check("sanitized_export", status::fail, "no cookies anywhere")}));
  const verify_result o = with_checks(scenario("reject_then_fire"), checks());
  const diff_result d = run(e, o);
  SCOPED_TRACE(listing(d));
  const difference* flow = find(d, "consent_flow_differs");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->reason, "sanitized_export");
  EXPECT_EQ(flow->certainty, "likely");
  const difference* meta = find(d, "fired_in_different_consent_state", "meta_pixel");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->reason, "sanitized_export");
  // A sanitized export does not hide trackers: an event difference keeps the choice.
  const difference* ev = find(d, "event_only_in_ours", "meta_pixel", "ViewContent");
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->reason, "different_consent_state");
  // The verify check replaces the cookie-verdict fallback: one difference, by its id.
  EXPECT_NE(find(d, "capture_conditions_differ", "", "sanitized_export"), nullptr);
  std::size_t sanitized = 0;
  for (const auto& x : d.differences) {
    sanitized += x.kind == "capture_conditions_differ" && x.reason == "sanitized_export" ? 1 : 0;
  }
  EXPECT_EQ(sanitized, 1u);
}

TEST(DiffReasons, CacheExplainsCodeLoadsOnly) {
  // The exhibit's TikTok only loaded its code (its hits made to send nothing).
  verify_result e = scenario("accept_then_fire");
  for (auto& a : e.timeline.hits) {
    const auto* v = e.timeline.trackers.hits[a.hit].vendor;
    if (v != nullptr && v->vendor_id == "tiktok_pixel") a.fires = false;
  }
  const verify_result& o = recapture("lumen_home_recapture");
  const diff_result dp = run(e, o);  // find() points into it: keep it alive
  const difference* plain = find(dp, "vendor_only_in_exhibit", "tiktok_pixel");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->reason, "site_changed");  // 193 days apart
  EXPECT_EQ(plain->significance, "low");
  EXPECT_NE(plain->what.find("loaded its code, sent no data"), std::string::npos);

  const verify_result ec = with_checks(
      e,
      checks({make_check("cache_disabled", status::warn, "Pragma: no-cache on every request", 2)}));
  const verify_result oc = with_checks(o, checks());
  const diff_result d = run(ec, oc);
  const difference* x = find(d, "vendor_only_in_exhibit", "tiktok_pixel");
  ASSERT_NE(x, nullptr) << listing(d);
  EXPECT_EQ(x->reason, "cache");
  EXPECT_EQ(x->certainty, "likely");
  // A vendor that sent data is not explained by the cache.
  const verify_result& full = scenario("accept_then_fire");
  const diff_result ds = run(with_checks(full, ec.checks), oc);
  const difference* sent = find(ds, "vendor_only_in_exhibit", "tiktok_pixel");
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->reason, "site_changed");
}

TEST(DiffReasons, AProfileThatWasNotFreshIsADifferentConsentState) {
  const verify_result e = with_checks(scenario("fired_before_banner"), checks());
  const verify_result o = with_checks(
      scenario("no_cmp"), checks({make_check("clean_profile", status::warn,
                                             "consent cookies on the first request", 0)}));
  const diff_result d = run(e, o);
  SCOPED_TRACE(listing(d));
  const difference* ev = find(d, "event_only_in_exhibit", "meta_pixel", "ViewContent");
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->reason, "different_consent_state");
  EXPECT_EQ(ev->significance, "low");  // our capture's flaw
  const difference* cond = find(d, "capture_conditions_differ", "", "clean_profile");
  ASSERT_NE(cond, nullptr);
  EXPECT_EQ(cond->reason, "different_consent_state");
}

TEST(DiffReasons, OtherChecksAreComparedAsTheyAre) {
  const verify_result e =
      with_checks(scenario("no_cmp"),
                  checks({make_check("entry_order", status::fail, "entries out of order", 7)}));
  const verify_result o = with_checks(scenario("no_cmp"), checks());
  const diff_result d = run(e, o);
  ASSERT_EQ(d.differences.size(), 1u) << listing(d);
  const difference& x = d.differences[0];
  EXPECT_EQ(x.kind, "capture_conditions_differ");
  EXPECT_EQ(x.subject, "entry_order");
  EXPECT_EQ(x.reason, "unknown");
  EXPECT_EQ(x.certainty, "unknown");
  EXPECT_EQ(x.significance, "medium");
  EXPECT_EQ(x.sides[0].entries, std::vector<std::uint64_t>{7});
  EXPECT_EQ(x.sides[0].detail, "fail: entries out of order");
  // Not applicable is not compared; a check on one side only is a note.
  verify_result na = o;
  na.checks[5].status = status::not_applicable;  // entry_order
  EXPECT_TRUE(run(e, na).differences.empty());
  verify_result fewer = o;
  fewer.checks.pop_back();  // region
  const diff_result n = run(e, fewer);
  bool noted = false;
  for (const auto& s : n.notes) {
    noted =
        noted || s == "Integrity checks with a result for the exhibit but none for our capture 1 "
                      "(not run, or not applicable there): region; not compared.";
  }
  EXPECT_TRUE(noted) << listing(n);
}

TEST(DiffReasons, WithoutChecksTheCaptureSummaryStillCounts) {
  const diff_result d = run(scenario("no_cmp"), scenario("no_cmp"));
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_NE(d.notes[0].find(
                "Integrity checks (verify) were not available for the exhibit, our capture 1"),
            std::string::npos);
  EXPECT_FALSE(d.captures[0].checks_available);
  const diff_result w =
      run(with_checks(scenario("no_cmp"), checks()), with_checks(scenario("no_cmp"), checks()));
  EXPECT_TRUE(w.notes.empty());
  EXPECT_TRUE(w.differences.empty());
}

TEST(DiffReasons, EveryKindAndReasonIsExercised) {
  // The union over the pairs the tests use: a guard that none silently stops firing.
  std::set<std::string> kinds, reasons;
  const auto add = [&](const diff_result& d) {
    for (const auto& x : d.differences) {
      kinds.insert(x.kind);
      reasons.insert(x.reason);
    }
  };
  add(run(scenario("accept_then_fire"), scenario("reject_then_fire")));
  add(run(scenario("fired_before_banner"), scenario("no_cmp")));
  add(run(scenario("no_cmp"), scenario("fired_before_banner")));
  add(run(scenario("gpc_ignored"), scenario("fired_before_banner")));
  add(run(scenario("sanitized_export"), scenario("accept_then_fire")));
  add(run(scenario("accept_then_fire"), recapture("lumen_home_recapture")));
  add(run(scenario("reject_then_fire"), recapture("goldenstate_recapture_ny")));
  add(run(recapture("pacific_ledger_scanner"), scenario("fired_before_banner")));
  verify_result two = scenario("navigation_persisted");
  two.timeline.trackers.capture.pages[1].main_document_url =
      "https://www.fernwood-apparel.test/sale";
  add(run(scenario("navigation_persisted"), two));
  add(run(with_checks(scenario("fired_before_banner"),
                      checks({make_check("extension_traffic", status::warn, "x", 1)})),
          with_checks(scenario("no_cmp"), checks())));
  verify_result loads = scenario("accept_then_fire");
  for (auto& a : loads.timeline.hits) {
    const auto* v = loads.timeline.trackers.hits[a.hit].vendor;
    if (v != nullptr && v->vendor_id == "tiktok_pixel") a.fires = false;
  }
  add(run(with_checks(loads, checks({make_check("cache_disabled", status::warn, "x", 1)})),
          with_checks(recapture("lumen_home_recapture"), checks())));
  for (const auto k : difference_kinds()) EXPECT_EQ(kinds.count(std::string(k)), 1u) << k;
  for (const auto r : difference_reasons()) EXPECT_EQ(reasons.count(std::string(r)), 1u) << r;
}

}  // namespace
}  // namespace harfact::check
