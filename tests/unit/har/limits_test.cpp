// The reader's limits against hostile captures (testdata/bad/README.md): the
// entry count, nesting in log members and at the top level, NUL characters,
// dates outside any plausible clock, and the missing-member message.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harfact/har/reader.hpp"
#include "test_support.hpp"

namespace harfact::har {
namespace {

std::string entry_json(int i, std::string_view started = "2026-05-04T10:00:00Z") {
  return fmt::format(
      R"({{"startedDateTime":"{}","time":1,"request":{{"method":"GET","url":"https://a.test/{}",)"
      R"("httpVersion":"h2","headers":[],"queryString":[],"cookies":[],"headersSize":-1,)"
      R"("bodySize":0}},"response":{{"status":200,"statusText":"","httpVersion":"h2","headers":[],)"
      R"("cookies":[],"content":{{"size":0,"mimeType":""}},"redirectURL":"","headersSize":-1,)"
      R"("bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":0,"receive":0}}}})",
      started, i);
}

// `n` entries; `odd` puts a scalar first, which sends the split to the exact
// (not the block) path.
std::string capture(int n, bool odd = false, std::string_view after = "") {
  std::string har = R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)";
  if (odd) har += "42,";
  for (int i = 0; i < n; ++i) {
    if (i > 0) har += ',';
    har += entry_json(i);
  }
  har += "]";
  har += after;
  har += "}}";
  return har;
}

struct read_result {
  std::vector<std::uint64_t> indexes;
  std::vector<diagnostic> diags;
  read_status status = read_status::complete;
  bool error = false;
};

read_result read(const std::string& text, const reader_options& o) {
  read_result out;
  auto r = reader::open_memory(text, "limits.har", o);
  if (!r) {
    ADD_FAILURE() << r.error().message;
    return out;
  }
  entry e;
  for (;;) {
    auto more = (*r)->next(e);
    if (!more) {
      out.error = true;
      break;
    }
    if (!*more) break;
    out.indexes.push_back(e.index);
  }
  out.diags = (*r)->diagnostics().kept();
  out.status = (*r)->summary().status;
  return out;
}

const diagnostic* find(const read_result& r, diag code) {
  for (const auto& d : r.diags) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

TEST(ReaderLimits, EntriesPastMaxEntriesAreCountedNotRead) {
  for (const bool odd : {false, true}) {
    SCOPED_TRACE(odd ? "exact path" : "block path");
    reader_options o;
    o.max_entries = 25;
    // Pages after the entries are still read: the split goes on counting.
    const auto r = read(capture(40, odd,
                                R"(,"pages":[{"id":"p","title":"t",)"
                                R"("startedDateTime":"2026-05-04T10:00:00Z",)"
                                R"("pageTimings":{}}])"),
                        o);
    EXPECT_FALSE(r.error);
    ASSERT_EQ(r.indexes.size(), odd ? 24U : 25U);  // "42" takes index 0 and a place
    EXPECT_EQ(r.indexes.back(), 24U);
    EXPECT_EQ(r.status, read_status::salvaged);
    const diagnostic* d = find(r, diag::limit_exceeded);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->level, severity::error);
    EXPECT_EQ(d->entry_index, 25);
    EXPECT_EQ(d->json_pointer, "/log/entries/25");
    EXPECT_EQ(d->message, fmt::format("log.entries holds {} entries, over the limit of 25 "
                                      "(--max-entries); entries 25 and after were not read",
                                      odd ? 41 : 40));
  }
}

TEST(ReaderLimits, ExactlyMaxEntriesIsComplete) {
  reader_options o;
  o.max_entries = 40;
  const auto r = read(capture(40), o);
  EXPECT_EQ(r.indexes.size(), 40U);
  EXPECT_EQ(r.status, read_status::complete);
  EXPECT_EQ(find(r, diag::limit_exceeded), nullptr);
}

TEST(ReaderLimits, ZeroEntriesAllowedReadsNone) {
  reader_options o;
  o.max_entries = 0;
  const auto r = read(capture(3), o);
  EXPECT_TRUE(r.indexes.empty());
  EXPECT_EQ(r.status, read_status::salvaged);
  ASSERT_NE(find(r, diag::limit_exceeded), nullptr);
}

TEST(ReaderLimits, ATruncatedCapturePastTheLimitSaysAtLeast) {
  reader_options o;
  o.max_entries = 2;
  std::string text = capture(5);
  text.resize(text.size() - 40);  // inside the last entry
  const auto r = read(text, o);
  EXPECT_TRUE(r.error);  // the truncation is still delivered after the entries
  EXPECT_EQ(r.indexes.size(), 2U);
  const diagnostic* d = find(r, diag::limit_exceeded);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("holds 4 or more entries"), std::string::npos) << d->message;
}

TEST(ReaderLimits, DeepLogAndTopLevelMembersAreIgnoredWithALimitDiagnostic) {
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  const std::string in_log = capture(2, false, R"(,"_vendor":)" + deep);
  const std::string top = R"({"_before":)" + deep + "," + capture(2).substr(1);
  for (const auto& [text, pointer] :
       {std::pair{in_log, std::string("/log/_vendor")}, std::pair{top, std::string("/_before")}}) {
    const auto r = read(text, {});
    EXPECT_EQ(r.indexes.size(), 2U);
    const diagnostic* d = find(r, diag::limit_exceeded);
    ASSERT_NE(d, nullptr) << pointer;
    EXPECT_EQ(d->json_pointer, pointer);
    EXPECT_EQ(d->message, pointer +
                              " nests more than 512 levels deep, over the limit "
                              "(--max-depth); it was ignored");
    EXPECT_EQ(find(r, diag::invalid_member), nullptr);
  }
}

TEST(ReaderLimits, NulCharactersInHttpFieldsAreFlagged) {
  std::string e = entry_json(0);
  e.replace(e.find("https://a.test/0"), 16, R"(https://a.test/\u0000x)");
  e.replace(e.find(R"("headers":[])"), 12,
            R"("headers":[{"name":"x","value":"a\u0000b"},{"name":"ok","value":"a\u0001b"}])");
  const std::string text =
      R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)" + e + "]}}";
  const auto r = read(text, {});
  ASSERT_EQ(r.indexes.size(), 1U);
  std::vector<std::string> pointers;
  for (const auto& d : r.diags) {
    if (d.code == diag::nul_character) pointers.push_back(d.json_pointer);
  }
  // U+0001 is not flagged: only NUL, which HTTP forbids outright.
  EXPECT_EQ(pointers, (std::vector<std::string>{"/log/entries/0/request/url",
                                                "/log/entries/0/request/headers/0/value"}));
  EXPECT_EQ(r.status, read_status::complete);
}

TEST(ReaderLimits, DatesOutsideAnyPlausibleClockAreFlagged) {
  for (const auto& [started, flagged] :
       {std::pair{"1970-01-01T00:00:00Z", true}, std::pair{"1999-12-31T23:59:59Z", true},
        std::pair{"2000-01-01T00:00:00Z", false}, std::pair{"2099-12-31T23:59:59Z", false},
        std::pair{"2100-01-01T00:00:00Z", true}, std::pair{"9999-12-31T23:59:59Z", true}}) {
    const std::string text =
        R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)" +
        entry_json(0, started) + "]}}";
    const auto r = read(text, {});
    const diagnostic* d = find(r, diag::absurd_value);
    EXPECT_EQ(d != nullptr, flagged) << started;
    if (d != nullptr) {
      EXPECT_EQ(d->message, fmt::format("/log/entries/0/startedDateTime \"{}\" is not between "
                                        "the years 2000 and 2100: the capturing machine's clock "
                                        "was wrong or the entry was edited",
                                        started));
    }
  }
}

TEST(ReaderLimits, AMissingLogMemberIsNamedInTheMessage) {
  // The message was once built after the pointer had been moved from.
  const auto r = read(R"({"log":{"version":"1.2","entries":[]}})", {});
  const diagnostic* d = find(r, diag::missing_field);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->json_pointer, "/log/creator");
  EXPECT_EQ(d->message, "/log/creator is missing (required by HAR 1.2)");
}

}  // namespace
}  // namespace harfact::har

namespace harfact::har {
namespace {

TEST(ReaderLimits, AUrlLongerThanAnyBrowserSendsIsFlagged) {
  for (const std::size_t extra : {std::size_t{0}, std::size_t{1}}) {
    std::string e = entry_json(0);
    const std::string url =
        "https://a.test/" + std::string((std::size_t{2} << 20) - 15 + extra, 'a');
    e.replace(e.find("https://a.test/0"), 16, url);
    const auto r = read(
        R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)" + e + "]}}",
        {});
    ASSERT_EQ(r.indexes.size(), 1U);
    const diagnostic* d = find(r, diag::absurd_value);
    EXPECT_EQ(d != nullptr, extra == 1) << url.size();
    if (d != nullptr) {
      EXPECT_EQ(d->message,
                "/log/entries/0/request/url is 2097153 bytes long, over the 2 MiB any "
                "browser sends");
    }
  }
}

}  // namespace
}  // namespace harfact::har
