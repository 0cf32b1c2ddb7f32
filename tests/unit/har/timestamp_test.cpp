// Tests for harfact/har/timestamp.hpp. Expected microsecond values were
// computed independently (Python's datetime, proleptic Gregorian), not with
// the code under test.
#include "harfact/har/timestamp.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace harfact::har {
namespace {

// 2024-01-05T17:02:03Z
constexpr std::int64_t k_base_s = 1'704'474'123;
constexpr std::int64_t k_base_us = k_base_s * 1'000'000;

timestamp parse_ok(std::string_view text) {
  std::string why;
  auto ts = parse_timestamp(text, &why);
  EXPECT_TRUE(ts.has_value()) << "'" << text << "' refused: " << why;
  if (!ts) return {};
  EXPECT_TRUE(ts->valid);
  return *ts;
}

std::string parse_fail(std::string_view text) {
  std::string why;
  auto ts = parse_timestamp(text, &why);
  EXPECT_FALSE(ts.has_value()) << "'" << text << "' accepted as " << ts->us;
  EXPECT_FALSE(why.empty()) << "no reason for '" << text << "'";
  return why;
}

TEST(TimestampParse, UtcMilliseconds) {
  const timestamp ts = parse_ok("2024-01-05T17:02:03.412Z");
  EXPECT_EQ(ts.us, 1'704'474'123'412'000);
  EXPECT_EQ(ts.offset_minutes, 0);
  EXPECT_EQ(ts.fraction_digits, 3);
  EXPECT_TRUE(ts.has_zone);
  EXPECT_EQ(ts.precision_us(), 1'000);
}

TEST(TimestampParse, OffsetForms) {
  // +01:00, +0100 and +01 are the same instant, one hour before 17:02:03Z.
  for (const char* text : {"2024-01-05T17:02:03.412+01:00", "2024-01-05T17:02:03.412+0100",
                           "2024-01-05T17:02:03.412+01"}) {
    SCOPED_TRACE(text);
    const timestamp ts = parse_ok(text);
    EXPECT_EQ(ts.us, 1'704'470'523'412'000);
    EXPECT_EQ(ts.offset_minutes, 60);
    EXPECT_TRUE(ts.has_zone);
  }
  const timestamp west = parse_ok("2024-01-05T17:02:03.412-08:00");
  EXPECT_EQ(west.us, 1'704'502'923'412'000);
  EXPECT_EQ(west.offset_minutes, -480);

  const timestamp india = parse_ok("2024-01-05T17:02:03.412+05:30");
  EXPECT_EQ(india.us, 1'704'454'323'412'000);
  EXPECT_EQ(india.offset_minutes, 330);

  const timestamp max_east = parse_ok("2024-01-05T17:02:03.412+23:59");
  EXPECT_EQ(max_east.us, 1'704'387'783'412'000);
  EXPECT_EQ(max_east.offset_minutes, 23 * 60 + 59);
  const timestamp max_west = parse_ok("2024-01-05T17:02:03.412-2359");
  EXPECT_EQ(max_west.us, 1'704'560'463'412'000);
  EXPECT_EQ(max_west.offset_minutes, -(23 * 60 + 59));

  // "+00:00" and "-00:00" (RFC 3339: offset unknown) are UTC with a zone.
  for (const char* text : {"2024-01-05T17:02:03.412+00:00", "2024-01-05T17:02:03.412-00:00"}) {
    SCOPED_TRACE(text);
    const timestamp ts = parse_ok(text);
    EXPECT_EQ(ts.us, 1'704'474'123'412'000);
    EXPECT_EQ(ts.offset_minutes, 0);
    EXPECT_TRUE(ts.has_zone);
  }
}

TEST(TimestampParse, NoFraction) {
  const timestamp ts = parse_ok("2024-01-05T17:02:03Z");
  EXPECT_EQ(ts.us, k_base_us);
  EXPECT_EQ(ts.fraction_digits, 0);
  EXPECT_EQ(ts.precision_us(), 1'000'000);
}

TEST(TimestampParse, FractionDigitsAndPrecision) {
  struct row {
    const char* text;
    std::int64_t us;
    unsigned digits;
    std::int64_t precision;
  };
  const row rows[] = {
      {"2024-01-05T17:02:03.4Z", k_base_us + 400'000, 1, 100'000},
      {"2024-01-05T17:02:03.41Z", k_base_us + 410'000, 2, 10'000},
      {"2024-01-05T17:02:03.412Z", k_base_us + 412'000, 3, 1'000},
      {"2024-01-05T17:02:03.4123Z", k_base_us + 412'300, 4, 100},
      {"2024-01-05T17:02:03.41234Z", k_base_us + 412'340, 5, 10},
      {"2024-01-05T17:02:03.412345Z", k_base_us + 412'345, 6, 1},
      // Beyond microseconds: truncated (floor), never rounded up.
      {"2024-01-05T17:02:03.4123459Z", k_base_us + 412'345, 7, 1},
      {"2024-01-05T17:02:03.412345999Z", k_base_us + 412'345, 9, 1},
      {"2024-01-05T17:02:03.999999999Z", k_base_us + 999'999, 9, 1},
      {"2024-01-05T17:02:03.000000001Z", k_base_us, 9, 1},
  };
  for (const row& r : rows) {
    SCOPED_TRACE(r.text);
    const timestamp ts = parse_ok(r.text);
    EXPECT_EQ(ts.us, r.us);
    EXPECT_EQ(ts.fraction_digits, r.digits);
    EXPECT_EQ(ts.precision_us(), r.precision);
  }
}

TEST(TimestampParse, FractionDigitsCapAt255) {
  std::string text = "2024-01-05T17:02:03.";
  text.append(300, '7');
  text += 'Z';
  const timestamp ts = parse_ok(text);
  EXPECT_EQ(ts.fraction_digits, 255);
  EXPECT_EQ(ts.us, k_base_us + 777'777);
  EXPECT_EQ(ts.precision_us(), 1);
}

TEST(TimestampParse, CommaDecimalSign) {
  // ISO 8601 allows a comma as the decimal sign.
  const timestamp ts = parse_ok("2024-01-05T17:02:03,412Z");
  EXPECT_EQ(ts.us, 1'704'474'123'412'000);
  EXPECT_EQ(ts.fraction_digits, 3);
}

TEST(TimestampParse, NoZoneIsReadAsUtc) {
  const timestamp ts = parse_ok("2024-01-05T17:02:03.412");
  EXPECT_EQ(ts.us, 1'704'474'123'412'000);
  EXPECT_FALSE(ts.has_zone);
  EXPECT_EQ(ts.offset_minutes, 0);

  const timestamp whole = parse_ok("2024-01-05T17:02:03");
  EXPECT_EQ(whole.us, k_base_us);
  EXPECT_FALSE(whole.has_zone);
}

TEST(TimestampParse, SpaceAndLowercase) {
  for (const char* text : {"2024-01-05 17:02:03.412Z", "2024-01-05t17:02:03.412z",
                           "2024-01-05 17:02:03.412z", "2024-01-05t17:02:03.412Z"}) {
    SCOPED_TRACE(text);
    const timestamp ts = parse_ok(text);
    EXPECT_EQ(ts.us, 1'704'474'123'412'000);
    EXPECT_TRUE(ts.has_zone);
  }
}

TEST(TimestampParse, LeapSecond) {
  // 2016-12-31T23:59:60Z was a real leap second; it maps to :59.999999.
  const timestamp ts = parse_ok("2016-12-31T23:59:60Z");
  EXPECT_EQ(ts.us, 1'483'228'799'999'999);
  EXPECT_EQ(ts.fraction_digits, 0);
  // ... and stays before the next second, after everything in :59.
  EXPECT_LT(ts.us, parse_ok("2017-01-01T00:00:00Z").us);
  EXPECT_GT(ts.us, parse_ok("2016-12-31T23:59:59.999998Z").us);

  const timestamp frac = parse_ok("2016-12-31T23:59:60.5Z");
  EXPECT_EQ(frac.us, 1'483'228'799'999'999);
  EXPECT_EQ(frac.fraction_digits, 1);

  // With an offset the leap second is at local 00:59:60 (+01:00).
  EXPECT_EQ(parse_ok("2017-01-01T00:59:60+01:00").us, 1'483'228'799'999'999);
}

TEST(TimestampParse, LeapYears) {
  EXPECT_EQ(parse_ok("2024-02-29T12:00:00Z").us, 1'709'208'000'000'000);
  EXPECT_EQ(parse_ok("2000-02-29T00:00:00Z").us, 951'782'400'000'000);
  EXPECT_EQ(parse_fail("2023-02-29T00:00:00Z"), "day 29 out of range (February 2023 has 28 days)");
  EXPECT_EQ(parse_fail("1900-02-29T00:00:00Z"), "day 29 out of range (February 1900 has 28 days)");
  EXPECT_EQ(parse_fail("2024-02-30T00:00:00Z"), "day 30 out of range for month 2");
  EXPECT_EQ(parse_fail("2024-04-31T00:00:00Z"), "day 31 out of range for month 4");
  EXPECT_EQ(parse_ok("2024-12-31T00:00:00Z").us, 1'735'603'200'000'000);
}

TEST(TimestampParse, Pre1970) {
  const timestamp last = parse_ok("1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(last.us, -1);

  const timestamp moon = parse_ok("1969-07-20T20:17:40.5Z");
  EXPECT_EQ(moon.us, -14'182'939'500'000);

  // Truncation beyond microseconds is floor before 1970 too: .9999999 of the
  // last second of 1969 is -1 us, not 0.
  const timestamp floor = parse_ok("1969-12-31T23:59:59.9999999Z");
  EXPECT_EQ(floor.us, -1);
  EXPECT_EQ(parse_ok("1969-12-31T23:59:59.0000001Z").us, -1'000'000);

  EXPECT_EQ(parse_ok("1900-03-01T00:00:00Z").us, -2'203'891'200'000'000);
}

TEST(TimestampParse, YearBounds) {
  EXPECT_EQ(parse_ok("0000-01-01T00:00:00Z").us, -62'167'219'200'000'000);
  EXPECT_EQ(parse_ok("0000-02-29T00:00:00Z").us + 86'400'000'000,
            parse_ok("0000-03-01T00:00:00Z").us);  // year 0 is a leap year
  EXPECT_EQ(parse_ok("0000-03-01T00:00:00Z").us, -62'162'035'200'000'000);
  EXPECT_EQ(parse_ok("0001-01-01T00:00:00Z").us, -62'135'596'800'000'000);
  EXPECT_EQ(parse_ok("9999-12-31T23:59:59.999999Z").us, 253'402'300'799'999'999);
  // An offset may carry the instant just outside 0000-9999; that is fine.
  EXPECT_EQ(parse_ok("9999-12-31T23:59:59-01:00").us, 253'402'304'399'000'000);
}

TEST(TimestampParse, RangeErrors) {
  EXPECT_EQ(parse_fail("2024-13-05T17:02:03Z"), "month 13 out of range");
  EXPECT_EQ(parse_fail("2024-00-05T17:02:03Z"), "month 0 out of range");
  EXPECT_EQ(parse_fail("2024-01-00T17:02:03Z"), "day 0 out of range for month 1");
  EXPECT_EQ(parse_fail("2024-01-32T17:02:03Z"), "day 32 out of range for month 1");
  EXPECT_EQ(parse_fail("2024-01-05T25:02:03Z"), "hour 25 out of range");
  EXPECT_EQ(parse_fail("2024-01-05T17:60:03Z"), "minute 60 out of range");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:61Z"), "second 61 out of range");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03+24:00"), "offset hour 24 out of range");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03+01:60"), "offset minute 60 out of range");
}

TEST(TimestampParse, EndOfDay2400IsRefused) {
  // ISO 8601's "24:00:00" would give one instant two spellings; RFC 3339
  // allows hours 00-23 only.
  EXPECT_EQ(parse_fail("2024-01-05T24:00:00Z"), "hour 24 out of range");
}

TEST(TimestampParse, SyntaxErrors) {
  EXPECT_EQ(parse_fail(""), "empty");
  EXPECT_EQ(parse_fail("2024-01-05x17:02:03Z"),
            "unexpected 'x' at position 10 (expected 'T' or ' ')");
  EXPECT_EQ(parse_fail("2024/01/05T17:02:03Z"), "unexpected '/' at position 4 (expected '-')");
  EXPECT_EQ(parse_fail("24-01-05T17:02:03Z"),
            "unexpected '-' at position 2 (expected a 4-digit year)");
  EXPECT_EQ(parse_fail("2024-1-05T17:02:03Z"),
            "unexpected '-' at position 6 (expected a 2-digit month)");
  EXPECT_EQ(parse_fail("2024-01-05"), "ends at position 10 (expected 'T' and a time)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02"), "ends at position 16 (expected ':')");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03."), "ends at position 20 (expected fraction digits)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03.Z"),
            "unexpected 'Z' at position 20 (expected fraction digits)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03+1"), "ends at position 21 (expected offset hours)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03+01:"), "ends at position 23 (expected offset minutes)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03+013"), "ends at position 23 (expected offset minutes)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03 UTC"),
            "unexpected ' ' at position 19 (expected 'Z' or a '+'/'-' offset)");
  EXPECT_EQ(parse_fail(" 2024-01-05T17:02:03Z"),
            "unexpected ' ' at position 0 (expected a 4-digit year)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03\x01"),
            "unexpected byte 0x01 at position 19 (expected 'Z' or a '+'/'-' offset)");
  // Syntax is checked before ranges: the reported problem is where the text breaks.
  EXPECT_EQ(parse_fail("2024-13-05T17:02:03Zx"),
            "unexpected 'x' at position 20 (expected end of text)");
}

TEST(TimestampParse, TrailingGarbage) {
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03.412Zjunk"),
            "unexpected 'j' at position 24 (expected end of text)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03.412+01:00 "),
            "unexpected ' ' at position 29 (expected end of text)");
  EXPECT_EQ(parse_fail("2024-01-05T17:02:03.412Z\n"),
            "unexpected byte 0x0a at position 24 (expected end of text)");
  // An embedded NUL is garbage too, not an end of string.
  EXPECT_EQ(parse_fail(std::string_view("2024-01-05T17:02:03Z\0x", 22)),
            "unexpected byte 0x00 at position 20 (expected end of text)");
}

TEST(TimestampParse, NoReasonRequested) {
  EXPECT_FALSE(parse_timestamp("2024-13-05T17:02:03Z").has_value());
  EXPECT_FALSE(parse_timestamp("nonsense").has_value());
  ASSERT_TRUE(parse_timestamp("2024-01-05T17:02:03Z").has_value());
}

TEST(TimestampParse, WhyUntouchedOnSuccess) {
  std::string why = "previous";
  ASSERT_TRUE(parse_timestamp("2024-01-05T17:02:03Z", &why).has_value());
  EXPECT_EQ(why, "previous");
}

TEST(TimestampPrecision, DefaultAndLarge) {
  timestamp ts;
  EXPECT_EQ(ts.precision_us(), 1'000'000);
  ts.fraction_digits = 255;
  EXPECT_EQ(ts.precision_us(), 1);
}

TEST(DaysFromCivil, KnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11'017);
  EXPECT_EQ(days_from_civil(2024, 1, 5), 19'727);
  EXPECT_EQ(days_from_civil(0, 1, 1), -719'528);
  EXPECT_EQ(days_from_civil(9999, 12, 31), 2'932'896);
}

TEST(TimestampFormat, Utc) {
  EXPECT_EQ(format_rfc3339_utc(1'704'474'123'412'000), "2024-01-05T17:02:03.412000Z");
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_rfc3339_utc(1'704'474'123'000'001), "2024-01-05T17:02:03.000001Z");
}

TEST(TimestampFormat, BeforeEpoch) {
  EXPECT_EQ(format_rfc3339_utc(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_rfc3339_utc(-1'000'000), "1969-12-31T23:59:59.000000Z");
  EXPECT_EQ(format_rfc3339_utc(-1'000'001), "1969-12-31T23:59:58.999999Z");
  EXPECT_EQ(format_rfc3339_utc(-14'182'939'500'000), "1969-07-20T20:17:40.500000Z");
  EXPECT_EQ(format_rfc3339_utc(-62'167'219'200'000'000), "0000-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_rfc3339_utc(253'402'300'799'999'999), "9999-12-31T23:59:59.999999Z");
}

TEST(TimestampFormat, OutsideFourDigitYears) {
  // Expanded ISO 8601 years; only absurd inputs get here, but they must not crash.
  EXPECT_EQ(format_rfc3339_utc(-62'167'219'200'000'001), "-0001-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_rfc3339_utc(253'402'300'800'000'000), "+10000-01-01T00:00:00.000000Z");
  EXPECT_FALSE(format_rfc3339_utc(std::numeric_limits<std::int64_t>::min()).empty());
  EXPECT_FALSE(format_rfc3339_utc(std::numeric_limits<std::int64_t>::max()).empty());
  EXPECT_FALSE(
      format_rfc3339_offset(std::numeric_limits<std::int64_t>::min(), -23 * 60 - 59).empty());
  EXPECT_FALSE(
      format_rfc3339_offset(std::numeric_limits<std::int64_t>::max(), 23 * 60 + 59).empty());
  EXPECT_FALSE(format_rfc3339_offset(0, std::numeric_limits<std::int32_t>::min()).empty());
  EXPECT_FALSE(format_rfc3339_offset(0, std::numeric_limits<std::int32_t>::max()).empty());
}

TEST(TimestampFormat, Offset) {
  EXPECT_EQ(format_rfc3339_offset(1'704'474'123'412'000, -480), "2024-01-05T09:02:03.412000-08:00");
  EXPECT_EQ(format_rfc3339_offset(1'704'474'123'412'000, 60), "2024-01-05T18:02:03.412000+01:00");
  EXPECT_EQ(format_rfc3339_offset(1'704'474'123'412'000, 0), "2024-01-05T17:02:03.412000+00:00");
  EXPECT_EQ(format_rfc3339_offset(1'704'474'123'412'000, 330), "2024-01-05T22:32:03.412000+05:30");
  EXPECT_EQ(format_rfc3339_offset(1'704'474'123'412'000, -(23 * 60 + 59)),
            "2024-01-04T17:03:03.412000-23:59");
  // Crossing the epoch backwards with an offset.
  EXPECT_EQ(format_rfc3339_offset(0, -60), "1969-12-31T23:00:00.000000-01:00");
  EXPECT_EQ(format_rfc3339_offset(-1, 90), "1970-01-01T01:29:59.999999+01:30");
}

TEST(TimestampRoundTrip, FormatThenParse) {
  const std::int64_t values[] = {0,
                                 1,
                                 -1,
                                 1'704'474'123'412'000,
                                 -14'182'939'500'000,
                                 -62'167'219'200'000'000,
                                 253'402'300'799'999'999,
                                 951'782'400'000'000,
                                 -2'203'891'200'123'457};
  for (const std::int64_t us : values) {
    SCOPED_TRACE(us);
    const timestamp utc = parse_ok(format_rfc3339_utc(us));
    EXPECT_EQ(utc.us, us);
    EXPECT_EQ(utc.fraction_digits, 6);
    EXPECT_TRUE(utc.has_zone);
    for (const std::int32_t off : {-23 * 60 - 59, -480, -1, 0, 1, 60, 330, 23 * 60 + 59}) {
      SCOPED_TRACE(off);
      const std::string text = format_rfc3339_offset(us, off);
      // Local times past 9999 or before 0000 are outside what the parser reads.
      if (text.front() == '+' || text.front() == '-') continue;
      const timestamp local = parse_ok(text);
      EXPECT_EQ(local.us, us);
      EXPECT_EQ(local.offset_minutes, off);
    }
  }
}

TEST(TimestampRoundTrip, ParseThenFormat) {
  const timestamp ts = parse_ok("2024-01-05T17:02:03.412-08:00");
  EXPECT_EQ(format_rfc3339_offset(ts.us, ts.offset_minutes), "2024-01-05T17:02:03.412000-08:00");
  EXPECT_EQ(format_rfc3339_utc(ts.us), "2024-01-06T01:02:03.412000Z");
}

TEST(TimestampRoundTrip, EveryDayOfSomeYears) {
  // Walks day by day across leap and non-leap years, including 1900 and 2000.
  for (const std::int64_t year : {0, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 9999}) {
    const std::int64_t first = days_from_civil(year, 1, 1);
    const std::int64_t next = days_from_civil(year + 1, 1, 1);
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    EXPECT_EQ(next - first, leap ? 366 : 365) << year;
    for (std::int64_t d = first; d < next; ++d) {
      const std::int64_t us = d * 86'400'000'000 + 45'296'789'012;  // 12:34:56.789012
      const std::string text = format_rfc3339_utc(us);
      std::string why;
      const auto ts = parse_timestamp(text, &why);
      ASSERT_TRUE(ts.has_value()) << text << ": " << why;
      ASSERT_EQ(ts->us, us) << text;
    }
  }
}

}  // namespace
}  // namespace harfact::har
