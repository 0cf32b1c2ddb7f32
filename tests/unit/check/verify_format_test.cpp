// The building blocks of verify: how entries are written (JSON.stringify's
// numbers and escapes, member order, layout) and the small parsers (HTTP
// dates, base64 sizes, percent-decoding, durations).
#include "check/verify_format.hpp"

#include <gtest/gtest.h>

#include "check/verify_detail.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::check::detail {
namespace {

TEST(JsNumber, WritesWhatNumberToStringWrites) {
  EXPECT_EQ(js_number_text(0), "0");
  EXPECT_EQ(js_number_text(-0.0), "0");
  EXPECT_EQ(js_number_text(44), "44");
  EXPECT_EQ(js_number_text(-1), "-1");
  EXPECT_EQ(js_number_text(0.1), "0.1");
  EXPECT_EQ(js_number_text(105.36299999151379), "105.36299999151379");
  EXPECT_EQ(js_number_text(1.5e-7), "1.5e-7");
  EXPECT_EQ(js_number_text(0.000001), "0.000001");
  EXPECT_EQ(js_number_text(1e21), "1e+21");
  EXPECT_EQ(js_number_text(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(js_number_text(1773512526068.0), "1773512526068");
  EXPECT_EQ(js_number_text(0.30000000000000004), "0.30000000000000004");
}

TEST(EntryFormat, FindsWhatJsonStringifyNeverWrites) {
  const std::string_view ok =
      R"({"a": 1, "b": -1, "c": 0.5, "d": "x\"y\\z\n\u001f\ud800", "e": [1e-7, 1e+21]})";
  const auto good = scan_entry_format(ok, true);
  EXPECT_EQ(good.anomaly_count, 0u);
  ASSERT_EQ(good.members.size(), 5u);
  EXPECT_EQ(good.members[0], "a");
  EXPECT_EQ(good.members[4], "e");
  EXPECT_EQ(good.layout, "");

  const auto bad = scan_entry_format(
      "{\n  \"time\": 44.0, \"n\": 1E3, \"m\": 1e5, \"p\": -0, \"s\": "
      "\"a\\/b\\u00e9\\u00C9\\u000a\\ud83d\\ude00\"}",
      true);
  EXPECT_EQ(bad.layout, "\n  ");
  EXPECT_EQ(bad.anomaly_count, 9u);
  ASSERT_EQ(bad.anomalies.size(), 3u);  // the first three are kept
  EXPECT_EQ(bad.anomalies[0].what, "number 44.0 (JSON.stringify writes 44)");
  EXPECT_EQ(bad.anomalies[1].what, "number 1E3 (JSON.stringify writes 1000)");
  EXPECT_EQ(bad.anomalies[2].what, "number 1e5 (JSON.stringify writes 100000)");
  // Keys only at the top level; nested objects and strings are skipped.
  const auto nested =
      scan_entry_format(R"({"x": {"y": 1, "z": [{"w": 2}]}, "v": "{\"u\": 1}"})", false);
  ASSERT_EQ(nested.members.size(), 2u);
  EXPECT_EQ(nested.members[1], "v");
  EXPECT_EQ(nested.anomaly_count, 0u);  // not looked for
}

TEST(EntryFormat, NumbersOnTheFastPathAgreeWithTheExactCheck) {
  // Every token either passes both ways or is reported with the exact form.
  const std::pair<std::string_view, bool> cases[] = {
      {"0", true},
      {"-0", false},
      {"12", true},
      {"0.5", true},
      {"0.50", false},
      {"1.0", false},
      {"0.000001", true},
      {"0.0000001", false},
      {"1e-7", true},
      {"1E-7", false},
      {"1e+21", true},
      {"1e21", false},
      {"100000000000000000000", true},
      {"1000000000000000000000", false},
      {"123456789012345", true},
      {"105.36299999151379", true},
      {"-1.5", true},
      {"-01", false},
  };
  for (const auto& [token, ok] : cases) {
    const std::string json = "{\"n\": " + std::string(token) + "}";
    EXPECT_EQ(scan_entry_format(json, true).anomaly_count == 0, ok) << token;
  }
}

TEST(EntryFormat, AnOrderReversingASettledPairIsAnOutlier) {
  format_facts facts;
  for (int i = 0; i < 9; ++i) facts.add(scan_entry_format(R"({"a": 1, "b": 2, "c": 3})", false));
  facts.add(scan_entry_format(R"({"a": 1, "c": 3})", false));  // a member left out: consistent
  facts.add(scan_entry_format(R"({"b": 2, "a": 1, "c": 3})", false));
  const auto why = order_outliers(facts);
  ASSERT_EQ(why.size(), 3u);
  EXPECT_TRUE(why[0].empty());
  EXPECT_TRUE(why[1].empty());
  EXPECT_EQ(why[2], "\"b\" written before \"a\", unlike 9 of the 10 entries that have both");
  // Too few entries to settle anything.
  format_facts few;
  few.add(scan_entry_format(R"({"a": 1, "b": 2})", false));
  few.add(scan_entry_format(R"({"b": 2, "a": 1})", false));
  for (const auto& w : order_outliers(few)) EXPECT_TRUE(w.empty());
}

TEST(EntryFormat, TheDominantLayoutNeedsAClearMajority) {
  format_facts facts;
  for (int i = 0; i < 9; ++i) facts.add(scan_entry_format("{\n      \"a\": 1}", false));
  facts.add(scan_entry_format("{\"a\": 1}", false));
  const std::uint32_t d = dominant_layout(facts);
  ASSERT_LT(d, facts.layouts.size());
  EXPECT_EQ(facts.layouts[d], "\n      ");
  EXPECT_EQ(layout_text(facts.layouts[d]), "newline + 6 spaces");
  EXPECT_EQ(layout_text(""), "no whitespace");
  facts.add(scan_entry_format("{\"a\": 1}", false));  // 9 of 11: no longer 90%
  EXPECT_EQ(dominant_layout(facts), facts.layouts.size());
}

TEST(Text, HttpDatesInTheThreeFormsOfRfc9110) {
  const std::int64_t want = har::parse_timestamp("1994-11-06T08:49:37Z")->us;
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
  EXPECT_FALSE(parse_http_date("yesterday"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(Text, Base64SizesPercentDecodingDurations) {
  EXPECT_EQ(base64_decoded_size("TWFu"), 3u);
  EXPECT_EQ(base64_decoded_size("TWE="), 2u);
  EXPECT_EQ(base64_decoded_size("TQ=="), 1u);
  EXPECT_EQ(base64_decoded_size("TQ"), 1u);
  EXPECT_EQ(base64_decoded_size("TW Fu\n"), 3u);
  EXPECT_FALSE(base64_decoded_size("T"));
  EXPECT_FALSE(base64_decoded_size("TQ==TQ"));
  EXPECT_FALSE(base64_decoded_size("MANUALLY REMOVED!"));
  EXPECT_EQ(percent_decode("a%20b+c%zz%4", false), "a b+c%zz%4");
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(duration_text(850'000), "850 ms");
  EXPECT_EQ(duration_text(3'400'000), "3.4 s");
  EXPECT_EQ(duration_text(432'000'000), "7 min 12 s");
  EXPECT_EQ(duration_text(-3'720'000'000), "-1 h 02 min");
  EXPECT_EQ(duration_text(90'000'000'000), "1 d 1 h");
  EXPECT_EQ(ms_text(9.5), "9.5");
  EXPECT_EQ(ms_text(120.0), "120");
  EXPECT_EQ(ms_text(0.3779999), "0.378");
  EXPECT_EQ(shorten("abcdef", 3), "abc...");
  EXPECT_EQ(shorten("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9...");  // never inside a character
}

}  // namespace
}  // namespace harfact::check::detail
