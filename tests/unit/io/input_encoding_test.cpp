// Tests for text encodings in harfact::io::input: UTF-8 BOM, UTF-16 detection
// and transcoding, and the refusal of UTF-32.
#include <gtest/gtest.h>

#include <string>

#include "harfact/io/input.hpp"
#include "io_test_helpers.hpp"

namespace harfact::io {
namespace {

using namespace harfact::io::test;

// {"s":"é€😀"}: a 2-byte, a 3-byte and a 4-byte (surrogate pair) character.
constexpr std::u16string_view k_units = u"{\"s\":\"\u00e9\u20ac\U0001F600\"}";
constexpr std::string_view k_utf8 = "{\"s\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}";

TEST(InputEncoding, PlainUtf8) {
  auto in = must_load(k_utf8);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->encoding_kind(), encoding::utf8);
  EXPECT_EQ(in->bom_size(), 0u);
  EXPECT_EQ(in->text(), k_utf8);
}

TEST(InputEncoding, Utf8BomIsReportedAndKept) {
  const std::string bytes = "\xef\xbb\xbf{}";
  auto in = must_load(bytes);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->encoding_kind(), encoding::utf8_bom);
  EXPECT_EQ(in->bom_size(), 3u);
  EXPECT_EQ(in->text(), bytes);
}

struct utf16_case {
  const char* name;
  bool big_endian;
  bool bom;
  std::u16string_view leading;  // whitespace before the first `{`
};

class Utf16 : public ::testing::TestWithParam<utf16_case> {};

TEST_P(Utf16, IsTranscodedToUtf8) {
  const auto& c = GetParam();
  const std::string bytes =
      utf16(std::u16string(c.leading) + std::u16string(k_units), c.big_endian, c.bom);
  auto in = must_load(bytes);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->encoding_kind(), c.big_endian ? encoding::utf16be : encoding::utf16le);
  EXPECT_EQ(in->bom_size(), 0u);  // the UTF-16 BOM is dropped
  EXPECT_EQ(in->text(), std::string(c.leading.size(), ' ') + std::string(k_utf8));
  EXPECT_TRUE(zero_padded(*in));
  EXPECT_EQ(in->text_bytes(), bytes.size());
  // Both digests are over the bytes as found, before transcoding.
  EXPECT_EQ(in->sha256_text(), sha256::of(bytes));
  EXPECT_EQ(in->sha256_input(), sha256::of(bytes));
}

TEST_P(Utf16, IsRefusedWhenTranscodingIsOff) {
  const auto& c = GetParam();
  input_options o;
  o.transcode_utf16 = false;
  auto r = input::from_memory(utf16(k_units, c.big_endian, c.bom), "u16.har", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported_encoding);
  EXPECT_EQ(r.error().where.file, "u16.har");
  EXPECT_NE(r.error().message.find("UTF-16"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().hint.find("iconv -f UTF-16 -t UTF-8"), std::string::npos) << r.error().hint;
}

INSTANTIATE_TEST_SUITE_P(Input, Utf16,
                         ::testing::Values(utf16_case{"le_bom", false, true, u""},
                                           utf16_case{"le_no_bom", false, false, u""},
                                           utf16_case{"le_no_bom_after_space", false, false, u"  "},
                                           utf16_case{"be_bom", true, true, u""},
                                           utf16_case{"be_no_bom", true, false, u""},
                                           utf16_case{"be_no_bom_after_space", true, false, u" "}),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(InputEncoding, UnpairedSurrogatesBecomeReplacementCharacters) {
  // lone low, high followed by a non-surrogate, and a high at the very end
  const std::u16string units = {u'{', 0xdc00, 0xd800, u'a', u'}', 0xdbff};
  auto in = must_load(utf16(units, false, true));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text(),
            "{\xef\xbf\xbd\xef\xbf\xbd"
            "a}\xef\xbf\xbd");
}

TEST(InputEncoding, OddTrailingByteBecomesReplacementCharacter) {
  auto in = must_load(utf16(u"{}", false, true) + "x");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text(), "{}\xef\xbf\xbd");
}

TEST(InputEncoding, CompressedUtf16HashesTextBeforeTranscoding) {
  const std::string bytes = utf16(k_units, false, true);
  const std::string packed = gzip(bytes);
  auto in = must_load(packed);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->compression_kind(), compression::gzip);
  EXPECT_EQ(in->encoding_kind(), encoding::utf16le);
  EXPECT_EQ(in->text(), k_utf8);
  EXPECT_EQ(in->sha256_input(), sha256::of(packed));
  EXPECT_EQ(in->sha256_text(), sha256::of(bytes));
  EXPECT_EQ(in->text_bytes(), bytes.size());
}

TEST(InputEncoding, Utf32IsRefused) {
  const std::string cases[] = {
      std::string("\xff\xfe\0\0{\0\0\0}\0\0\0", 12),  // LE with BOM
      std::string("\0\0\xfe\xff\0\0\0{\0\0\0}", 12),  // BE with BOM
      std::string(" \0\0\0{\0\0\0}\0\0\0", 12),       // LE without BOM
      std::string("\0\0\0{\0\0\0}", 8),               // BE without BOM
  };
  for (const std::string& bytes : cases) {
    auto r = input::from_memory(bytes, "u32.har");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::unsupported_encoding);
    EXPECT_NE(r.error().message.find("UTF-32"), std::string::npos) << r.error().message;
    EXPECT_FALSE(r.error().hint.empty());
  }
}

}  // namespace
}  // namespace harfact::io
