// The first-pass scanner and the strict JSON checker (internal components).
#include "har/scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace harfact::har::detail {
namespace {

std::size_t skip(const std::string& s, std::size_t pos = 0) {
  scan_failure f;
  return scanner(s.data(), s.size()).skip_value(pos, f);
}

TEST(Scanner, StringsWithEscapesAtEveryAlignment) {
  // The SIMD loop looks at 16 bytes at a time: put the escape and the closing
  // quote at every position around a block boundary.
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string s = "\"" + std::string(pad, 'a') + "\\\"x\\\\\"" + " tail";
    bool escaped = false;
    const std::size_t end = scanner(s.data(), s.size()).skip_string(0, &escaped);
    EXPECT_EQ(end, pad + 7) << pad;
    EXPECT_TRUE(escaped);
  }
  const std::string open = "\"never closed \\\"";
  EXPECT_EQ(scanner(open.data(), open.size()).skip_string(0), npos);
  const std::string backslash_at_end = "\"abc\\";
  EXPECT_EQ(scanner(backslash_at_end.data(), backslash_at_end.size()).skip_string(0), npos);
}

TEST(Scanner, ValuesContainersMismatchesAndEof) {
  EXPECT_EQ(skip(R"({"a":[1,{"b":"]}"}],"c":null} rest)"), 29u);
  EXPECT_EQ(skip("123.5e3,"), 7u);
  EXPECT_EQ(skip("true]"), 4u);
  scan_failure f;
  const std::string mismatch = R"({"a":[1,2}})";
  EXPECT_EQ(scanner(mismatch.data(), mismatch.size()).skip_value(0, f), npos);
  EXPECT_EQ(f.what, scan_failure::kind::mismatch);
  EXPECT_EQ(f.offset, 9u);
  const std::string cut = R"({"a":[1,2)";
  EXPECT_EQ(scanner(cut.data(), cut.size()).skip_value(0, f), npos);
  EXPECT_EQ(f.what, scan_failure::kind::eof);
  const std::string number_at_end = "12";
  EXPECT_EQ(scanner(number_at_end.data(), number_at_end.size()).skip_value(0, f), npos);
  EXPECT_EQ(f.what, scan_failure::kind::eof);
}

TEST(Scanner, ReportsTheDeepestNestingEvenPastItsStack) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  scan_failure f;
  std::uint32_t depth = 0;
  EXPECT_EQ(scanner(deep.data(), deep.size()).skip_value(0, f, &depth), deep.size());
  EXPECT_EQ(depth, 5000u);
}

TEST(CheckJson, AcceptsValidAndLocatesTheFirstError) {
  EXPECT_TRUE(check_json(R"({"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]})", 64).ok);
  auto r = check_json(R"({"a":1 "b":2})", 64);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.offset, 7u);
  EXPECT_EQ(r.message, "expected ',' or '}' after an object member");
  r = check_json("[1,]", 64);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.offset, 3u);
  r = check_json("[01]", 64);
  EXPECT_FALSE(r.ok);
  r = check_json("\"tab\tinside\"", 64);
  EXPECT_EQ(r.message, "unescaped control character in a string");
  r = check_json("\"\xc0\xaf\"", 64);
  EXPECT_EQ(r.message, "invalid UTF-8 in a string");
  r = check_json("[[[1]]]", 2);
  EXPECT_TRUE(r.too_deep);
  r = check_json(R"({"a":)", 64);
  EXPECT_TRUE(r.eof);
}

TEST(Unescape, DecodesEveryEscapeAndSurrogates) {
  std::string out;
  ASSERT_TRUE(unescape_json(R"(a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00)", out));
  EXPECT_EQ(out, "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  out.clear();
  ASSERT_TRUE(unescape_json(R"(\ud800x\udc00)", out));
  EXPECT_EQ(out, "\xef\xbf\xbdx\xef\xbf\xbd");
  out.clear();
  EXPECT_FALSE(unescape_json(R"(bad\x)", out));
  EXPECT_EQ(find_bad_escape(R"(ok\n\u12G4)"), 4u);
  EXPECT_EQ(find_bad_escape(R"(ok\n\u1234)"), npos);
  EXPECT_EQ(find_bad_escape("trailing\\"), 8u);
}

}  // namespace
}  // namespace harfact::har::detail

namespace harfact::har::detail {
namespace {

// Element spans by the exact path: skip_value element by element.
std::vector<span> split_slowly(const std::string& s) {
  std::vector<span> out;
  const scanner sc(s.data(), s.size());
  std::size_t i = sc.skip_ws(1);
  while (i < s.size() && s[i] != ']') {
    scan_failure f;
    std::uint32_t depth = 0;
    const std::size_t end = sc.skip_value(i, f, &depth);
    if (end == npos) break;
    out.push_back(span{i, end, depth});
    i = sc.skip_ws(end);
    if (i < s.size() && s[i] == ',') i = sc.skip_ws(i + 1);
  }
  return out;
}

// Random arrays of objects whose strings hold quotes, backslash runs and
// brackets at every alignment: the block scanner finds the same spans.
TEST(SplitArray, AgreesWithTheExactPathOnRandomArrays) {
  std::uint64_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(seed >> 33);
  };
  const std::vector<std::string> pieces{"\\\"", "\\\\", "\\\\\\\"", "[",   "]",        "{",
                                        "}",    "x",    "\\n",      "abc", "\\\\\\\\", " "};
  std::size_t clean = 0;
  for (int round = 0; round < 300; ++round) {
    std::string s = "[";
    const unsigned elements = next() % 6;
    for (unsigned e = 0; e < elements; ++e) {
      if (e > 0) s += next() % 2 ? ", " : ",\n";
      s += "{\"k\":\"";
      const unsigned n = next() % 40;
      for (unsigned k = 0; k < n; ++k) s += pieces[next() % pieces.size()];
      s += "\",\"a\":[1,{\"b\":[]}],\"z\":null}";
    }
    s += "]";
    s += std::string(next() % 70, ' ');
    const auto slow = split_slowly(s);
    for (const bool avx2 : {true, false}) {  // the AVX2 and the portable classifier
      std::vector<span> fast;
      std::size_t resume = 0;
      const std::size_t end =
          scanner(s.data(), s.size()).split_array(0, fast, resume, nullptr, nullptr, 1 << 20, avx2);
      ASSERT_NE(end, npos) << s;
      EXPECT_EQ(s[end - 1], ']');
      ASSERT_EQ(fast.size(), slow.size()) << s;
      for (std::size_t i = 0; i < fast.size(); ++i) {
        EXPECT_EQ(fast[i].begin, slow[i].begin) << s;
        EXPECT_EQ(fast[i].end, slow[i].end) << s;
        EXPECT_EQ(fast[i].depth, slow[i].depth) << s;
        // "No backslash" is only ever claimed when it is true.
        if (!fast[i].escapes) {
          ++clean;
          EXPECT_EQ(s.substr(fast[i].begin, fast[i].size()).find('\\'), std::string::npos);
        }
      }
    }
  }
  EXPECT_GT(clean, 10u);  // the flag is really set for entries without backslashes
}

TEST(SplitArray, HandsOverAtAnythingUnusual) {
  auto stops = [](const std::string& s, std::size_t expected_resume, std::size_t recorded) {
    std::vector<span> out;
    std::size_t resume = 0;
    EXPECT_EQ(scanner(s.data(), s.size()).split_array(0, out, resume), npos) << s;
    EXPECT_EQ(resume, expected_resume) << s;
    EXPECT_EQ(out.size(), recorded) << s;
  };
  stops(R"([{"a":1}, 5, {"b":2}])", 8, 1);  // a scalar element
  stops(R"([{"a":1} {"b":2}])", 8, 1);      // a missing comma
  stops(R"([{"a":1},{"b":[2}])", 8, 1);     // a mismatched bracket
  stops(R"([{"a":1},{"b":"cut)", 8, 1);     // the end of the input
  stops(R"([{"a":1},])", 8, 1);             // a trailing comma
  std::vector<span> out;
  std::size_t resume = 0;
  const std::string empty = "[ \n ]";
  EXPECT_EQ(scanner(empty.data(), empty.size()).split_array(0, out, resume), empty.size());
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace harfact::har::detail
