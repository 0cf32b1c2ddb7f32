// The umbrella header compiles on its own and exposes the version.
#include <gtest/gtest.h>

#include "harfact/harfact.hpp"

TEST(Umbrella, VersionAndErrorNamesAreStable) {
  EXPECT_EQ(harfact::tool_version(), HARFACT_VERSION_STRING);
  EXPECT_FALSE(harfact::simdjson_implementation().empty());
  EXPECT_EQ(harfact::errc_name(harfact::errc::truncated), "truncated");
  EXPECT_EQ(harfact::errc_name(harfact::errc::not_a_har), "not_a_har");
  EXPECT_EQ(harfact::diag_name(harfact::diag::limit_exceeded), "limit_exceeded");
  EXPECT_EQ(harfact::diag_name(harfact::diag::missing_field), "missing_field");
  // Codes are append-only: their numbers never change.
  EXPECT_EQ(static_cast<int>(harfact::errc::invalid_json), 8);
  EXPECT_EQ(static_cast<int>(harfact::diag::invalid_entry), 10);
}

TEST(Describe, NamesEveryKnownPartOfALocation) {
  harfact::location where;
  where.file = "x.har";
  where.line = 3;
  where.column = 7;
  where.byte_offset = 42;
  where.entry_index = 2;
  where.json_pointer = "/log/entries/2";
  EXPECT_EQ(harfact::describe(where), "x.har:3:7 (byte 42, entry 2, /log/entries/2)");
  EXPECT_EQ(harfact::describe(harfact::location{}), "");
}

TEST(Diagnostics, CapPerCodeAndCountBySeverity) {
  harfact::diagnostics d(2);
  for (int i = 0; i < 5; ++i) {
    d.add({harfact::diag::out_of_order, harfact::severity::warning, "m", i, "", 0});
  }
  d.add({harfact::diag::invalid_entry, harfact::severity::error, "m", 1, "", 0});
  EXPECT_EQ(d.kept().size(), 3u);
  EXPECT_EQ(d.count(harfact::diag::out_of_order), 5u);
  EXPECT_EQ(d.count(harfact::severity::warning), 5u);
  EXPECT_EQ(d.count(harfact::severity::error), 1u);
  EXPECT_EQ(d.total(), 6u);
  EXPECT_EQ(d.dropped(), 3u);
}
