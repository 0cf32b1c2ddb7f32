// Tests for decompression in harfact::io::input: formats, multi-member and
// multi-frame streams, corrupt and truncated data, size and ratio limits.
#include <gtest/gtest.h>

#include <string>

#include "harfact/io/input.hpp"
#include "io_test_helpers.hpp"

namespace harfact::io {
namespace {

using namespace harfact::io::test;

// Varied, mildly compressible JSON-ish text of about `size` bytes.
std::string sample_text(std::size_t size) {
  std::string s = "{\"log\":{\"entries\":[";
  for (std::size_t i = 0; s.size() < size; ++i) {
    s += "{\"n\":" + std::to_string(i * 2654435761u % 1000003) + "},";
  }
  s += "{}]}}";
  return s;
}

struct format_case {
  const char* name;
  compression kind;
  std::string (*pack)(std::string_view);
};

std::string pack_gzip(std::string_view s) { return gzip(s); }
std::string pack_zlib(std::string_view s) { return zlib(s); }
std::string pack_zstd(std::string_view s) { return zstd(s); }

class Formats : public ::testing::TestWithParam<format_case> {};

TEST_P(Formats, DecompressesAndHashesBothSides) {
  const std::string text = sample_text(3 << 20);  // several chunks, several buffer growths
  const std::string packed = GetParam().pack(text);
  auto in = must_load(packed);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->compression_kind(), GetParam().kind);
  EXPECT_EQ(in->encoding_kind(), encoding::utf8);
  EXPECT_FALSE(in->mapped());
  EXPECT_EQ(in->text(), text);
  EXPECT_TRUE(zero_padded(*in));
  EXPECT_EQ(in->input_bytes(), packed.size());
  EXPECT_EQ(in->text_bytes(), text.size());
  EXPECT_EQ(in->sha256_input(), sha256::of(packed));
  EXPECT_EQ(in->sha256_text(), sha256::of(text));
  EXPECT_EQ(in->label(), "mem.har");
}

TEST_P(Formats, TruncatedStreamIsDecompressError) {
  const std::string packed = GetParam().pack(sample_text(100'000));
  const std::string cut = packed.substr(0, packed.size() - 10);
  auto r = input::from_memory(cut, "cut.har.x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
  EXPECT_EQ(r.error().where.file, "cut.har.x");
  EXPECT_NE(r.error().message.find("byte " + std::to_string(cut.size())), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(r.error().hint.empty());
}

TEST_P(Formats, EmptyTextIsEmptyInput) {
  auto r = input::from_memory(GetParam().pack(""), "nothing");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::empty_input);
}

INSTANTIATE_TEST_SUITE_P(Input, Formats,
                         ::testing::Values(format_case{"gzip", compression::gzip, pack_gzip},
                                           format_case{"zlib", compression::zlib, pack_zlib},
                                           format_case{"zstd", compression::zstd, pack_zstd}),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(InputDecompress, ConcatenatedGzipMembersAreAllRead) {
  const std::string a = "{\"first\":";
  const std::string b = sample_text(300'000);
  const std::string c = "}";
  const std::string packed = gzip(a) + gzip(b) + gzip(c);
  auto in = must_load(packed);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text(), a + b + c);
  EXPECT_EQ(in->sha256_input(), sha256::of(packed));
  EXPECT_EQ(in->sha256_text(), sha256::of(a + b + c));
}

TEST(InputDecompress, GzipTrailingZeroPaddingIsIgnored) {
  auto in = must_load(gzip("{}") + std::string(300'000, '\0'));  // spans chunks
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text(), "{}");
}

TEST(InputDecompress, GzipTrailingGarbageIsDecompressError) {
  auto r = input::from_memory(gzip("{}") + "garbage");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
}

TEST(InputDecompress, GzipMemberThenZlibStreamIsRefused) {
  // Only the first member is auto-detected; later ones must be gzip.
  auto r = input::from_memory(gzip("{") + zlib("}"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
}

TEST(InputDecompress, ZlibTrailingDataIsDecompressError) {
  const std::string packed = zlib("{}");
  auto r = input::from_memory(packed + "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
  EXPECT_NE(r.error().message.find("byte " + std::to_string(packed.size())), std::string::npos)
      << r.error().message;
}

TEST(InputDecompress, ConcatenatedZstdFramesAreAllRead) {
  auto in = must_load(zstd("{\"a\":") + zstd("[1,2,3]") + zstd("}"));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text(), "{\"a\":[1,2,3]}");
}

TEST(InputDecompress, CorruptGzipIsDecompressErrorWithOffset) {
  std::string packed = gzip(sample_text(200'000));
  for (std::size_t i = 100; i < 140; ++i) packed[i] = static_cast<char>(packed[i] ^ 0x5a);
  auto r = input::from_memory(packed, "bad.har.gz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
  EXPECT_EQ(r.error().where.file, "bad.har.gz");
  EXPECT_NE(r.error().message.find("gzip"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("near byte"), std::string::npos) << r.error().message;
}

TEST(InputDecompress, CorruptGzipCrcIsDecompressError) {
  std::string packed = gzip("{\"x\":1}");
  packed[packed.size() - 6] = static_cast<char>(packed[packed.size() - 6] ^ 1);  // CRC32 field
  auto r = input::from_memory(packed);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
}

TEST(InputDecompress, CorruptZstdIsDecompressError) {
  std::string packed = zstd(sample_text(200'000));
  for (std::size_t i = 20; i < 60; ++i) packed[i] = static_cast<char>(packed[i] ^ 0x5a);
  auto r = input::from_memory(packed);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::decompress);
  EXPECT_NE(r.error().message.find("zstd"), std::string::npos) << r.error().message;
}

TEST(InputDecompress, MagicIsCheckedExactly) {
  // 'x' 'y' fails the zlib header check (0x7879 % 31 != 0): plain text.
  auto in = must_load("xy{}");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->compression_kind(), compression::none);
  // A lone gzip magic byte is not enough either.
  auto one = must_load("\x1f");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->compression_kind(), compression::none);
}

TEST(InputDecompress, MaxBytesLimitsDecompressedSize) {
  const std::string text = sample_text(10'000);
  input_options o;
  o.max_bytes = 1000;
  auto r = input::from_memory(gzip(text), "big.har.gz", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
  EXPECT_EQ(r.error().where.file, "big.har.gz");
  EXPECT_NE(r.error().message.find("1000"), std::string::npos) << r.error().message;
  o.max_bytes = text.size();  // exactly at the limit is fine
  EXPECT_TRUE(input::from_memory(zstd(text), "ok", o));
  o.max_bytes = text.size() - 1;
  auto z = input::from_memory(zstd(text), "over", o);
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code, errc::too_large);
}

TEST(InputDecompress, MaxBytesLimitsPlainInMemoryInput) {
  input_options o;
  o.max_bytes = 3;
  auto r = input::from_memory("{ }\n", "mem", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
}

// The ratio limit starts at 64 MiB of output, so the bombs must expand past it.
const std::string& zeros() {
  static const std::string z(80u << 20, '\0');
  return z;
}

TEST(InputDecompress, ZstdBombIsRefusedAtTheDefaultRatio) {
  auto r = input::from_memory(zstd(zeros(), 1), "bomb.zst");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
  EXPECT_NE(r.error().message.find("decompression bomb"), std::string::npos) << r.error().message;
}

TEST(InputDecompress, GzipBombIsRefusedAtTheDefaultRatio) {
  // deflate cannot exceed about 1032:1; the default limit is 250:1.
  auto r = input::from_memory(gzip(zeros(), 9), "bomb.gz");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::too_large);
  EXPECT_NE(r.error().message.find("decompression bomb"), std::string::npos) << r.error().message;
}

TEST(InputDecompress, HighRatioBelowThresholdIsAccepted) {
  const std::string small(1u << 20, ' ');  // 1 MiB of spaces: ratio far over 250, size small
  auto in = must_load(zstd("{}" + small));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text_bytes(), small.size() + 2);
}

TEST(InputDecompress, HighRatioAllowedWhenMaxRatioIsRaised) {
  input_options o;
  o.max_ratio = 1'000'000;
  auto in = must_load(zstd(zeros(), 1), o);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->text_bytes(), zeros().size());
}

TEST(InputDecompress, RandomCorruptionFailsCleanly) {
  // Damaged captures are common in the field: every mutation must either decode
  // or come back as an error, never crash (the sanitizer build checks memory).
  const std::string text = sample_text(20'000);
  const std::string originals[] = {gzip(text), zlib(text), zstd(text)};
  std::uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  int failures = 0;
  for (const std::string& original : originals) {
    for (int round = 0; round < 200; ++round) {
      std::string damaged = original;
      for (int k = 0; k < 3; ++k) {
        damaged[next() % damaged.size()] = static_cast<char>(next() >> 24);
      }
      if (round % 4 == 0) damaged.resize(next() % damaged.size());
      auto r = input::from_memory(damaged);
      if (r) continue;
      ++failures;
      const errc code = r.error().code;
      EXPECT_TRUE(code == errc::decompress || code == errc::empty_input ||
                  code == errc::unsupported_encoding)
          << errc_name(code) << ": " << r.error().message;
    }
  }
  EXPECT_GT(failures, 300);  // most damage must be noticed (CRCs, checksums, structure)
}

TEST(InputNames, CompressionAndEncodingNamesAreStable) {
  EXPECT_EQ(compression_name(compression::none), "none");
  EXPECT_EQ(compression_name(compression::gzip), "gzip");
  EXPECT_EQ(compression_name(compression::zlib), "zlib");
  EXPECT_EQ(compression_name(compression::zstd), "zstd");
  EXPECT_EQ(encoding_name(encoding::utf8), "utf-8");
  EXPECT_EQ(encoding_name(encoding::utf8_bom), "utf-8-bom");
  EXPECT_EQ(encoding_name(encoding::utf16le), "utf-16le");
  EXPECT_EQ(encoding_name(encoding::utf16be), "utf-16be");
}

}  // namespace
}  // namespace harfact::io
